package dev.berth.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.protocol.ForeignArns;
import dev.berth.protocol.NumberLimits;
import dev.berth.protocol.RefusedMembers;
import dev.berth.protocol.ServiceModel;
import dev.berth.protocol.StringLimits;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * Requests generated from the service model. For each operation it builds a rich request, valid by
 * the model, with every member to a small depth filled (fixture names where a member names a
 * resource), then derives bad requests from it by changing one member: a wrong JSON type, an
 * invalid enum value, a number out of range, an over-long string, a lone surrogate, a foreign ARN,
 * or a required member left out. Each carries the error type ECS answers it with. Seeded, so a
 * failing case can be run again.
 */
final class RequestFuzzer {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int DEPTH = 4;
  static final String SERIALIZATION = "SerializationException";
  static final String INVALID = "InvalidParameterException";
  /**
   * Stand-ins for lone surrogates: Java cannot encode one into a UTF-8 body (it writes '?'), so the
   * body carries the JSON escape a client would send in its place.
   */
  private static final String HIGH = "@@HIGH@@";
  private static final String LOW = "@@LOW@@";

  /** One bad request and the {@code __type} it must be refused with. */
  record Case(String operation, String what, String body, String expected) {
    @Override
    public String toString() {
      return operation + ": " + what;
    }
  }

  /** A member in the rich request: where it is, its shape and the name it has in its parent. */
  record Site(List<Object> path, ServiceModel.Shape shape, String member, ServiceModel.Shape parent) {
    String shown() {
      StringBuilder s = new StringBuilder();
      for (Object p : path) {
        s.append(p instanceof Integer i ? "[" + i + "]" : (s.length() == 0 ? "" : ".") + p);
      }
      return s.toString();
    }
  }

  private final ServiceModel model = ServiceModel.get();
  private final Map<String, String> fixtures;
  private final String foreignPrefix;
  private final Random random;

  /**
   * {@code fixtures} maps member names (cluster, task, taskDefinition, ...) to the value a valid
   * request would carry; {@code foreignPrefix} is an ARN prefix of another region and account.
   */
  RequestFuzzer(Map<String, String> fixtures, String foreignPrefix, long seed) {
    this.fixtures = fixtures;
    this.foreignPrefix = foreignPrefix;
    this.random = new Random(seed);
  }

  /** The refusals (by path, RefusedMembers' form) of the operation a rich request is being built for. */
  private Map<String, RefusedMembers.Refusal> refused = Map.of();

  /**
   * A request of the operation that the model accepts, with members filled to a small depth; the
   * members Berth refuses ({@link RefusedMembers}) are left out, as a valid request of Berth's has them.
   */
  ObjectNode rich(String operation, List<Site> sites) {
    refused = new java.util.HashMap<>();
    RefusedMembers.of(operation).forEach(r -> refused.put(r.path(), r));
    return structure(model.input(operation), new ArrayList<>(), 0, sites);
  }

  /** A path in RefusedMembers' form: {@code a.b[].c}. */
  private static String refusalPath(List<Object> path) {
    StringBuilder s = new StringBuilder();
    for (Object p : path) {
      if (p instanceof Integer) {
        s.append("[]");
      } else {
        s.append(s.length() == 0 ? "" : ".").append(p);
      }
    }
    return s.toString();
  }

  /** Up to {@code budget} bad requests of the operation, drawn at random from every kind. */
  List<Case> cases(String operation, int budget) {
    List<Site> sites = new ArrayList<>();
    ObjectNode rich = rich(operation, sites);
    List<Case> all = new ArrayList<>();
    for (Site site : sites) {
      mutations(operation, rich, site, all);
    }
    ServiceModel.Shape input = model.input(operation);
    for (String required : new TreeSet<>(input.required())) {
      ObjectNode copy = rich.deepCopy();
      copy.remove(required);
      all.add(new Case(operation, "without required " + required, copy.toString(), INVALID));
    }
    Collections.shuffle(all, random);
    return all.size() <= budget ? all : all.subList(0, budget);
  }

