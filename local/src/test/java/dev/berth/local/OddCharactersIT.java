package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.protocol.Operations;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;

/**
 * Text that DynamoDB, SQS or a UTF-8 log cannot hold, and text that is valid but unusual, in the
 * string members of every operation. A lone surrogate is refused; valid odd text may be accepted;
 * nothing answers 5xx, and the cluster keeps answering.
 */
class OddCharactersIT {
  @RegisterExtension
  static final RunningBerth BERTH = RunningBerth.withoutPoller("it-odd-chars");
  private static Berth berth;
  private static String instance;
  private static String task;

  @BeforeAll
  static void setUp() throws Exception {
    berth = BERTH.get();
    berth.createCluster("odd");
    instance = berth.registerInstance("odd", 4096, 4096);
    berth.ecs.registerTaskDefinition(b -> b.family("odd").containerDefinitions(
        ContainerDefinition.builder().name("c").image("busybox").cpu(16).memory(16).build()));
    task = berth.ecs.runTask(b -> b.cluster("odd").taskDefinition("odd")).tasks().get(0).taskArn();
  }

  /** The report that broke a cluster: a lone surrogate in RunTask's and StartTask's {@code group}. */
  @Test
  void loneSurrogateInGroupIsRefusedAndTheClusterStillAnswers() throws Exception {
    Object before = StoreSnapshot.of(berth);
    String[] requests = {
        "RunTask", "{\"cluster\":\"odd\",\"taskDefinition\":\"odd\",\"group\":\"\\ud800\"}",
        "StartTask", "{\"cluster\":\"odd\",\"taskDefinition\":\"odd\",\"containerInstances\":[\"" + instance
            + "\"],\"group\":\"\\ud800\"}"};
    for (int i = 0; i < requests.length; i += 2) {
      HttpResponse<String> response = RawEcs.call(berth.url(), requests[i], requests[i + 1], berth.adminKey);
      assertEquals(400, response.statusCode(), requests[i] + ": " + response.body());
      assertEquals("SerializationException", RequestFuzzer.JSON.readTree(response.body()).path("__type").asText());
    }
    assertEquals(before, StoreSnapshot.of(berth), "the refused requests changed nothing");
    clusterAnswers();
  }

  @Test
  void oddTextInEveryStringMemberNeverBreaksTheCluster() throws Exception {
    Map<String, String> fixtures = Map.of("cluster", "odd", "clusters", "odd", "containerInstance", instance,
        "containerInstances", instance, "task", task, "tasks", task, "taskDefinition", "odd", "family", "odd");
    RequestFuzzer fuzzer = new RequestFuzzer(fixtures, "arn:aws:ecs:eu-west-1:999999999999:", 7);
    Random random = new Random(7);
    String[] odd = {"\\ud800", "a\\udc00", "\\u0000", "\\u0001\\u001f\\u007f", "\\ufffe\\uffff", "\\r\\n\\t"};
    List<String> failures = new ArrayList<>();
    int sent = 0;
    for (String operation : new TreeSet<>(Operations.GROUPS.keySet())) {
      List<RequestFuzzer.Site> sites = new ArrayList<>();
      ObjectNode rich = fuzzer.rich(operation, sites);
      List<RequestFuzzer.Site> strings = new ArrayList<>(sites.stream()
          .filter(s -> s.shape().type().equals("string") && s.shape().enums() == null).toList());
      Collections.shuffle(strings, random);
      for (RequestFuzzer.Site site : strings.subList(0, Math.min(12, strings.size()))) {
        for (String text : odd) {
          sent++;
          check(operation, site, send(operation, rich, site, text.getBytes(StandardCharsets.UTF_8)), failures);
        }
        // Raw bytes that are not UTF-8 at all.
        sent++;
        check(operation, site, send(operation, rich, site, new byte[] {'x', (byte) 0xC3, '(', (byte) 0xFF}), failures);
      }
    }
    System.out.println("odd characters: " + sent + " requests");
    assertTrue(sent > 500, "requests sent: " + sent);
    assertTrue(failures.isEmpty(), String.join("\n", failures.subList(0, Math.min(30, failures.size()))));
    clusterAnswers();
  }

  /** The rich request with {@code raw} (bytes placed as they are, inside the quotes) at the site. */
  private static HttpResponse<String> send(String operation, ObjectNode rich, RequestFuzzer.Site site, byte[] raw)
      throws Exception {
    ObjectNode copy = rich.deepCopy();
    List<Object> path = site.path();
    JsonNode parent = RequestFuzzer.get(copy, path.subList(0, path.size() - 1));
    String marker = "@@ODD@@";
    Object last = path.get(path.size() - 1);
    if (last instanceof Integer i) {
      ((com.fasterxml.jackson.databind.node.ArrayNode) parent).set(i, copy.textNode(marker));
    } else {
      ((ObjectNode) parent).put((String) last, marker);
    }
    String json = copy.toString();
    int at = json.indexOf(marker);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(json.substring(0, at).getBytes(StandardCharsets.UTF_8));
    body.write(raw);
    body.write(json.substring(at + marker.length()).getBytes(StandardCharsets.UTF_8));
    return RawEcs.post(berth.url(), RawEcs.TARGET_PREFIX + operation, RawEcs.CONTENT_TYPE, "POST", body.toByteArray(),
        berth.adminKey);
  }

  private static void check(String operation, RequestFuzzer.Site site, HttpResponse<String> response,
      List<String> failures) {
    if (response.statusCode() >= 500) {
      failures.add(operation + " " + site.shown() + ": status " + response.statusCode() + " " + response.body());
    }
  }

  private static void clusterAnswers() {
    assertEquals(1, berth.ecs.describeClusters(b -> b.clusters("odd")).clusters().size());
    // Accepted requests may have registered instances or started tasks; the cluster must answer.
    assertTrue(berth.ecs.listContainerInstances(b -> b.cluster("odd")).containerInstanceArns().contains(instance));
    assertEquals(1, berth.ecs.runTask(b -> b.cluster("odd").taskDefinition("odd")).tasks().size());
    assertTrue(berth.ecs.describeTasks(b -> b.cluster("odd").tasks(task)).tasks().size() == 1);
  }
}
