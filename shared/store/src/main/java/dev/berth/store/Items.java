package dev.berth.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Small conversions between Java values and DynamoDB attribute values, shared by the item mappers. */
final class Items {

  static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  static AttributeValue bool(boolean value) {
    return AttributeValue.fromBool(value);
  }

  static AttributeValue ns(Collection<Integer> values) {
    return AttributeValue.fromNs(values.stream().map(String::valueOf).toList());
  }

  static AttributeValue ss(Collection<String> values) {
    return AttributeValue.fromSs(List.copyOf(values));
  }

  static AttributeValue time(Instant at) {
    return n(at.toEpochMilli());
  }

  static AttributeValue map(Map<String, AttributeValue> value) {
    return AttributeValue.fromM(value);
  }

  static <T> AttributeValue list(Collection<T> values, Function<T, Map<String, AttributeValue>> mapper) {
    return AttributeValue.fromL(values.stream().map(v -> AttributeValue.fromM(mapper.apply(v))).toList());
  }

  static AttributeValue strings(Collection<String> values) {
    return AttributeValue.fromL(values.stream().map(AttributeValue::fromS).toList());
  }

  /** Puts a value only when it is non-null (DynamoDB has no use for explicit nulls here). */
  static void put(Map<String, AttributeValue> item, String name, String value) {
    if (value != null) {
      item.put(name, s(value));
    }
  }

  static void put(Map<String, AttributeValue> item, String name, Integer value) {
    if (value != null) {
      item.put(name, n(value));
    }
  }

  static void put(Map<String, AttributeValue> item, String name, Instant value) {
    if (value != null) {
      item.put(name, time(value));
    }
  }

  static void putPorts(Map<String, AttributeValue> item, String name, Set<Integer> ports) {
    if (!ports.isEmpty()) {
      item.put(name, ns(ports));
    }
  }

  static String str(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null ? null : v.s();
  }

  static long num(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
  }

  static Integer optInt(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null || v.n() == null ? null : Integer.valueOf(v.n());
  }

  static boolean bool(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v != null && Boolean.TRUE.equals(v.bool());
  }

  static Instant time(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null || v.n() == null ? null : Instant.ofEpochMilli(Long.parseLong(v.n()));
  }

  static Set<Integer> ports(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    Set<Integer> out = new TreeSet<>();
    if (v != null && v.hasNs()) {
      v.ns().forEach(p -> out.add(Integer.valueOf(p)));
    }
    return out;
  }

  /** A string set attribute (SS), empty when absent. */
  static Set<String> stringSet(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    Set<String> out = new TreeSet<>();
    if (v != null && v.hasSs()) {
      out.addAll(v.ss());
    }
    return out;
  }

  static List<String> strings(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    if (v == null || !v.hasL()) {
      return null;
    }
    return v.l().stream().map(AttributeValue::s).toList();
  }

  static Map<String, AttributeValue> sub(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null || !v.hasM() ? null : v.m();
  }

  static <T> List<T> list(Map<String, AttributeValue> item, String name, Function<Map<String, AttributeValue>, T> mapper) {
    AttributeValue v = item.get(name);
    List<T> out = new ArrayList<>();
    if (v != null && v.hasL()) {
      v.l().forEach(e -> out.add(mapper.apply(e.m())));
    }
    return out;
  }

  static AttributeValue tags(List<dev.berth.model.Tag> tags) {
    return list(tags, t -> Map.of("key", s(t.key()), "value", s(t.value() == null ? "" : t.value())));
  }

  static List<dev.berth.model.Tag> tags(Map<String, AttributeValue> item) {
    return list(item, "tags", m -> new dev.berth.model.Tag(str(m, "key"), str(m, "value")));
  }

  /** Every item of one partition, read consistently, in sort-key order. */
  static <T> List<T> partition(software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamo, String table,
      String hashKey, String value, Function<Map<String, AttributeValue>, T> mapper) {
    List<T> out = new ArrayList<>();
    dynamo.queryPaginator(b -> b.tableName(table).consistentRead(true)
            .keyConditionExpression("#h = :h")
            .expressionAttributeNames(Map.of("#h", hashKey))
            .expressionAttributeValues(Map.of(":h", s(value))))
        .items().forEach(i -> out.add(mapper.apply(i)));
    return out;
  }

  static Map<String, AttributeValue> item() {
    return new HashMap<>();
  }

  private Items() {}
}
