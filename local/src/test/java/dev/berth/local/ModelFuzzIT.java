package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.protocol.Operations;
import dev.berth.protocol.RequestValidator;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;

/**
 * Bad requests generated from ECS's service model for every operation Berth serves, plus malformed
 * and concatenated bodies, wrong methods, paths and content types. Every one must be refused with
 * ECS's error shape and the expected {@code __type}, never 5xx, and leave every table and queue as
 * it was; afterwards the fixture cluster still answers.
 */
class ModelFuzzIT {
  private static final long SEED = Long.getLong("fuzz.seed", 20141113L);
  private static final int PER_OPERATION = Integer.getInteger("fuzz.perOperation", 150);
  private static final String FOREIGN = "arn:aws:ecs:eu-west-1:999999999999:";
  @RegisterExtension
  static final RunningBerth BERTH = RunningBerth.withoutPoller("it-fuzz");
  private static Berth berth;
  private static Map<String, String> fixtures;

  @BeforeAll
  static void setUp() throws Exception {
    berth = BERTH.get();
    berth.createCluster("fz");
    String instance = berth.registerInstance("fz", 4096, 4096);
    berth.ecs.registerTaskDefinition(b -> b.family("fz").containerDefinitions(
        ContainerDefinition.builder().name("c").image("busybox").cpu(128).memory(64).build()));
    String task = berth.ecs.runTask(b -> b.cluster("fz").taskDefinition("fz")).tasks().get(0).taskArn();
    berth.ecs.createService(b -> b.cluster("fz").serviceName("fz-svc").taskDefinition("fz").desiredCount(0));
    String local = "arn:aws:ecs:us-east-1:000000000000:";
    fixtures = Map.ofEntries(Map.entry("cluster", "fz"), Map.entry("clusters", "fz"),
        Map.entry("containerInstance", instance), Map.entry("containerInstances", instance),
        Map.entry("containerInstanceArn", instance), Map.entry("task", task), Map.entry("tasks", task),
        Map.entry("taskArn", task), Map.entry("taskDefinition", "fz:1"), Map.entry("family", "fz"),
        Map.entry("service", "fz-svc"), Map.entry("services", "fz-svc"), Map.entry("serviceName", "fz-svc"),
        Map.entry("clusterName", "fz"), Map.entry("familyPrefix", "fz"));
    assertTrue(instance.startsWith(local) && task.startsWith(local), "fixtures live in the expected account");
  }

  @Test
  void everyGeneratedBadRequestIsRefusedAndChangesNothing() throws Exception {
    RequestFuzzer fuzzer = new RequestFuzzer(fixtures, FOREIGN, SEED);
    List<String> failures = new ArrayList<>();
    int sent = 0;
    for (String operation : new TreeSet<>(Operations.GROUPS.keySet())) {
      // The generator's rich request must pass validation, or its mutations would prove nothing.
      RequestValidator.validate(operation, fuzzer.rich(operation, new ArrayList<>()).toString(),
          berth.config.region());
      List<RequestFuzzer.Case> cases = new ArrayList<>(fuzzer.cases(operation, PER_OPERATION));
      cases.addAll(bodyCases(operation, fuzzer.rich(operation, new ArrayList<>()).toString()));
      long t0 = System.nanoTime();
      Object before = StoreSnapshot.of(berth);
      long t1 = System.nanoTime();
      for (RequestFuzzer.Case c : cases) {
        check(c, RawEcs.call(berth.url(), c.operation(), c.body(), berth.adminKey), failures);
        sent++;
      }
      sent += transportCases(operation, fuzzer.rich(operation, new ArrayList<>()).toString(), failures);
      long t2 = System.nanoTime();
      if (!before.equals(StoreSnapshot.of(berth))) {
        failures.add(operation + ": a refused request changed a table or a queue");
      }
      System.out.printf("model fuzz: %s %d cases, %d ms sending, %d ms per snapshot%n", operation, cases.size() + 6,
          (t2 - t1) / 1_000_000, (t1 - t0) / 1_000_000);
    }
    System.out.println("model fuzz: " + sent + " bad requests, seed " + SEED);
    assertTrue(sent > 2000, "a few thousand cases: " + sent);
    assertTrue(failures.isEmpty(), failures.size() + " failures, first ones:\n"
        + String.join("\n", failures.subList(0, Math.min(30, failures.size()))));
    stillAnswers();
  }

