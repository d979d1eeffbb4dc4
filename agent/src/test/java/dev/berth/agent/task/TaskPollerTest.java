package dev.berth.agent.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.agent.ecs.ControlPlane;
import dev.berth.agent.ecs.FakeEcs;
import dev.berth.agent.report.Backoff;
import dev.berth.agent.report.ReportQueue;
import dev.berth.agent.report.TaskStateReport;
import dev.berth.agent.state.AgentState;
import dev.berth.agent.state.ContainerRecord;
import dev.berth.agent.state.StateFile;
import dev.berth.agent.state.StateStore;
import dev.berth.agent.state.TaskPhase;
import dev.berth.agent.state.TaskRecord;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The polling protocol and the task lifecycle, with an in-memory endpoint and runtime: what each
 * poll asks, what it starts and stops, what is reported, and what a restarted agent does.
 */
class TaskPollerTest {
  private static final String T1 = "arn:aws:ecs:us-east-1:0:task/demo/t1";
  private static final String T2 = "arn:aws:ecs:us-east-1:0:task/demo/t2";
  private static final String DEFINITION = """
      {"taskDefinition":{"family":"web","revision":1,"containerDefinitions":[
        {"name":"main","image":"x","command":["serve"],"stopTimeout":4},
        {"name":"side","image":"x","command":["log"],"essential":false}]}}""";

  @TempDir
  Path dir;
  private final FakeEcs ecs = new FakeEcs();
  private final FakeRuntime runtime = new FakeRuntime();
  private final List<String> reports = new CopyOnWriteArrayList<>();
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private StateStore state;
  private TaskSupervisor tasks;
  private TaskPoller poller;

  @BeforeEach
  void start() {
    start(AgentState.empty("demo").withInstance("arn:ci/1"));
  }

