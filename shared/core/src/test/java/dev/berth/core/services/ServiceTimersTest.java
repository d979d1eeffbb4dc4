package dev.berth.core.services;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.model.TaskStatus;
import dev.berth.model.service.SchedulingStrategy;
import dev.berth.model.service.Service;
import dev.berth.model.service.ServiceStatus;
import dev.berth.model.service.TaskDefinitionRevision;
import dev.berth.scheduler.service.ServiceTask;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceTimersTest {
  private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

  private static Service service(int grace) {
    return new Service("default", "web", ServiceStatus.ACTIVE, new TaskDefinitionRevision("web", 1), 1,
        SchedulingStrategy.REPLICA, null, null, null, NOW, 1, null, null, null, grace);
  }

  private static ServiceTask running(Instant startedAt, String health) {
    return new ServiceTask("t1", "d", "ci-1", TaskStatus.RUNNING, TaskStatus.RUNNING, startedAt, null, null, null,
        true, health);
  }

  @Test
  void anUnhealthyTaskInItsGracePeriodIsDueWhenTheGraceEnds() {
    assertEquals(NOW.plusSeconds(90), ServiceTimers.nextDue(service(120),
        List.of(running(NOW.minusSeconds(30), "UNHEALTHY")), NOW));
  }

  @Test
  void pastTheGraceOrWithoutOneTheServiceIsDueAtOnce() {
    assertEquals(NOW, ServiceTimers.nextDue(service(120), List.of(running(NOW.minusSeconds(300), "UNHEALTHY")), NOW));
    assertEquals(NOW, ServiceTimers.nextDue(service(0), List.of(running(NOW.minusSeconds(30), "UNHEALTHY")), NOW));
  }

  @Test
  void aHealthyOrUnknownTaskSetsNoGraceTimer() {
    assertEquals(NOW, ServiceTimers.nextDue(service(120), List.of(running(NOW.minusSeconds(30), "HEALTHY")), NOW));
    assertEquals(NOW, ServiceTimers.nextDue(service(120), List.of(running(NOW.minusSeconds(30), "UNKNOWN")), NOW));
  }
}
