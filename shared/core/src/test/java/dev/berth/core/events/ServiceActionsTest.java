package dev.berth.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.core.store.EventBus;
import dev.berth.model.Arns;
import dev.berth.model.Region;
import dev.berth.model.service.Deployment;
import dev.berth.model.service.Service;
import dev.berth.model.service.ServiceEvent;
import dev.berth.model.service.ServiceState;
import dev.berth.model.service.ServiceStatus;
import dev.berth.model.service.TaskDefinitionRevision;
import dev.berth.scheduler.service.ServiceEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A service's log entries become ECS's service-action and deployment events, once, oldest first. */
class ServiceActionsTest {
  private static final Arns ARNS = new Arns(Region.of("us-east-1", "000000000000"));
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  private static final String OLD = "ecs-svc/1000000000000000001";
  private static final String NEW = "ecs-svc/1000000000000000002";

  @Test
  void eachLoggedMomentIsItsEcsEvent() throws Exception {
    List<ServiceEvent> newestFirst = new ArrayList<>(List.of(
        event(6, ServiceEvents.steadyState("web")),
        event(5, ServiceEvents.deploymentCompleted("web", NEW)),
        event(4, ServiceEvents.unableToConsistentlyStart("web")),
        event(3, ServiceEvents.unableToPlace("web", "0123456789abcdef0123456789abcdef", "RESOURCE:MEMORY")),
        event(2, ServiceEvents.startedTasks("web", List.of("0123456789abcdef0123456789abcdef"))),
        event(0, ServiceEvents.steadyState("web"))));
    var state = state(newestFirst, List.of(Deployment.start(NEW, new TaskDefinitionRevision("web", 2), 1,
        T.plusSeconds(1))));

    List<ServiceNotice> events = ServiceActions.since(state, T, ARNS);
    List<String> names = new ArrayList<>();
    for (ServiceNotice e : events) {
      names.add(e.detailType() + " " + (e instanceof ServiceNotice.Action a ? a.eventName()
          : ((ServiceNotice.DeploymentChange) e).eventName()));
      assertEquals(ARNS.service("prod", "web"), e.serviceArn());
    }
    assertEquals(List.of(
        "ECS Deployment State Change SERVICE_DEPLOYMENT_IN_PROGRESS",
        "ECS Service Action SERVICE_TASK_PLACEMENT_FAILURE",
        "ECS Service Action SERVICE_TASK_START_IMPAIRED",
        "ECS Deployment State Change SERVICE_DEPLOYMENT_COMPLETED",
        "ECS Service Action SERVICE_STEADY_STATE"), names, "the entry at T itself was sent before");
    var placement = (ServiceNotice.Action) events.get(1);
    assertEquals("RESOURCE:MEMORY", placement.reason());
    assertEquals(ARNS.containerInstance("prod", "0123456789abcdef0123456789abcdef"), placement.containerInstanceArn());
    assertEquals(ARNS.cluster("prod"), placement.clusterArn());
    assertEquals("ERROR", placement.eventType());
    assertEquals(T.plusSeconds(3), placement.at());
    var completed = (ServiceNotice.DeploymentChange) events.get(3);
    assertEquals(NEW, completed.deploymentId());
    assertEquals("ECS deployment " + NEW + " completed.", completed.reason());
    assertEquals(T.plusSeconds(6), ServiceActions.newest(state, T));
    assertEquals(List.of(), ServiceActions.since(state, T.plusSeconds(6), ARNS), "nothing new, nothing sent");
  }

  @Test
  void aFailedDeploymentAndItsRollback() throws Exception {
    var state = state(List.of(event(2, ServiceEvents.rollingBack("web", OLD)),
        event(1, ServiceEvents.deploymentFailed("web", NEW))),
        List.of(Deployment.start("ecs-svc/1000000000000000003", new TaskDefinitionRevision("web", 1), 1,
            T.plusSeconds(2))));
    List<ServiceNotice> events = ServiceActions.since(state, T, ARNS);
    assertEquals(2, events.size());
    var failed = (ServiceNotice.DeploymentChange) events.get(0);
    assertEquals("SERVICE_DEPLOYMENT_FAILED", failed.eventName());
    assertEquals("ERROR", failed.eventType());
    assertEquals(NEW, failed.deploymentId());
    var rollback = (ServiceNotice.DeploymentChange) events.get(1);
    assertEquals("SERVICE_DEPLOYMENT_IN_PROGRESS", rollback.eventName());
    assertEquals("ecs-svc/1000000000000000003", rollback.deploymentId());
    assertEquals("ECS deployment circuit breaker: rolling back to deploymentId " + OLD + ".", rollback.reason());
  }

  private static ServiceEvent event(int seconds, String message) {
    return new ServiceEvent("0123456789abcdef0123456789abcd" + String.format("%02d", seconds), T.plusSeconds(seconds),
        message);
  }

  private static ServiceState state(List<ServiceEvent> newestFirst, List<Deployment> deployments) {
    Service service = new Service("prod", "web", ServiceStatus.ACTIVE, new TaskDefinitionRevision("web", 2), 1,
        null, null, null, null, T, 3, newestFirst, null, null);
    return new ServiceState(service, deployments, Set.of(), null);
  }
}
