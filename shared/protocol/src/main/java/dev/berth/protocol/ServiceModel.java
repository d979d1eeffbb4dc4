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
import java.util.zip.GZIPInputStream;

/**
 * The request shapes of the operations Berth serves, read from service models in botocore's form:
 * ECS's own model as botocore ships it and Berth's model of the operations it adds (Heartbeat), and,
 * apart, the parts of IAM's and CloudTrail's models Berth serves. Loaded once per process; the
 * shapes are immutable.
 */
public final class ServiceModel {
  /** One shape: its type and whichever of the model's constraints apply to that type. */
  public record Shape(String name, String type, Map<String, String> members, Set<String> required,
      String member, String key, String value, Set<String> enums, Double min, Double max, boolean union, boolean document,
      java.util.regex.Pattern pattern) {}

  private static final String ECS = "ecs-2014-11-13.json.gz";
  private static final String BERTH = "berth-2014-11-13.json";
  private static final ServiceModel INSTANCE = load(List.of(ECS, BERTH));

  /** IAM's and CloudTrail's models, loaded when first used (the endpoint function only). */
  private static final class Others {
    static final ServiceModel IAM = load(List.of("iam-2010-05-08.json"));
    static final ServiceModel CLOUDTRAIL = load(List.of("cloudtrail-2013-11-01.json"));
  }

  private final Map<String, String> inputs;
  private final Map<String, Shape> shapes;

  private ServiceModel(Map<String, String> inputs, Map<String, Shape> shapes) {
    this.inputs = Map.copyOf(inputs);
    this.shapes = Map.copyOf(shapes);
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
    Shape s = shapes.get(name);
    if (s == null) {
      throw new IllegalStateException("the service model has no shape " + name);
    }
    return s;
  }

  public Set<String> operations() {
    return inputs.keySet();
  }

  private static ServiceModel load(List<String> resources) {
    Map<String, String> inputs = new HashMap<>();
    Map<String, Shape> shapes = new HashMap<>();
    // Berth's model after ECS's: its shapes are namespaced by their own names and must not replace ECS's.
    for (String resource : resources) {
      JsonNode model = read(resource);
      Map<String, Shape> own = new HashMap<>();
      model.path("shapes").fields().forEachRemaining(e -> own.put(e.getKey(), shape(e.getKey(), e.getValue())));
      model.path("operations").fields().forEachRemaining(e -> {
        JsonNode input = e.getValue().path("input").path("shape");
        if (!input.isMissingNode()) {
          inputs.put(e.getKey(), input.asText());
        }
      });
      own.forEach(shapes::putIfAbsent);
    }
    return new ServiceModel(inputs, shapes);
  }

  private static JsonNode read(String resource) {
    try (InputStream raw = ServiceModel.class.getResourceAsStream(resource)) {
      if (raw == null) {
        throw new IllegalStateException("missing service model resource " + resource);
      }
      InputStream in = resource.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
      return JsonTrees.read(in);
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
