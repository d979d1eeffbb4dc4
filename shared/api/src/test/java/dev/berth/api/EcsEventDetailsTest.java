package dev.berth.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.core.events.ServiceNotice;
import dev.berth.model.Arns;
import dev.berth.model.Region;
import dev.berth.protocol.Shapes;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Service notices leave as the detail ECS writes for them. */
class EcsEventDetailsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Arns ARNS = new Arns(Region.of("us-east-1", "000000000000"));
  private static final Instant AT = Instant.parse("2026-01-01T00:00:03Z");
  private final EcsEventDetails details = new EcsEventDetails(new Shapes(ARNS));

  @Test
  void aPlacementFailureNamesItsReasonAndClosestInstance() throws Exception {
    String instance = ARNS.containerInstance("prod", "0123456789abcdef0123456789abcdef");
    JsonNode detail = JSON.readTree(details.service(new ServiceNotice.Action(ARNS.service("prod", "web"),
        ARNS.cluster("prod"), "ERROR", "SERVICE_TASK_PLACEMENT_FAILURE", AT, "RESOURCE:MEMORY", instance)));
    assertEquals("ERROR", detail.get("eventType").asText());
    assertEquals("SERVICE_TASK_PLACEMENT_FAILURE", detail.get("eventName").asText());
    assertEquals(ARNS.cluster("prod"), detail.get("clusterArn").asText());
    assertEquals("2026-01-01T00:00:03.000Z", detail.get("createdAt").asText());
    assertEquals("RESOURCE:MEMORY", detail.get("reason").asText());
    assertEquals(instance, detail.at("/containerInstanceArns/0").asText());
  }

  @Test
  void aSteadyStateHasNoReasonNorInstances() throws Exception {
    JsonNode detail = JSON.readTree(details.service(new ServiceNotice.Action(ARNS.service("prod", "web"),
        ARNS.cluster("prod"), "INFO", "SERVICE_STEADY_STATE", AT, null, null)));
    assertFalse(detail.has("reason"));
    assertFalse(detail.has("containerInstanceArns"));
  }

  @Test
  void aDeploymentChangeCarriesItsIdAndUpdatedAt() throws Exception {
    JsonNode detail = JSON.readTree(details.service(new ServiceNotice.DeploymentChange(ARNS.service("prod", "web"),
        "INFO", "SERVICE_DEPLOYMENT_COMPLETED", "ecs-svc/1", AT, "ECS deployment ecs-svc/1 completed.")));
    assertEquals("ecs-svc/1", detail.get("deploymentId").asText());
    assertEquals("2026-01-01T00:00:03.000Z", detail.get("updatedAt").asText());
    assertEquals("ECS deployment ecs-svc/1 completed.", detail.get("reason").asText());
    assertEquals(4 + 1, detail.size(), "eventType, eventName, deploymentId, updatedAt, reason");
  }
}
