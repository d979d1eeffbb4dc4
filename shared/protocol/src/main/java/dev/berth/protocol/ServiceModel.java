package dev.berth.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.json.JsonTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The request shapes of the operations Berth serves, read from service models in botocore's form:
 * ECS's own model as botocore ships it and Berth's model of the operations it adds (Heartbeat), and,
 * apart, the parts of IAM's and CloudTrail's models Berth serves. ECS's model is kept as a
 * {@link ShapeIndex}, so a request reads only the shapes it reaches (a function's first request
 * used to parse all 741 shapes, about 50 ms of a C1 cold start); a shape is built once and is
 * immutable.
 */
public final class ServiceModel {
  /** One shape: its type and whichever of the model's constraints apply to that type. */
  public record Shape(String name, String type, Map<String, String> members, Set<String> required,
      String member, String key, String value, Set<String> enums, Double min, Double max, boolean union, boolean document,
      java.util.regex.Pattern pattern) {}

  /** ECS's model as {@link ShapeIndex} writes it: one line per shape, parsed when first used. */
  static final String ECS = "ecs-2014-11-13.shapes";
  private static final String BERTH = "berth-2014-11-13.json";
  private static final ServiceModel INSTANCE = load(ShapeIndex.read(resource(ECS)), List.of(BERTH));

  /** IAM's and CloudTrail's models, loaded when first used (the endpoint function only). */
  private static final class Others {
    static final ServiceModel IAM = load(ShapeIndex.EMPTY, List.of("iam-2010-05-08.json"));
    static final ServiceModel CLOUDTRAIL = load(ShapeIndex.EMPTY, List.of("cloudtrail-2013-11-01.json"));
  }

  private final Map<String, String> inputs;
  private final ShapeIndex index;
  /** Shapes of the other models, read whole (they are small); the index's shapes come first. */
  private final Map<String, JsonNode> others;
  private final Map<String, Shape> built = new ConcurrentHashMap<>();

  private ServiceModel(Map<String, String> inputs, ShapeIndex index, Map<String, JsonNode> others) {
    this.inputs = Map.copyOf(inputs);
    this.index = index;
    this.others = Map.copyOf(others);
  }

  public static ServiceModel get() {
    return INSTANCE;
  }

  /** The IAM operations Berth serves (Query protocol). */
  public static ServiceModel iam() {
    return Others.IAM;
  }

  /** CloudTrail's LookupEvents (awsJson). */
  public static ServiceModel cloudTrail() {
    return Others.CLOUDTRAIL;
  }

  /** The input shape of an operation, or null when no model names the operation. */
  public Shape input(String operation) {
    String name = inputs.get(operation);
    return name == null ? null : shape(name);
  }

  public Shape shape(String name) {
    return built.computeIfAbsent(name, this::build);
  }

  public Set<String> operations() {
    return inputs.keySet();
  }

  private Shape build(String name) {
    JsonNode json = index.shape(name);
    if (json == null) {
      json = others.get(name);
    }
    if (json == null) {
      throw new IllegalStateException("the service model has no shape " + name);
    }
    return shape(name, json);
  }

  private static ServiceModel load(ShapeIndex index, List<String> resources) {
    Map<String, String> inputs = new HashMap<>(index.inputs());
    Map<String, JsonNode> others = new HashMap<>();
    // Later models after the index: their shapes are namespaced by their own names and must not replace ECS's.
    for (String resource : resources) {
      JsonNode model = read(resource);
      model.path("shapes").fields().forEachRemaining(e -> {
        if (!index.has(e.getKey())) {
          others.putIfAbsent(e.getKey(), e.getValue());
        }
      });
      model.path("operations").fields().forEachRemaining(e -> {
        JsonNode input = e.getValue().path("input").path("shape");
        if (!input.isMissingNode()) {
          inputs.put(e.getKey(), input.asText());
        }
      });
    }
    return new ServiceModel(inputs, index, others);
  }

  private static JsonNode read(String resource) {
    try {
      return JsonTrees.read(resource(resource));
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable service model " + resource, e);
    }
  }

  static byte[] resource(String resource) {
    try (InputStream in = ServiceModel.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing service model resource " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable service model " + resource, e);
    }
  }

  private static Shape shape(String name, JsonNode s) {
    Map<String, String> members = new LinkedHashMap<>();
    s.path("members").fields().forEachRemaining(m -> members.put(m.getKey(), m.getValue().path("shape").asText()));
    Set<String> required = new java.util.HashSet<>();
    s.path("required").forEach(r -> required.add(r.asText()));
    Set<String> enums = new java.util.HashSet<>();
    s.path("enum").forEach(v -> enums.add(v.asText()));
    return new Shape(name, s.path("type").asText(), members, Set.copyOf(required),
        text(s.path("member").path("shape")), text(s.path("key").path("shape")), text(s.path("value").path("shape")),
        enums.isEmpty() ? null : Set.copyOf(enums), number(s.path("min")), number(s.path("max")),
        s.path("union").asBoolean(false), s.path("document").asBoolean(false),
        s.path("pattern").isTextual() ? java.util.regex.Pattern.compile(s.path("pattern").asText()) : null);
  }

  private static String text(JsonNode n) {
    return n.isMissingNode() ? null : n.asText();
  }

  private static Double number(JsonNode n) {
    return n.isNumber() ? n.doubleValue() : null;
  }
}