  private void mutations(String operation, ObjectNode rich, Site site, List<Case> out) {
    String where = site.shown();
    ServiceModel.Shape shape = site.shape();
    for (JsonNode wrong : wrongTypes(shape)) {
      out.add(with(operation, rich, site, wrong, "wrong type " + wrong + " at " + where, SERIALIZATION));
    }
    switch (shape.type()) {
      case "string" -> {
        if (shape.enums() != null) {
          out.add(with(operation, rich, site, NODES.textNode("NOT_A_VALUE"), "invalid enum at " + where, INVALID));
        } else {
          int max = Math.min(StringLimits.max(site.member()),
              shape.max() == null ? Integer.MAX_VALUE : shape.max().intValue());
          out.add(with(operation, rich, site, NODES.textNode("s".repeat(max + 1)), "over-long string at " + where,
              INVALID));
          if (ForeignArns.REFERENCES.contains(site.member())) {
            out.add(with(operation, rich, site, NODES.textNode(foreignPrefix + "task/fz/0123456789abcdef0123456789abcdef"),
                "foreign ARN at " + where, INVALID));
          }
        }
        out.add(with(operation, rich, site, NODES.textNode("a" + HIGH + "b"), "lone surrogate at " + where, SERIALIZATION));
        out.add(with(operation, rich, site, NODES.textNode(LOW), "lone low surrogate at " + where, SERIALIZATION));
      }
      case "integer" -> {
        out.add(with(operation, rich, site, NODES.numberNode(2147483648L), "2^31 at " + where, SERIALIZATION));
        out.add(with(operation, rich, site, NODES.numberNode(1.5), "1.5 at " + where, SERIALIZATION));
        out.add(with(operation, rich, site, NODES.numberNode(1e30), "1e30 at " + where, SERIALIZATION));
        outOfRange(operation, rich, site, out);
      }
      case "long" -> {
        out.add(with(operation, rich, site, NODES.numberNode(new java.math.BigInteger("9223372036854775808")),
            "2^63 at " + where, SERIALIZATION));
        out.add(with(operation, rich, site, NODES.numberNode(2.5), "2.5 at " + where, SERIALIZATION));
        outOfRange(operation, rich, site, out);
      }
      case "list" -> {
        if (shape.max() != null) {
          ArrayNode many = NODES.arrayNode();
          JsonNode element = get(rich, site.path()).get(0);
          for (int i = 0; i <= shape.max().intValue(); i++) {
            many.add(element.deepCopy());
          }
          out.add(with(operation, rich, site, many, "too many elements at " + where, INVALID));
        }
        out.add(with(operation, rich, site, NODES.arrayNode().add(NODES.nullNode()), "a null element at " + where,
            SERIALIZATION));
      }
      case "structure" -> {
        for (String required : new TreeSet<>(shape.required())) {
          ObjectNode copy = rich.deepCopy();
          ((ObjectNode) get(copy, site.path())).remove(required);
          out.add(new Case(operation, "without required " + where + "." + required, copy.toString(), INVALID));
        }
      }
      default -> { }
    }
  }

  private void outOfRange(String operation, ObjectNode rich, Site site, List<Case> out) {
    NumberLimits.Range range = NumberLimits.of(site.member());
    Double min = site.shape().min();
    if (range != null || min != null) {
      long below = Math.max(range == null ? Long.MIN_VALUE : range.min(), min == null ? Long.MIN_VALUE : min.longValue()) - 1;
      if (below >= Integer.MIN_VALUE) {
        out.add(with(operation, rich, site, NODES.numberNode(below), below + " at " + site.shown(), INVALID));
      }
    }
    long max = Math.min(range == null ? Long.MAX_VALUE : range.max(),
        site.shape().max() == null ? Long.MAX_VALUE : site.shape().max().longValue());
    if (max < Integer.MAX_VALUE) {
      out.add(with(operation, rich, site, NODES.numberNode(max + 1), (max + 1) + " at " + site.shown(), INVALID));
    }
  }

  private static List<JsonNode> wrongTypes(ServiceModel.Shape shape) {
    return switch (shape.type()) {
      case "string" -> List.of(NODES.numberNode(5), NODES.booleanNode(true), NODES.objectNode());
      case "integer", "long" -> List.of(NODES.textNode("1"), NODES.booleanNode(true), NODES.arrayNode());
      case "double" -> List.of(NODES.textNode("1.5"), NODES.booleanNode(false));
      case "boolean" -> List.of(NODES.textNode("true"), NODES.numberNode(1));
      case "timestamp" -> List.of(NODES.textNode("2024-01-01T00:00:00Z"));
      case "list" -> List.of(NODES.objectNode(), NODES.textNode("x"));
      case "map" -> List.of(NODES.arrayNode(), NODES.numberNode(0));
      case "structure" -> List.of(NODES.arrayNode(), NODES.textNode("x"));
      default -> List.of();
    };
  }

