package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.core.store.AgentConnectionStore;
import dev.berth.store.AwsModule;
import dev.berth.store.DynamoAgentConnectionStore;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;

/**
 * The agent channel as an agent meets it: a WebSocket handshake signed with SigV4 for {@code ecs}.
 * Only an agent's own instance credential connects, and only for its own instance; a connected agent
 * gets {@code {"type":"wake"}} when a task is placed on its instance or asked to stop; a connection
 * that is gone is forgotten without failing the call that wanted to wake it.
 */
class AgentChannelIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  /** How long the test waits for a message that should come; only a broken channel comes near it. */
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @RegisterExtension
  static final RunningBerth BERTH = RunningBerth.start("it-channel");
  private static Berth berth;
  private static AgentConnectionStore connections;
  private static String first;
  private static String second;

  @BeforeAll
  static void setUp() throws Exception {
    berth = BERTH.get();
    berth.createCluster("chan");
    first = berth.registerInstance("chan", 2048, 2048);
    second = berth.registerInstance("chan", 2048, 2048);
    berth.ecs.registerTaskDefinition(b -> b.family("chan").containerDefinitions(
        ContainerDefinition.builder().name("c").image("busybox").cpu(64).memory(32).build()));
    connections = new DynamoAgentConnectionStore(AwsModule.dynamoDb(berth.config, AwsModule.httpClient(),
        AwsModule.credentials()), berth.config);
  }

  @Test
  void anAgentIsWokenWhenItsInstanceGetsATaskAndWhenOneIsAskedToStop() throws Exception {
    Listener listener = new Listener();
    WebSocket socket = connect(first, agentKey(first), listener);
    try {
      String id = first.substring(first.lastIndexOf('/') + 1);
      assertTrue(connections.get("chan", id, Instant.now()).isPresent(), "the connection is recorded");
      String task = berth.ecs.startTask(b -> b.cluster("chan").taskDefinition("chan").containerInstances(first))
          .tasks().get(0).taskArn();
      assertEquals("wake", listener.next().path("type").asText());
      berth.ecs.stopTask(b -> b.cluster("chan").task(task));
      JsonNode wake = listener.next();
      assertEquals("wake", wake.path("type").asText());
      assertEquals(1, wake.size(), "a wake-up carries nothing but its type");
      // a task placed on the other instance does not wake this agent
      berth.ecs.startTask(b -> b.cluster("chan").taskDefinition("chan").containerInstances(second));
      String again = berth.ecs.startTask(b -> b.cluster("chan").taskDefinition("chan").containerInstances(first))
          .tasks().get(0).taskArn();
      assertEquals("wake", listener.next().path("type").asText());
      berth.ecs.stopTask(b -> b.cluster("chan").task(again));
      assertEquals("wake", listener.next().path("type").asText());
      // one wake-up per change of this instance, none for the other instance's task
      assertEquals(List.of(), List.copyOf(listener.messages));
    } finally {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
    }
    String id = first.substring(first.lastIndexOf('/') + 1);
    Instant deadline = Instant.now().plus(PATIENCE);
    while (connections.get("chan", id, Instant.now()).isPresent()) {
      assertTrue(Instant.now().isBefore(deadline), "the closed connection is forgotten ($disconnect)");
      Thread.sleep(50);
    }
  }

  @Test
  void onlyAnAgentsOwnCredentialConnectsForItsOwnInstance() throws Exception {
    String id = second.substring(second.lastIndexOf('/') + 1);
    String[] agent = agentKey(first);
    // another instance's id with a good agent credential
    assertRefused(() -> connect(second, agent, new Listener()));
    // a user's key, the administrator's at that
    assertRefused(() -> connect(second, berth.adminKey, new Listener()));
    // a bad signature: the right key id and token with a wrong secret
    String[] forged = {agent[0], agent[1] + "x", agent[2]};
    assertRefused(() -> connect(first, forged, new Listener()));
    // unsigned
    assertRefused(() -> HTTP.newWebSocketBuilder().buildAsync(url(first), new Listener()).get(20, TimeUnit.SECONDS));
    assertTrue(connections.get("chan", id, Instant.now()).isEmpty(), "nothing was recorded for the second instance");
    var events = JSON.readTree(new AwsCli(berth).service("cloudtrail", "lookup-events", "--lookup-attributes",
        "AttributeKey=EventName,AttributeValue=ConnectAgentChannel").stdout()).path("Events");
    long refused = 0;
    for (JsonNode event : events) {
      if (!JSON.readTree(event.path("CloudTrailEvent").asText()).path("errorCode").isMissingNode()) {
        refused++;
      }
    }
    assertTrue(refused >= 4, "each refused handshake is in the audit trail: " + events);
  }

  @Test
  void aConnectionThatIsGoneDoesNotFailTheCallAndIsForgotten() {
    String id = second.substring(second.lastIndexOf('/') + 1);
    connections.connected("chan", id, "gone-connection", Instant.now());
    var result = berth.ecs.startTask(b -> b.cluster("chan").taskDefinition("chan").containerInstances(second));
    assertEquals(List.of(), result.failures());
    assertEquals(1, result.tasks().size());
    assertTrue(connections.get("chan", id, Instant.now()).isEmpty(), "the gone connection was forgotten");
    connections.connected("chan", id, "gone-again", Instant.now());
    var stopped = berth.ecs.stopTask(b -> b.cluster("chan").task(result.tasks().get(0).taskArn())).task();
    assertEquals("STOPPED", stopped.desiredStatus());
    assertTrue(connections.get("chan", id, Instant.now()).isEmpty());
  }

  /** An instance credential for {@code instance}, got with the agent bootstrap key as an agent gets it. */
  private static String[] agentKey(String instance) throws Exception {
    String[] bootstrap = berth.server.agentBootstrapKey();
    var assumed = JSON.readTree(RawEcs.call(berth.url(), "AssumeInstanceIdentity", "{\"cluster\":\"chan\","
        + "\"containerInstance\":\"" + instance + "\"}", bootstrap).body()).path("credentials");
    return new String[] {assumed.path("accessKeyId").asText(), assumed.path("secretAccessKey").asText(),
        assumed.path("sessionToken").asText()};
  }

  private static URI url(String instance) {
    return URI.create(berth.server.agentChannelUrl() + "?cluster=chan&containerInstance="
        + URLEncoder.encode(instance, StandardCharsets.UTF_8));
  }

  private static WebSocket connect(String instance, String[] key, Listener listener) throws Exception {
    URI url = url(instance);
    URI signedAs = URI.create("http" + url.toString().substring("ws".length()));
    WebSocket.Builder builder = HTTP.newWebSocketBuilder();
    SigV4.signature("GET", signedAs, Map.of(), new byte[0], key, "ecs", "us-east-1").forEach(builder::header);
    return builder.buildAsync(url, listener).get(20, TimeUnit.SECONDS);
  }

  private interface Attempt {
    Object run() throws Exception;
  }

  private static void assertRefused(Attempt attempt) {
    ExecutionException e = assertThrows(ExecutionException.class, attempt::run);
    assertTrue(e.getCause() instanceof java.net.http.WebSocketHandshakeException, "refused at the handshake: " + e);
  }

  /** Collects the text messages a connection receives. */
  private static final class Listener implements WebSocket.Listener {
    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        messages.add(partial.toString());
        partial.setLength(0);
      }
      socket.request(1);
      return null;
    }

    JsonNode next() throws Exception {
      String message = messages.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      assertFalse(message == null, "a message arrived");
      return JSON.readTree(message);
    }
  }
}
