package dev.berth.store;

import static dev.berth.store.Items.s;

import dev.berth.core.Config;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import javax.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The audit trail: one item per recorded call, partitioned by day and spread over {@link #SHARDS}
 * partitions per day so that recording never makes a hot item, sorted by time within each. Records
 * age out with the table's TTL ({@code expiresAt}). Lookups walk the days newest first and merge
 * the shards of each.
 */
@Singleton
public final class AuditStore {
  static final int SHARDS = 4;

  /** One recorded call: the lookup attributes, and the whole record as CloudTrail's JSON. */
  public record Entry(Instant eventTime, String eventId, String eventName, String username, String accessKeyId,
      boolean readOnly, List<String> resourceNames, String document) {
    String sortKey() {
      return eventTime.toString() + "#" + eventId;
    }
  }

  /** A lookup filter: attribute name (EventName, Username, AccessKeyId, ReadOnly, ResourceName) and value. */
  public record Filter(String attribute, String value) {}

  /** One page: entries newest first, and where the next page starts (null at the end). */
  public record Page(List<Entry> entries, String next) {}

  private final DynamoDbClient dynamo;
  private final String table;

  @Inject
  public AuditStore(DynamoDbClient dynamo, Config config) {
    this.dynamo = dynamo;
    this.table = config.auditTable();
  }

  public void put(Entry entry, Duration retention) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("bucket", s(day(entry.eventTime()) + "#" + Math.floorMod(entry.eventId().hashCode(), SHARDS)));
    item.put("event", s(entry.sortKey()));
    item.put("eventName", s(entry.eventName()));
    item.put("username", s(entry.username()));
    item.put("accessKeyId", s(entry.accessKeyId()));
    item.put("readOnly", s(Boolean.toString(entry.readOnly())));
    if (!entry.resourceNames().isEmpty()) {
      item.put("resourceNames", AttributeValue.fromSs(entry.resourceNames().stream().distinct().toList()));
    }
    item.put("document", s(entry.document()));
    item.put("expiresAt", Items.n(entry.eventTime().plus(retention).getEpochSecond()));
    dynamo.putItem(b -> b.tableName(table).item(item));
  }

  /**
   * Up to {@code max} entries between {@code start} and {@code end}, newest first, matching the filter
   * (or all), continuing after {@code after} (a previous page's {@code next}).
   */
  public Page lookup(Instant start, Instant end, Filter filter, int max, String after) {
    LocalDate first = LocalDate.ofInstant(start, ZoneOffset.UTC);
    LocalDate day = LocalDate.ofInstant(end, ZoneOffset.UTC);
    String upper = end.toString() + "#\uffff";
    if (after != null) {
      day = LocalDate.ofInstant(Instant.parse(after.substring(0, after.indexOf('#'))), ZoneOffset.UTC);
      upper = after;
    }
    List<Entry> out = new ArrayList<>();
    while (!day.isBefore(first) && out.size() < max) {
      List<Entry> ofDay = new ArrayList<>();
      for (int shard = 0; shard < SHARDS; shard++) {
        ofDay.addAll(query(day + "#" + shard, start.toString(), upper, filter, max - out.size()));
      }
      ofDay.sort(Comparator.comparing(Entry::sortKey).reversed());
      out.addAll(ofDay.subList(0, Math.min(ofDay.size(), max - out.size())));
      day = day.minusDays(1);
      upper = day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).toString();
    }
    String next = out.size() == max ? out.get(out.size() - 1).sortKey() : null;
    return new Page(out, next);
  }

  private List<Entry> query(String bucket, String lower, String upper, Filter filter, int max) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":b", s(bucket));
    values.put(":lo", s(lower));
    values.put(":hi", s(upper));
    QueryRequest.Builder request = QueryRequest.builder().tableName(table).scanIndexForward(false)
        .keyConditionExpression("bucket = :b AND event BETWEEN :lo AND :hi");
    if (filter != null) {
      values.put(":f", s(filter.value()));
      request.filterExpression(switch (filter.attribute()) {
        case "EventName" -> "eventName = :f";
        case "Username" -> "username = :f";
        case "AccessKeyId" -> "accessKeyId = :f";
        case "ReadOnly" -> "readOnly = :f";
        case "ResourceName" -> "contains(resourceNames, :f)";
        default -> throw new IllegalArgumentException("unknown lookup attribute " + filter.attribute());
      });
    }
    request.expressionAttributeValues(values);
    List<Entry> out = new ArrayList<>();
    for (var page : dynamo.queryPaginator(request.build())) {
      for (var item : page.items()) {
        // BETWEEN is inclusive; the upper bound is a previous page's last entry
        if (!item.get("event").s().equals(upper)) {
          out.add(toEntry(item));
        }
      }
      if (out.size() >= max) {
        break;
      }
    }
    return out;
  }

  private static Entry toEntry(Map<String, AttributeValue> item) {
    String key = item.get("event").s();
    int hash = key.indexOf('#');
    return new Entry(Instant.parse(key.substring(0, hash)), key.substring(hash + 1), item.get("eventName").s(),
        item.get("username").s(), item.get("accessKeyId").s(), Boolean.parseBoolean(item.get("readOnly").s()),
        item.containsKey("resourceNames") ? item.get("resourceNames").ss() : List.of(), item.get("document").s());
  }

  private static String day(Instant at) {
    return LocalDate.ofInstant(at, ZoneOffset.UTC).toString();
  }
}