  /** A valid request spoiled as a body: cut short, followed by garbage or by a second object. */
  private static List<RequestFuzzer.Case> bodyCases(String operation, String rich) {
    String ser = RequestFuzzer.SERIALIZATION;
    return List.of(
        new RequestFuzzer.Case(operation, "truncated JSON", rich.substring(0, rich.length() - 1), ser),
        new RequestFuzzer.Case(operation, "trailing garbage", rich + " x", ser),
        new RequestFuzzer.Case(operation, "two concatenated objects", rich + rich, ser),
        new RequestFuzzer.Case(operation, "an object and then an array", rich + "[]", ser),
        new RequestFuzzer.Case(operation, "an array body", "[" + rich + "]", ser),
        new RequestFuzzer.Case(operation, "a string body", "\"x\"", ser),
        new RequestFuzzer.Case(operation, "a duplicated member", "{\"a\":1,\"a\":2," + rich.substring(1), ser),
        new RequestFuzzer.Case(operation, "a lone surrogate in an unknown member",
            "{\"zz\\ud800\":1," + rich.substring(1), ser));
  }

  /** The same valid request, sent the way no ECS client sends it. */
  private static int transportCases(String operation, String rich, List<String> failures) throws Exception {
    byte[] body = rich.getBytes(StandardCharsets.UTF_8);
    String target = RawEcs.TARGET_PREFIX + operation;
    String url = berth.url();
    List<Object[]> variants = List.of(
        new Object[] {"GET /", url + "/", RawEcs.CONTENT_TYPE, "GET"},
        new Object[] {"PUT /", url + "/", RawEcs.CONTENT_TYPE, "PUT"},
        new Object[] {"POST /foo", url + "/foo", RawEcs.CONTENT_TYPE, "POST"},
        new Object[] {"content type text/plain", url + "/", "text/plain", "POST"},
        new Object[] {"content type application/json", url + "/", "application/json", "POST"},
        new Object[] {"no content type", url + "/", null, "POST"});
    for (Object[] v : variants) {
      HttpResponse<String> response = RawEcs.post((String) v[1], target, (String) v[2], (String) v[3], body, berth.adminKey);
      check(new RequestFuzzer.Case(operation, (String) v[0], rich, null), response, failures);
    }
    return variants.size();
  }

  private static void check(RequestFuzzer.Case c, HttpResponse<String> response, List<String> failures) {
    String problem = null;
    if (response.statusCode() < 400 || response.statusCode() >= 500) {
      problem = "status " + response.statusCode();
    } else {
      try {
        JsonNode error = RequestFuzzer.JSON.readTree(response.body());
        String type = error.path("__type").asText("");
        if (type.isEmpty() || error.path("message").asText("").isBlank()) {
          problem = "not ECS's error shape";
        } else if (c.expected() != null && !c.expected().equals(type)) {
          problem = type + " instead of " + c.expected();
        }
      } catch (Exception e) {
        problem = "an unreadable error body";
      }
    }
    if (problem != null) {
      String body = response.body().length() > 200 ? response.body().substring(0, 200) : response.body();
      failures.add(c + ": " + problem + " " + body);
    }
  }

  private static void stillAnswers() {
    assertEquals(1, berth.ecs.describeClusters(b -> b.clusters("fz")).clusters().size());
    assertEquals(1, berth.ecs.listContainerInstances(b -> b.cluster("fz")).containerInstanceArns().size());
    assertEquals(1, berth.ecs.listTasks(b -> b.cluster("fz")).taskArns().size());
    assertEquals(1, berth.ecs.describeServices(b -> b.cluster("fz").services("fz-svc")).services().size());
    assertEquals(1, berth.ecs.runTask(b -> b.cluster("fz").taskDefinition("fz")).tasks().size());
  }
}