  private static Case with(String operation, ObjectNode rich, Site site, JsonNode value, String what, String expected) {
    ObjectNode copy = rich.deepCopy();
    List<Object> path = site.path();
    JsonNode parent = get(copy, path.subList(0, path.size() - 1));
    Object last = path.get(path.size() - 1);
    if (last instanceof Integer i) {
      ((ArrayNode) parent).set(i, value);
    } else {
      ((ObjectNode) parent).set((String) last, value);
    }
    String shown = what.length() > 200 ? what.substring(0, 200) + "..." : what;
    String body = copy.toString().replace(HIGH, "\\ud800").replace(LOW, "\\udfff");
    return new Case(operation, shown, body, expected);
  }

  static JsonNode get(JsonNode root, List<Object> path) {
    JsonNode n = root;
    for (Object p : path) {
      n = p instanceof Integer i ? n.get(i) : n.get((String) p);
    }
    return n;
  }

  private ObjectNode structure(ServiceModel.Shape shape, List<Object> path, int depth, List<Site> sites) {
    ObjectNode o = NODES.objectNode();
    for (var member : shape.members().entrySet()) {
      ServiceModel.Shape m = model.shape(member.getValue());
      boolean required = shape.required().contains(member.getKey());
      if (m.document() || (!required && depth >= DEPTH) || (shape.union() && !o.isEmpty())) {
        continue;
      }
      List<Object> at = append(path, member.getKey());
      RefusedMembers.Refusal refusal = refused.getOrDefault(refusalPath(at), refused.get(refusalPath(at) + "[]"));
      if (refusal != null) {
        // what Berth accepts there: an allowed value, false, or (if neither fits) nothing at all
        if (refusal.allowed() != null && m.type().equals("string")) {
          o.put(member.getKey(), new TreeSet<>(refusal.allowed()).first());
        } else if (refusal.allowed() != null && m.type().equals("list")) {
          o.putArray(member.getKey()).add(new TreeSet<>(refusal.allowed()).first());
        } else if (m.type().equals("boolean")) {
          o.put(member.getKey(), false);
        }
        continue;
      }
      o.set(member.getKey(), value(m, member.getKey(), at, depth + 1, sites));
      sites.add(new Site(at, m, member.getKey(), shape));
    }
    return o;
  }

  private JsonNode value(ServiceModel.Shape shape, String member, List<Object> path, int depth, List<Site> sites) {
    return switch (shape.type()) {
      case "structure" -> structure(shape, path, depth, sites);
      case "list" -> {
        ArrayNode a = NODES.arrayNode();
        int n = Math.max(1, shape.min() == null ? 1 : shape.min().intValue());
        ServiceModel.Shape element = model.shape(shape.member());
        for (int i = 0; i < n; i++) {
          List<Object> at = append(path, i);
          a.add(value(element, member, at, depth, sites));
          if (i == 0 && !element.type().equals("structure")) {
            sites.add(new Site(at, element, member, shape));
          }
        }
        yield a;
      }
      case "map" -> {
        ObjectNode m = NODES.objectNode();
        m.set("k", value(model.shape(shape.value()), member, append(path, "k"), depth, sites));
        yield m;
      }
      case "string" -> NODES.textNode(string(shape, member));
      case "integer", "long" -> NODES.numberNode(number(shape, member));
      case "double" -> NODES.numberNode(shape.min() == null ? 1.0 : shape.min());
      case "boolean" -> NODES.booleanNode(true);
      case "timestamp" -> NODES.numberNode(1_700_000_000);
      default -> NODES.textNode("x");
    };
  }

  private String string(ServiceModel.Shape shape, String member) {
    if (shape.enums() != null) {
      return new TreeSet<>(shape.enums()).first();
    }
    String v = fixtures.getOrDefault(member, "x");
    int min = shape.min() == null ? 0 : shape.min().intValue();
    return v.length() >= min ? v : v + "x".repeat(min - v.length());
  }

  private static long number(ServiceModel.Shape shape, String member) {
    long v = 1;
    if (shape.min() != null) {
      v = Math.max(v, shape.min().longValue());
    }
    NumberLimits.Range range = NumberLimits.of(member);
    if (range != null) {
      v = Math.max(v, range.min());
    }
    if (shape.max() != null) {
      v = Math.min(v, shape.max().longValue());
    }
    return v;
  }

  private static List<Object> append(List<Object> path, Object segment) {
    List<Object> out = new ArrayList<>(path);
    out.add(segment);
    return List.copyOf(out);
  }
}
