package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.ContainerStateChange;
import software.amazon.awssdk.services.ecs.model.NetworkBinding;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.PortMapping;

/**
 * The web console in a real browser against a running Berth: headless Chromium opens the console URL
 * that {@code make run} prints (the administrator's key in the fragment), the page signs its ECS calls
 * with WebCrypto, and the test reads what the page shows from its DOM: the clusters, each instance's
 * reservation, and a service whose running count changes between two loads. A screenshot of each size
 * is kept under local/target/console/.
 */
class ConsoleBrowserIT {
  private static final String CLUSTER = "console-demo";
  private static final int BUDGET_MS = 4000;
  private static final Path ARTEFACTS = Path.of("target", "console");
  @RegisterExtension
  static final RunningBerth BERTH = RunningBerth.withoutPoller("it-console");
  private static Berth berth;
  private static HeadlessChromium chromium;

  @BeforeAll
  static void setUp() throws Exception {
    Optional<HeadlessChromium> found = HeadlessChromium.find();
    if (found.isEmpty()) {
      String message = "no chromium on PATH (infra/browser.sh installs Debian's package); the console's browser "
          + "test is skipped";
      if ("1".equals(System.getenv("BERTH_REQUIRE_BROWSER"))) {
        fail(message.replace("is skipped", "must run (BERTH_REQUIRE_BROWSER=1)"));
      }
      System.err.println("ConsoleBrowserIT: " + message);
      Assumptions.abort(message);
    }
    chromium = found.get();
    berth = BERTH.get();
  }

  /** The console's address on 127.0.0.1 (the address the server listens on), signed in as the administrator. */
  private static String consoleUrl(String fragmentExtra) {
    String url = LocalBerth.consoleUrl(berth.url().replace("localhost", "127.0.0.1"), berth.adminKey);
    return url + fragmentExtra;
  }

  /** The text of the table row whose opening tag carries {@code attribute}. */
  private static String row(String dom, String attribute) {
    int at = dom.indexOf("<tr " + attribute + ">");
    assertTrue(at >= 0, "no row " + attribute + " in the page:\n" + dom);
    return dom.substring(at, dom.indexOf("</tr>", at));
  }

  private static String field(String row, String field) {
    Matcher m = Pattern.compile("data-field=\"" + field + "\">(?:<[^>]+>)*?([0-9]+%?)<").matcher(row);
    assertTrue(m.find(), "no " + field + " in " + row);
    return m.group(1);
  }

  private static int reservedPercent(ContainerInstance instance, String name) {
    int registered = instance.registeredResources().stream().filter(r -> r.name().equals(name)).findFirst()
        .orElseThrow().integerValue();
    int remaining = Berth.remaining(instance, name);
    return Math.round((registered - remaining) * 100f / registered);
  }

