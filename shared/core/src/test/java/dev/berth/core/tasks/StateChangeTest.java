package dev.berth.core.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.model.NetworkBinding;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateChangeTest {
  private static final Instant AT = Instant.ofEpochMilli(1_714_557_600_123L);

  @Test
  void fullChangeSurvivesTheQueue() throws IOException {
    StateChange change = new StateChange(StateChange.TASK, "prod", "0123456789abcdef0123456789abcdef", "STOPPED",
        "Essential container in task exited",
        List.of(new StateChange.ContainerChange("app", "docker-1", "STOPPED", 137, "OutOfMemoryError",
                List.of(new NetworkBinding("0.0.0.0", 80, 32768, "tcp"), new NetworkBinding(null, 53, null, "udp"))),
            new StateChange.ContainerChange("sidecar", null, null, null, null, List.of())),
        AT, AT.plusMillis(1500), AT.plusSeconds(60), AT.plusSeconds(61));
    assertEquals(change, StateChange.fromJson(change.toJson()));
  }

  @Test
  void minimalChangeSurvivesTheQueue() throws IOException {
    StateChange change = new StateChange(StateChange.CONTAINER, "default", "0123456789abcdef0123456789abcdef", null,
        null, List.of(), null, null, null, AT);
    assertEquals(change, StateChange.fromJson(change.toJson()));
  }

  @Test
  void absentMembersAreNotWritten() {
    StateChange change = new StateChange(StateChange.CONTAINER, "default", "t", null, null, List.of(), null, null,
        null, AT);
    String json = change.toJson();
    assertFalse(json.contains("status"));
    assertFalse(json.contains("pullStartedAt"));
    assertFalse(json.contains("containers"));
  }

  @Test
  void zeroExitCodeIsKept() throws IOException {
    StateChange change = new StateChange(StateChange.TASK, "default", "t", "STOPPED", null,
        List.of(new StateChange.ContainerChange("app", null, "STOPPED", 0, null, List.of())), null, null, null, AT);
    assertEquals(0, StateChange.fromJson(change.toJson()).containers().get(0).exitCode());
  }

  @Test
  void messageThatIsNotAStateChangeIsRejected() {
    assertThrows(IOException.class, () -> StateChange.fromJson("[]"));
    assertThrows(IOException.class, () -> StateChange.fromJson("{\"cluster\":\"default\"}"));
    assertThrows(IOException.class, () -> StateChange.fromJson("{not json"));
  }
}
