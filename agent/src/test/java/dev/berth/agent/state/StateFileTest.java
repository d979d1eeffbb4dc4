package dev.berth.agent.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.agent.task.NetworkBinding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFileTest {
  @TempDir
  Path dir;

  private static TaskRecord running() {
    return new TaskRecord("arn:task/demo/1", TaskPhase.RUNNING, TaskPhase.PENDING, null, null, List.of(
        new ContainerRecord("web", true, 30_000, "123@456", TaskPhase.RUNNING, null, null,
            List.of(new NetworkBinding("0.0.0.0", 80, 8080, "tcp"))),
        new ContainerRecord("log", false, 2_000, "124@457", TaskPhase.STOPPED, 0, null, List.of())));
  }

  @Test
  void whatIsSavedIsWhatIsLoaded() {
    StateFile file = new StateFile(dir);
    assertEquals(Optional.empty(), file.load());
    AgentState state = AgentState.empty("demo").withInstance("arn:ci/1").withTask(running())
        .withTask(running().stopped("CannotStartContainerError: x", Instant.ofEpochMilli(1234)))
        .withTask(new TaskRecord("arn:task/demo/2", TaskPhase.PENDING, null, null, null, List.of()));
    file.save(state);
    assertEquals(Optional.of(state), new StateFile(dir).load());
    assertFalse(Files.exists(dir.resolve(StateFile.NAME + ".tmp")), "the temporary file was renamed over");
  }

  @Test
  void theStoreWritesEveryChangeThrough() {
    StateFile file = new StateFile(dir);
    StateStore store = new StateStore(file, AgentState.empty("demo"));
    store.setInstanceArn("arn:ci/1");
    store.put(running());
    store.update("arn:task/demo/1", t -> t.withReported(TaskPhase.RUNNING));
    AgentState saved = file.load().orElseThrow();
    assertEquals("arn:ci/1", saved.containerInstanceArn());
    assertEquals(TaskPhase.RUNNING, saved.tasks().get("arn:task/demo/1").reported());
    store.remove("arn:task/demo/1");
    assertTrue(file.load().orElseThrow().tasks().isEmpty());
    assertEquals(Optional.empty(), store.update("arn:task/demo/1", t -> t), "an unknown task is not created");
  }

  @Test
  void aFileOfAnotherFormatIsRefused() throws Exception {
    Files.writeString(dir.resolve(StateFile.NAME), "{\"version\":99,\"cluster\":\"demo\",\"tasks\":{}}");
    assertThrows(IllegalStateException.class, () -> new StateFile(dir).load());
  }

  @Test
  void reportsOfATaskRecordFollowItsPhase() {
    TaskRecord pending = new TaskRecord("t", TaskPhase.PENDING, null, null, null,
        List.of(new ContainerRecord("web", true, 1000, null, TaskPhase.PENDING, null, null, List.of())));
    assertEquals(List.of(), pending.report().containers(), "PENDING goes without containers");
    var failed = pending.withContainer("web", c -> c.stopped(null, "CannotStartContainerError: x"))
        .stopped("CannotStartContainerError: x", Instant.ofEpochMilli(5));
    var report = failed.report();
    assertEquals("STOPPED", report.status());
    assertEquals("CannotStartContainerError: x", report.reason());
    assertEquals("STOPPED", report.containers().get(0).status());
    assertEquals(Instant.ofEpochMilli(5), report.executionStoppedAt());
    assertEquals(TaskPhase.RUNNING, failed.withReported(TaskPhase.RUNNING).withReported(TaskPhase.PENDING).reported(),
        "what was reported only moves forward");
  }
}
