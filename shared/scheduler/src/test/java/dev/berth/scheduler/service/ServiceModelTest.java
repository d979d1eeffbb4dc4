package dev.berth.scheduler.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.model.Resources;
import dev.berth.model.Task;
import dev.berth.model.TaskStatus;
import dev.berth.model.service.Deployment;
import dev.berth.model.service.DeploymentConfiguration;
import dev.berth.model.service.DeploymentStatus;
import dev.berth.model.service.RolloutState;
import dev.berth.model.service.SchedulingStrategy;
import dev.berth.model.service.Service;
import dev.berth.model.service.ServiceEvent;
import dev.berth.model.service.ServiceStatus;
import dev.berth.model.service.ServiceThrottle;
import dev.berth.model.service.TaskDefinitionRevision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServiceModelTest {
  private static final Instant T = Instant.parse("2024-05-01T00:00:00Z");

  @ParameterizedTest(name = "D={0} min {1}% max {2}% -> {3}/{4}")
  @CsvSource({"10, 50, 200, 5, 20", "10, 100, 200, 10, 20", "10, 0, 100, 0, 10", "1, 100, 100, 1, 1",
      "2, 75, 100, 2, 2", "3, 100, 125, 3, 3", "4, 50, 200, 2, 8", "0, 100, 200, 0, 0", "7, 33, 150, 3, 10"})
  void minHealthyRoundsUpAndMaxTotalRoundsDown(int d, int min, int max, int minHealthy, int maxTotal) {
    assertEquals(new RolloutBounds(minHealthy, maxTotal),
        RolloutBounds.of(d, new DeploymentConfiguration(max, min, null)));
  }

  @Test
  void deploymentIdsAreEcsSvcAndNineteenDigits() {
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 1000; i++) {
      String id = Deployment.newId(random);
      assertTrue(id.matches("ecs-svc/[1-9]\\d{18}"), id);
      assertTrue(Deployment.isId(id));
    }
    assertFalse(Deployment.isId("ecs-svc/123"));
  }

  @Test
  void aNewDeploymentIsPrimaryAndInProgress() {
    Deployment d = Deployment.start("ecs-svc/1234567890123456789", new TaskDefinitionRevision("web", 3), 4, T);
    assertEquals(DeploymentStatus.PRIMARY, d.status());
    assertEquals(RolloutState.IN_PROGRESS, d.rolloutState());
    assertEquals("ECS deployment ecs-svc/1234567890123456789 in progress.", d.rolloutStateReason());
    assertEquals(4, d.desiredCount());
    assertEquals(0, d.pendingCount() + d.runningCount() + d.failedTasks());
    assertEquals("web:3", d.taskDefinition().toString());
  }

  @Test
  void aServiceTakesEcsDefaultsForItsSchedulingStrategy() {
    Service replica = new Service("default", "web", ServiceStatus.ACTIVE, new TaskDefinitionRevision("web", 1), 2,
        null, null, null, null, T, 1, null, null, null);
    assertEquals(SchedulingStrategy.REPLICA, replica.schedulingStrategy());
    assertEquals(new DeploymentConfiguration(200, 100, null), replica.deploymentConfiguration());
    assertFalse(replica.deploymentConfiguration().deploymentCircuitBreaker().enable());
    assertEquals("service:web", replica.group());
    assertEquals(ServiceThrottle.NONE, replica.throttle());
    Service daemon = new Service("default", "logs", ServiceStatus.ACTIVE, new TaskDefinitionRevision("logs", 1), 0,
        SchedulingStrategy.DAEMON, null, null, null, T, 1, null, null, null);
    assertEquals(new DeploymentConfiguration(100, 0, null), daemon.deploymentConfiguration());
    assertTrue(daemon.daemon());
  }

  @Test
  void aServiceKeepsItsNewestHundredEventsNewestFirst() {
    List<ServiceEvent> events = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      events.add(new ServiceEvent("e" + i, T.plusSeconds(150 - i), "m" + i));
    }
    Service s = new Service("default", "web", ServiceStatus.ACTIVE, new TaskDefinitionRevision("web", 1), 2,
        null, null, null, null, T, 1, events, null, null);
    assertEquals(100, s.events().size());
    assertEquals("e0", s.events().get(0).id());
    Service more = s.withEventsAdded(List.of(new ServiceEvent("new", T.plusSeconds(500), "new")));
    assertEquals("new", more.events().get(0).id());
    assertEquals("e98", more.events().get(99).id());
  }

  @Test
  void recordsRejectWhatEcsCannotHold() {
    assertThrows(IllegalArgumentException.class, () -> new TaskDefinitionRevision("web", 0));
    assertThrows(IllegalArgumentException.class, () -> new DeploymentConfiguration(-1, 100, null));
    assertThrows(IllegalArgumentException.class, () -> new ServiceThrottle(null, null, null, -1, null));
  }

  @Test
  void theTaskViewReadsAStoredTask() {
    Task task = new Task("default", "abc", "web", 2, "ci-1", "us-east-1a", "STOPPED", "STOPPED", Resources.NONE,
        List.of(), null, "ecs-svc/1234567890123456789", "service:web", T, null, null, T.plusSeconds(5), null, null,
        null, Task.STOP_TASK_FAILED_TO_START, "CannotPullContainerError", 3, null);
    ServiceTask view = ServiceTask.of(task);
    assertEquals("ecs-svc/1234567890123456789", view.deploymentId());
    assertEquals(TaskStatus.STOPPED, view.lastStatus());
    assertEquals(TaskStatus.STOPPED, view.desiredStatus());
    assertFalse(view.reachedRunning());
    assertTrue(view.failedToStart());
    assertFalse(view.live());
    ServiceTask stoppedByScheduler = new ServiceTask("x", "d", "ci-1", TaskStatus.STOPPED, TaskStatus.STOPPED, null,
        T, ServicePlan.SERVICE_SCHEDULER_INITIATED, false);
    assertFalse(stoppedByScheduler.failedToStart());
  }

  @Test
  void aServiceWithoutAPrimaryDeploymentCannotBePlanned() {
    Sim sim = new Sim().instances(1, 4).replica(1, 100, 200);
    sim.put(sim.primary().withStatus(DeploymentStatus.ACTIVE));
    assertThrows(IllegalArgumentException.class, sim::plan);
  }

  @Test
  void ofTwoPrimaryDeploymentsTheNewerLeadsAndTheOtherBecomesActive() {
    Sim sim = new Sim().instances(2, 4).replica(2, 100, 200).running(2);
    String old = sim.primary().id();
    Deployment newer = Deployment.start(sim.nextDeploymentId(), Sim.td(2), 2, Sim.T0);
    sim.put(newer); // the old one was left PRIMARY as well
    ServicePlan plan = sim.plan();
    assertEquals(newer.id(), plan.primary().id());
    assertEquals(DeploymentStatus.ACTIVE, plan.deployment(old).orElseThrow().status());
    assertEquals(2, plan.launchCount());
  }

  @Test
  void planningTheSameSnapshotTwiceGivesTheSamePlan() {
    Sim a = new Sim().instances(4, 4).replica(8, 50, 200).running(8);
    Sim b = new Sim().instances(4, 4).replica(8, 50, 200).running(8);
    a.deploy(2);
    b.deploy(2);
    assertEquals(a.plan(), b.plan());
  }
}
