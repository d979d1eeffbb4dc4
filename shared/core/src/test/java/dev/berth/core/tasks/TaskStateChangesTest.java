package dev.berth.core.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.model.Container;
import dev.berth.model.NetworkBinding;
import dev.berth.model.Resources;
import dev.berth.model.Task;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TaskStateChangesTest {
  private static final Instant CREATED = Instant.parse("2024-05-01T10:00:00Z");
  private static final Instant T1 = CREATED.plusSeconds(10);
  private static final Instant T2 = CREATED.plusSeconds(20);

  private static Container container(String name, String status) {
    return new Container(name + "-id", name, "nginx", null, status, null, null, List.of(), 0, 128, null);
  }

  private static Task pendingTask() {
    return new Task("default", "0123456789abcdef0123456789abcdef", "web", 1, "fedcba9876543210fedcba9876543210",
        "us-east-1a", "PENDING", "RUNNING", new Resources(0, 256, Set.of(), Set.of()),
        List.of(container("app", "PENDING"), container("sidecar", "PENDING")), null, null, "family:web", CREATED,
        null, null, null, null, null, null, null, null, 1, null);
  }

  private static StateChange.ContainerChange containerChange(String name, String status, Integer exitCode,
      String reason) {
    return new StateChange.ContainerChange(name, null, status, exitCode, reason, List.of());
  }

  private static StateChange taskChange(String status, String reason, Instant at,
      StateChange.ContainerChange... containers) {
    return new StateChange(StateChange.TASK, "default", "0123456789abcdef0123456789abcdef", status, reason,
        List.of(containers), null, null, null, at);
  }

  private static StateChange containerOnly(Instant at, StateChange.ContainerChange change) {
    return new StateChange(StateChange.CONTAINER, "default", "0123456789abcdef0123456789abcdef", null, null,
        List.of(change), null, null, null, at);
  }

  private static Task running() {
    return TaskStateChanges.advance(pendingTask(), taskChange("RUNNING", null, T1));
  }

  private static Container named(Task task, String name) {
    return task.containers().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void runningMovesTheTaskForwardAndSetsStartedAt() {
    Task t = running();
    assertEquals("RUNNING", t.lastStatus());
    assertEquals(T1, t.startedAt());
    assertEquals("RUNNING", t.desiredStatus());
    assertEquals(2, t.version());
  }

  @Test
  void duplicateChangeReturnsTheSameInstance() {
    Task t = running();
    assertSame(t, TaskStateChanges.advance(t, taskChange("RUNNING", null, T2)));
  }

  @Test
  void regressionToPendingIsIgnored() {
    Task t = running();
    assertSame(t, TaskStateChanges.advance(t, taskChange("PENDING", null, T2)));
  }

  @Test
  void lateRunningAfterStoppedIsIgnored() {
    Task stopped = TaskStateChanges.advance(running(), taskChange("STOPPED", null, T2));
    Task after = TaskStateChanges.advance(stopped, taskChange("RUNNING", null, T2.plusSeconds(1),
        containerChange("app", "RUNNING", null, null)));
    assertSame(stopped, after);
    assertEquals("STOPPED", after.lastStatus());
  }

  @Test
  void repeatedRunningKeepsTheFirstStartedAt() {
    Task t = running();
    Task again = TaskStateChanges.advance(t, taskChange("RUNNING", null, T2,
        containerChange("app", "RUNNING", null, null)));
    assertEquals(T1, again.startedAt());
    assertEquals("RUNNING", named(again, "app").lastStatus());
  }

  @Test
  void stopAfterRunningIsEssentialContainerExited() {
    Task t = TaskStateChanges.advance(running(), taskChange("STOPPED", null, T2,
        containerChange("app", "STOPPED", 1, null)));
    assertEquals("STOPPED", t.lastStatus());
    assertEquals("STOPPED", t.desiredStatus());
    assertEquals(Task.STOP_ESSENTIAL_CONTAINER_EXITED, t.stopCode());
    assertEquals("Essential container in task exited", t.stoppedReason());
    assertEquals(T2, t.stoppedAt());
    assertEquals(T2, t.stoppingAt());
    assertEquals(T2, t.executionStoppedAt());
  }

  @Test
  void stopAfterRunningKeepsTheStandardReasonWhateverTheAgentSays() {
    Task t = TaskStateChanges.advance(running(), taskChange("STOPPED", "Task stopped by the agent", T2));
    assertEquals(Task.STOP_ESSENTIAL_CONTAINER_EXITED, t.stopCode());
    assertEquals("Essential container in task exited", t.stoppedReason());
  }

  @Test
  void stopBeforeRunningIsTaskFailedToStartWithTheAgentsReason() {
    Task t = TaskStateChanges.advance(pendingTask(), taskChange("STOPPED", "CannotPullContainerError: no such image",
        T1));
    assertEquals(Task.STOP_TASK_FAILED_TO_START, t.stopCode());
    assertEquals("CannotPullContainerError: no such image", t.stoppedReason());
    assertNull(t.startedAt());
  }

  @Test
  void stopBeforeRunningFallsBackToTheContainersReason() {
    Task t = TaskStateChanges.advance(pendingTask(), taskChange("STOPPED", null, T1,
        containerChange("app", "STOPPED", null, "CannotStartContainerError: port is already allocated")));
    assertEquals(Task.STOP_TASK_FAILED_TO_START, t.stopCode());
    assertEquals("CannotStartContainerError: port is already allocated", t.stoppedReason());
  }

  @Test
  void stopBeforeRunningWithoutAnyReasonHasAGenericOne() {
    Task t = TaskStateChanges.advance(pendingTask(), taskChange("STOPPED", null, T1));
    assertEquals(Task.STOP_TASK_FAILED_TO_START, t.stopCode());
    assertEquals("Task failed to start", t.stoppedReason());
  }

  @Test
  void userInitiatedStopKeepsItsCodeAndReason() {
    Task stopping = running().stopRequested(Task.STOP_USER_INITIATED, "scale down", T1.plusSeconds(1));
    Task t = TaskStateChanges.advance(stopping, taskChange("STOPPED", null, T2));
    assertEquals(Task.STOP_USER_INITIATED, t.stopCode());
    assertEquals("scale down", t.stoppedReason());
    assertEquals(T1.plusSeconds(1), t.stoppingAt());
    assertEquals(T2, t.stoppedAt());
  }

  @Test
  void stoppingTheTaskStopsContainersTheAgentDidNotMention() {
    Task t = TaskStateChanges.advance(running(), taskChange("STOPPED", null, T2,
        containerChange("app", "STOPPED", 0, null)));
    assertEquals("STOPPED", named(t, "app").lastStatus());
    assertEquals(0, named(t, "app").exitCode());
    assertEquals("STOPPED", named(t, "sidecar").lastStatus());
    assertNull(named(t, "sidecar").exitCode());
  }

  @Test
  void laterContainerReportFillsInTheExitCode() {
    Task stopped = TaskStateChanges.advance(running(), taskChange("STOPPED", null, T2));
    Task filled = TaskStateChanges.advance(stopped, containerOnly(T2.plusSeconds(1),
        containerChange("sidecar", "STOPPED", 137, "OutOfMemoryError")));
    assertNotSame(stopped, filled);
    assertEquals(137, named(filled, "sidecar").exitCode());
    assertEquals("OutOfMemoryError", named(filled, "sidecar").reason());
    assertEquals(stopped.stoppedAt(), filled.stoppedAt());
    assertEquals(stopped.version() + 1, filled.version());
  }

  @Test
  void knownExitCodeIsNotOverwrittenByARepeat() {
    Task stopped = TaskStateChanges.advance(running(), taskChange("STOPPED", null, T2,
        containerChange("app", "STOPPED", 0, null)));
    Task repeat = TaskStateChanges.advance(stopped, containerOnly(T2.plusSeconds(1),
        containerChange("app", "STOPPED", 1, null)));
    assertSame(stopped, repeat);
  }

  @Test
  void containerChangeAloneMovesTheContainerButNotTheTask() {
    StateChange.ContainerChange change = new StateChange.ContainerChange("app", "docker-1", "RUNNING", null, null,
        List.of(new NetworkBinding("0.0.0.0", 80, 32768, "tcp")));
    Task t = TaskStateChanges.advance(pendingTask(), containerOnly(T1, change));
    assertEquals("PENDING", t.lastStatus());
    assertNull(t.startedAt());
    assertEquals("RUNNING", named(t, "app").lastStatus());
    assertEquals("docker-1", named(t, "app").runtimeId());
    assertEquals(32768, named(t, "app").networkBindings().get(0).hostPort());
    assertEquals("PENDING", named(t, "sidecar").lastStatus());
  }

  @Test
  void containerRegressionIsIgnored() {
    Task t = TaskStateChanges.advance(pendingTask(), containerOnly(T1, containerChange("app", "STOPPED", 2, null)));
    assertSame(t, TaskStateChanges.advance(t, containerOnly(T2, containerChange("app", "RUNNING", null, null))));
  }

  @Test
  void pullTimesAreRecordedOnce() {
    StateChange withPull = new StateChange(StateChange.TASK, "default", "0123456789abcdef0123456789abcdef", "PENDING",
        null, List.of(), T1, T1.plusSeconds(3), null, T2);
    Task pulled = TaskStateChanges.advance(pendingTask(), withPull);
    assertEquals(T1, pulled.pullStartedAt());
    assertEquals(T1.plusSeconds(3), pulled.pullStoppedAt());
    assertEquals("PENDING", pulled.lastStatus());
    assertSame(pulled, TaskStateChanges.advance(pulled, withPull));
  }

  @Test
  void agentExecutionStoppedAtIsKept() {
    StateChange stop = new StateChange(StateChange.TASK, "default", "0123456789abcdef0123456789abcdef", "STOPPED",
        null, List.of(), null, null, T1.plusSeconds(5), T2);
    Task t = TaskStateChanges.advance(running(), stop);
    assertEquals(T1.plusSeconds(5), t.executionStoppedAt());
    assertEquals(T2, t.stoppedAt());
  }

  @Test
  void taskChangeWithoutStatusOnlyUpdatesContainers() {
    Task t = TaskStateChanges.advance(pendingTask(), taskChange(null, null, T1,
        containerChange("app", "RUNNING", null, null)));
    assertEquals("PENDING", t.lastStatus());
    assertTrue(named(t, "app").lastStatus().equals("RUNNING"));
  }

  @Test
  void hostPortsBoundAfterPlacementJoinTheReservation() {
    StateChange.ContainerChange app = new StateChange.ContainerChange("app", "docker-id", "RUNNING", null, null,
        List.of(new NetworkBinding("127.0.0.1", 80, 32768, "tcp"), new NetworkBinding("127.0.0.1", 53, 32769, "udp")));
    Task t = TaskStateChanges.advance(pendingTask(), taskChange("RUNNING", null, T1, app));
    assertEquals(Set.of(32768), t.reservation().tcpPorts());
    assertEquals(Set.of(32769), t.reservation().udpPorts());
    assertEquals(256, t.reservation().memory());
    Task again = TaskStateChanges.advance(t, taskChange("RUNNING", null, T2, app));
    assertSame(t, again, "a duplicate changes nothing");
  }
}
