package dev.berth.agent.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.berth.agent.config.InstanceResources;
import dev.berth.agent.ecs.ControlPlane;
import dev.berth.agent.ecs.EcsError;
import dev.berth.agent.ecs.FakeEcs;
import dev.berth.agent.report.Backoff;
import dev.berth.agent.state.AgentState;
import dev.berth.agent.state.StateFile;
import dev.berth.agent.state.StateStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatsTest {
  @TempDir
  Path dir;
  private final FakeEcs fake = new FakeEcs();
  private final List<String> replaced = new ArrayList<>();

  private Heartbeats heartbeats(StateStore state) {
    ControlPlane ecs = new ControlPlane(fake);
    Registrar registrar = new Registrar(ecs, "demo", new InstanceResources(1024, 1024, List.of(), List.of()),
        Map.of("stack", "blue"), new ControlPlane.VersionInfo("0.1.0", "berth", "process"),
        Backoff.registration(new java.util.Random(1)), d -> { }, Clock.systemUTC());
    return new Heartbeats(ecs, "demo", state, registrar, (old, fresh) -> replaced.add(old + " -> " + fresh), null);
  }

  private StateStore state() {
    return new StateStore(new StateFile(dir), AgentState.empty("demo").withInstance("arn:ci/old"));
  }

  @Test
  void theNextBeatComesAtTheIntervalTheControlPlaneGives() throws Exception {
    fake.answer("Heartbeat", "{\"containerInstanceArn\":\"arn:ci/old\",\"agentConnected\":true,"
        + "\"heartbeatIntervalSeconds\":12}");
    StateStore state = state();
    assertEquals(Duration.ofSeconds(12), heartbeats(state).beat());
    assertEquals("arn:ci/old", fake.calls.get(0).request().path("containerInstance").asText());
  }

  @Test
  void anInactiveInstanceRegistersAgainAsANewOne() throws Exception {
    fake.answer("Heartbeat", new EcsError(EcsError.INACTIVE_INSTANCE, "lost", 400))
        .answer("RegisterContainerInstance", "{\"containerInstance\":{\"containerInstanceArn\":\"arn:ci/new\"}}");
    StateStore state = state();
    assertEquals(Duration.ZERO, heartbeats(state).beat(), "beat again at once, as the new instance");
    assertEquals("arn:ci/new", state.instanceArn());
    assertEquals("arn:ci/new", new StateFile(dir).load().orElseThrow().containerInstanceArn());
    assertEquals(List.of("arn:ci/old -> arn:ci/new"), replaced);
    var register = fake.calls.get(1).request();
    assertFalse(register.has("containerInstanceArn"), "the old ARN is forgotten");
    assertEquals("stack", register.path("attributes").path(0).path("name").asText(), "a first registration again");
  }

  @Test
  void otherFailuresKeepTheInstanceAndTheInterval() throws Exception {
    fake.answer("Heartbeat", new IOException("connection refused"))
        .answer("Heartbeat", new EcsError("ServerException", "busy", 500));
    StateStore state = state();
    Heartbeats beats = heartbeats(state);
    assertEquals(Heartbeats.DEFAULT_INTERVAL, beats.beat());
    assertEquals(Heartbeats.DEFAULT_INTERVAL, beats.beat());
    assertEquals("arn:ci/old", state.instanceArn());
    assertEquals(List.of(), replaced);
  }
}