  @Test
  void theConsoleShowsClustersReservationsAndAServiceComingUp() throws Exception {
    berth.createCluster(CLUSTER);
    berth.createCluster("console-spare");
    List<String> instances = List.of(berth.registerInstance(CLUSTER, 2048, 4096),
        berth.registerInstance(CLUSTER, 2048, 4096));
    // a static host port: the two tasks cannot share an instance, so each instance holds one
    berth.ecs.registerTaskDefinition(b -> b.family("web").containerDefinitions(ContainerDefinition.builder()
        .name("web").image("nginx").cpu(512).memory(1024)
        .portMappings(PortMapping.builder().containerPort(80).hostPort(8080).build()).build()));
    berth.ecs.createService(b -> b.cluster(CLUSTER).serviceName("web").taskDefinition("web").desiredCount(2));
    FakeAgent agent = new FakeAgent(berth, CLUSTER);
    agent.heartbeat();
    agent.reconcile();

    String before = chromium.dumpDom(consoleUrl("&cluster=" + CLUSTER), BUDGET_MS, 1280, 800);
    assertTrue(before.contains("data-state=\"loaded\""), "the page did not finish loading:\n" + before);
    assertTrue(before.contains("data-cluster=\"" + CLUSTER + "\""), before);
    assertTrue(before.contains("data-cluster=\"console-spare\""), before);
    assertTrue(before.contains("<h2 id=\"cluster-title\" data-cluster=\"" + CLUSTER + "\">"), before);
    assertFalse(before.contains(berth.adminKey[1]), "the secret must not stay in the page");
    for (String arn : instances) {
      ContainerInstance described = berth.describeInstance(CLUSTER, arn);
      int cpu = reservedPercent(described, "CPU");
      assertEquals(25, cpu, "each instance holds one task of 512 of 2048 CPU units");
      String instanceRow = row(before, "data-instance=\"" + arn.substring(arn.lastIndexOf('/') + 1) + "\"");
      assertEquals(cpu + "%", field(instanceRow.substring(instanceRow.indexOf("data-field=\"cpu\"")), "percent"));
      assertEquals(reservedPercent(described, "MEMORY") + "%",
          field(instanceRow.substring(instanceRow.indexOf("data-field=\"memory\"")), "percent"));
    }
    String serviceBefore = row(before, "data-service=\"web\"");
    assertEquals("2", field(serviceBefore, "desired"));
    assertEquals("0", field(serviceBefore, "running"));
    assertEquals("2", field(serviceBefore, "pending"));

    // the agents report the tasks RUNNING with their host ports bound
    for (Task task : agent.tasks()) {
      berth.ecs.submitTaskStateChange(b -> b.cluster(CLUSTER).task(task.taskArn()).status("RUNNING")
          .containers(ContainerStateChange.builder().containerName("web").status("RUNNING")
              .networkBindings(NetworkBinding.builder().bindIP("0.0.0.0").containerPort(80).hostPort(8080)
                  .protocol("tcp").build()).build()));
    }
    berth.drainTaskStateQueue();
    agent.reconcile();

    String after = chromium.dumpDom(consoleUrl("&cluster=" + CLUSTER), BUDGET_MS, 1280, 800);
    String serviceAfter = row(after, "data-service=\"web\"");
    assertEquals("2", field(serviceAfter, "running"));
    assertEquals("0", field(serviceAfter, "pending"));
    assertTrue(after.contains("8080→80/tcp"), "the tasks' host ports are shown");
    assertTrue(after.contains("class=\"timeline\""), "the service events are shown as a timeline");
    Files.createDirectories(ARTEFACTS);
    Files.writeString(ARTEFACTS.resolve("console-before.html"), before);
    Files.writeString(ARTEFACTS.resolve("console-after.html"), after);

    chromium.screenshot(consoleUrl("&cluster=" + CLUSTER), ARTEFACTS.resolve("console-1280x800.png"), BUDGET_MS,
        1280, 800);
    chromium.screenshot(consoleUrl("&cluster=" + CLUSTER), ARTEFACTS.resolve("console-phone-390x844.png"),
        BUDGET_MS, 390, 844);
  }

  @Test
  void withoutAKeyThePageAsksToSignInAndAWrongKeyIsRefused() throws Exception {
    String signedOut = chromium.dumpDom(berth.url().replace("localhost", "127.0.0.1") + "/console/", BUDGET_MS,
        1280, 800);
    assertTrue(signedOut.contains("data-state=\"signed-out\""), signedOut);
    String wrong = chromium.dumpDom(LocalBerth.consoleUrl(berth.url().replace("localhost", "127.0.0.1"),
        new String[] {berth.adminKey[0], "not-the-secret"}), BUDGET_MS, 1280, 800);
    assertTrue(wrong.contains("data-state=\"signed-out\""), wrong);
    assertTrue(wrong.contains("InvalidSignatureException"), "the refusal is shown:\n" + wrong);
  }

  @Test
  void theConsoleFilesAreServedWithoutAKeyAndNothingElseIs() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(berth.url() + "/console/")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, page.statusCode());
    assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/html"));
    HttpResponse<String> escape = http.send(HttpRequest.newBuilder(
        URI.create(berth.url() + "/console/..%2F..%2Fcredentials")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(404, escape.statusCode());
    HttpResponse<String> api = http.send(HttpRequest.newBuilder(URI.create(berth.url() + "/"))
        .header("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.ListClusters")
        .header("Content-Type", "application/x-amz-json-1.1")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(400, api.statusCode(), "the API itself still needs a signature");
  }
}