  private void start(AgentState initial) {
    state = new StateStore(new StateFile(dir), initial);
    ReportQueue queue = new ReportQueue(this::record, Runnable::run, (d, a) -> { },
        Backoff.reports(new java.util.Random(1)),
        (r, ok) -> state.update(r.taskArn(), t -> t.withReported(TaskPhase.valueOf(r.status()))));
    tasks = new TaskSupervisor(runtime, state, queue, executor,
        Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC));
    poller = new TaskPoller(new ControlPlane(ecs), "demo", state::instanceArn, tasks, new TaskSpecs(Duration.ofSeconds(30)));
  }

  @AfterEach
  void stop() throws InterruptedException {
    // the workers write the state file; let them finish before the directory goes
    executor.shutdownNow();
    executor.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
  }

  private void record(TaskStateReport r) {
    StringBuilder line = new StringBuilder(r.taskArn().substring(r.taskArn().lastIndexOf('/') + 1)).append(' ')
        .append(r.status());
    r.containers().forEach(c -> line.append(' ').append(c.containerName()).append('=').append(c.status())
        .append(c.exitCode() == null ? "" : "(" + c.exitCode() + ")"));
    if (r.reason() != null) {
      line.append(" reason=").append(r.reason());
    }
    reports.add(line.toString());
  }

  private static String described(String arn, String desired, String last) {
    return "{\"taskArn\":\"" + arn + "\",\"taskDefinitionArn\":\"td:web:1\",\"desiredStatus\":\"" + desired
        + "\",\"lastStatus\":\"" + last + "\",\"overrides\":{\"containerOverrides\":[]}}";
  }

  private void listed(String... arns) {
    ecs.answer("ListTasks", "{\"taskArns\":[" + String.join(",", List.of(arns).stream().map(a -> "\"" + a + "\"")
        .toList()) + "]}");
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(30);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("gave up waiting for " + what);
      }
      Thread.sleep(10);
    }
  }

  @Test
  void aNewTaskIsStartedAndASteadyPollIsOneCall() throws Exception {
    listed(T1);
    ecs.answer("DescribeTasks", "{\"tasks\":[" + described(T1, "RUNNING", "PENDING") + "]}");
    ecs.answer("DescribeTaskDefinition", DEFINITION);
    poller.pollOnce();
    await("RUNNING reported", () -> reports.contains("t1 RUNNING main=RUNNING side=RUNNING"));
    assertEquals("t1 PENDING", reports.get(0));
    assertEquals(List.of("start main", "start side"), runtime.calls);

    int before = ecs.calls.size();
    listed(T1);
    poller.pollOnce();
    assertEquals(List.of("ListTasks"), ecs.operations().subList(before, ecs.calls.size()));
    assertEquals(List.of("start main", "start side"), runtime.calls, "started once");
  }

  @Test
  void aTaskNoLongerListedAndDesiredStoppedIsStoppedThenForgotten() throws Exception {
    aNewTaskIsStartedAndASteadyPollIsOneCall();
    listed();
    ecs.answer("DescribeTasks", "{\"tasks\":[" + described(T1, "STOPPED", "RUNNING") + "]}");
    poller.pollOnce();
    await("STOPPED reported", () -> reports.contains("t1 STOPPED main=STOPPED(143) side=STOPPED(143)"));
    assertTrue(runtime.calls.contains("stop main-1 4s"), runtime.calls.toString());
    assertTrue(runtime.calls.contains("stop side-2 30s"), "ECS_CONTAINER_STOP_TIMEOUT for a container without one");
    assertTrue(runtime.calls.containsAll(List.of("remove main-1", "remove side-2")));

    listed();
    poller.pollOnce();
    assertFalse(tasks.knows(T1), "stopped, reported and no longer listed: forgotten");
    assertTrue(state.tasks().isEmpty());
  }

  @Test
  void aTaskToldToStopBeforeTheAgentSawItIsReportedStoppedOnce() throws Exception {
    TaskPoller checking = new TaskPoller(new ControlPlane(ecs), "demo", state::instanceArn, tasks,
        new TaskSpecs(Duration.ofSeconds(30)), 1);
    listed(); // nothing desired RUNNING here
    listed(T1, T2); // desired STOPPED: t1 never started, t2 already stopped
    ecs.answer("DescribeTasks", "{\"tasks\":[" + described(T1, "STOPPED", "PENDING") + ","
        + described(T2, "STOPPED", "STOPPED") + "]}");
    checking.pollOnce();
    await("STOPPED reported", () -> reports.stream().anyMatch(r -> r.startsWith("t1 STOPPED")));
    assertEquals(List.of("t1 STOPPED reason=" + TaskPoller.STOPPED_BEFORE_START), reports);
    assertEquals("STOPPED", ecs.calls.get(1).request().path("desiredStatus").asText());
    assertTrue(runtime.calls.isEmpty(), "nothing started");

    int before = ecs.calls.size();
    listed();
    listed(T1, T2);
    checking.pollOnce();
    assertEquals(List.of("ListTasks", "ListTasks"), ecs.operations().subList(before, ecs.calls.size()),
        "tasks already asked about are not described again");
  }

  @Test
  void aTaskTheControlPlaneNoLongerHasIsStopped() throws Exception {
    aNewTaskIsStartedAndASteadyPollIsOneCall();
    listed();
    ecs.answer("DescribeTasks", "{\"tasks\":[],\"failures\":[{\"arn\":\"" + T1 + "\",\"reason\":\"MISSING\"}]}");
    poller.pollOnce();
    await("STOPPED reported", () -> reports.stream().anyMatch(r -> r.startsWith("t1 STOPPED")));
  }

  @Test
  void theEssentialContainersExitStopsTheOthersAndANonEssentialExitIsReportedAlone() throws Exception {
    aNewTaskIsStartedAndASteadyPollIsOneCall();
    runtime.exit("side-2", 0);
    await("the sidecar's exit", () -> reports.contains("t1 RUNNING main=RUNNING side=STOPPED(0)"));
    assertFalse(runtime.calls.contains("stop main-1 4s"), "a non-essential exit leaves the task running");
    runtime.exit("main-1", 2);
    await("STOPPED reported", () -> reports.contains("t1 STOPPED main=STOPPED(2) side=STOPPED(0)"));
  }

  @Test
  void aContainerThatCannotStartStopsTheOnesStartedAndFailsTheTask() throws Exception {
    runtime.failToStart.add("side");
    listed(T1);
    ecs.answer("DescribeTasks", "{\"tasks\":[" + described(T1, "RUNNING", "PENDING") + "]}");
    ecs.answer("DescribeTaskDefinition", DEFINITION);
    poller.pollOnce();
    await("STOPPED reported", () -> reports.stream().anyMatch(r -> r.startsWith("t1 STOPPED")));
    assertEquals(List.of("t1 PENDING",
        "t1 STOPPED main=STOPPED(143) side=STOPPED reason=CannotStartContainerError: side cannot start"), reports);
    assertTrue(runtime.calls.contains("stop main-1 4s"));
  }

  @Test
  void definitionsAreReadOnceAndUnknownRunningTasksAreRefused() throws Exception {
    String t3 = "arn:aws:ecs:us-east-1:0:task/demo/t3";
    listed(T1, T2, t3);
    ecs.answer("DescribeTasks", "{\"tasks\":[" + described(T1, "RUNNING", "PENDING") + ","
        + described(T2, "RUNNING", "PENDING") + "," + described(t3, "RUNNING", "RUNNING") + "]}");
    ecs.answer("DescribeTaskDefinition", DEFINITION);
    poller.pollOnce();
    assertEquals(1, ecs.operations().stream().filter("DescribeTaskDefinition"::equals).count());
    await("both RUNNING", () -> reports.stream().filter(r -> r.contains(" RUNNING ")).count() == 2);
    assertTrue(reports.contains("t3 STOPPED reason=" + TaskSupervisor.NO_RECORD), reports.toString());
  }

  @Test
  void aRestartedAgentFollowsItsRunningTasksAndFinishesOnesItWasStarting() throws Exception {
    TaskRecord running = new TaskRecord(T1, TaskPhase.RUNNING, TaskPhase.PENDING, null, null, List.of(
        new ContainerRecord("main", true, 4000, "main-1", TaskPhase.RUNNING, null, null, List.of())));
    TaskRecord starting = new TaskRecord(T2, TaskPhase.PENDING, TaskPhase.PENDING, null, null, List.of(
        new ContainerRecord("main", true, 4000, "main-9", TaskPhase.RUNNING, null, null, List.of()),
        new ContainerRecord("side", false, 4000, null, TaskPhase.PENDING, null, null, List.of())));
    start(AgentState.empty("demo").withInstance("arn:ci/1").withTask(running).withTask(starting));
    tasks.resume();
    assertEquals("t1 RUNNING main=RUNNING", reports.get(0), "RUNNING had not been acknowledged");
    await("the half-started task finished", () -> reports.contains(
        "t2 STOPPED main=STOPPED(143) side=STOPPED reason=" + TaskWorker.RESTARTED_WHILE_STARTING));

    runtime.exit("main-1", 0);
    await("the followed task's exit", () -> reports.contains("t1 STOPPED main=STOPPED(0)"));
    assertFalse(runtime.calls.stream().anyMatch(c -> c.startsWith("start")), "nothing is started twice");
  }

  @Test
  void theLatestStateOfEachTaskIsSentAgainOnRequest() throws Exception {
    listed(T1);
    ecs.answer("DescribeTasks", "{\"tasks\":[" + described(T1, "RUNNING", "PENDING") + "]}");
    ecs.answer("DescribeTaskDefinition", DEFINITION);
    poller.pollOnce();
    await("RUNNING reported", () -> reports.contains("t1 RUNNING main=RUNNING side=RUNNING"));
    int before = reports.size();
    tasks.resendAll();
    assertEquals(before + 1, reports.size());
    assertEquals("t1 RUNNING main=RUNNING side=RUNNING", reports.get(reports.size() - 1));
  }
}
