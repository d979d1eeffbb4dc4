package dev.berth.functions.endpoint;

import dev.berth.json.JsonTrees;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.auth.identity.Principal;
import dev.berth.auth.sigv4.AuthError;
import dev.berth.auth.sigv4.AuthException;
import dev.berth.protocol.EcsHttp;
import org.junit.jupiter.api.Test;

/** The agent rules that need no store: which operations, which cluster, which instance. */
class AgentPolicyTest {
  private static final String OWN = "arn:aws:ecs:us-east-1:000000000000:container-instance/c1/"
      + "0123456789abcdef0123456789abcdef";
  private static final String OTHER = "arn:aws:ecs:us-east-1:000000000000:container-instance/c1/"
      + "fedcba9876543210fedcba9876543210";
  private static final Principal AGENT = Principal.agent("BSIAAAAAAAAAAAAAAAAA", "c1", OWN);
  private final AgentPolicy policy = new AgentPolicy(null, null);

  @Test
  void anAgentMayHeartbeatForItselfOnly() {
    assertDoesNotThrow(() -> policy.check(AGENT, "Heartbeat", body("{\"cluster\":\"c1\",\"containerInstance\":\""
        + OWN + "\"}")));
    assertDoesNotThrow(() -> policy.check(AGENT, "Heartbeat", body("{\"cluster\":\"c1\",\"containerInstance\":"
        + "\"0123456789abcdef0123456789abcdef\"}")));
    denied("Heartbeat", "{\"cluster\":\"c1\",\"containerInstance\":\"" + OTHER + "\"}");
    denied("Heartbeat", "{\"cluster\":\"c2\",\"containerInstance\":\"" + OWN + "\"}");
    denied("Heartbeat", "{\"cluster\":\"c1\"}");
  }

  @Test
  void anAgentMayOnlyDrainItselfAndNeverCallUserOperations() {
    assertDoesNotThrow(() -> policy.check(AGENT, "UpdateContainerInstancesState",
        body("{\"cluster\":\"c1\",\"containerInstances\":[\"" + OWN + "\"],\"status\":\"DRAINING\"}")));
    denied("UpdateContainerInstancesState", "{\"cluster\":\"c1\",\"containerInstances\":[\"" + OWN
        + "\"],\"status\":\"ACTIVE\"}");
    denied("UpdateContainerInstancesState", "{\"cluster\":\"c1\",\"containerInstances\":[\"" + OWN + "\",\""
        + OTHER + "\"],\"status\":\"DRAINING\"}");
    for (String operation : new String[] {"RunTask", "StopTask", "StartTask", "CreateService", "DeleteCluster",
        "RegisterTaskDefinition", "ListClusters", "CreateCluster", "TagResource", "UntagResource",
        "ListTagsForResource", "PutAttributes", "DeleteAttributes", "ListAttributes", "UpdateCluster",
        "UpdateClusterSettings", "DeleteTaskDefinitions", "ListAccountSettings", "PutAccountSetting",
        "PutAccountSettingDefault", "DeleteAccountSetting", "UpdateTaskProtection", "GetTaskProtection",
        "ListServiceDeployments", "DescribeServiceDeployments", "DescribeServiceRevisions", "StopServiceDeployment"}) {
      denied(operation, "{\"cluster\":\"c1\"}");
    }
    denied("ListTasks", "{\"cluster\":\"c1\"}");
    denied("ListTasks", "{\"cluster\":\"c1\",\"containerInstance\":\"" + OTHER + "\"}");
    denied("RegisterContainerInstance", "{\"cluster\":\"c1\"}");
  }

  private static final Principal ROLE = Principal.instanceRole("BSIAROLEROLEROLEROLE", "c1",
      "arn:aws:sts::123456789012:assumed-role/berth-host/i-0123456789abcdef0", "i-0123456789abcdef0");

  @Test
  void aProvenRoleRegistersOnlyAsItsOwnInstanceInItsCluster() {
    ObjectNode plain = policy.checkInstanceRole(ROLE, "RegisterContainerInstance", body("{\"cluster\":\"c1\"}"));
    assertEquals("{\"instanceId\":\"i-0123456789abcdef0\"}", plain.path("instanceIdentityDocument").asText(),
        "the proven instance id is what registration records");
    assertDoesNotThrow(() -> policy.checkInstanceRole(ROLE, "RegisterContainerInstance", body("{\"cluster\":\"c1\","
        + "\"instanceIdentityDocument\":\"{\\\"instanceId\\\":\\\"i-0123456789abcdef0\\\"}\"}")));
    roleDenied("RegisterContainerInstance", "{\"cluster\":\"c2\"}");
    roleDenied("RegisterContainerInstance", "{\"cluster\":\"c1\",\"instanceIdentityDocument\":"
        + "\"{\\\"instanceId\\\":\\\"i-0fedcba9876543210\\\"}\"}");
    for (String operation : new String[] {"CreateCluster", "RunTask", "Heartbeat", "ListTasks", "StopTask",
        "DeregisterContainerInstance", "DescribeTasks"}) {
      roleDenied(operation, "{\"cluster\":\"c1\"}");
    }
  }

  private void roleDenied(String operation, String json) {
    AuthException e = assertThrows(AuthException.class, () -> policy.checkInstanceRole(ROLE, operation, body(json)),
        operation);
    assertEquals(AuthError.ACCESS_DENIED, e.error());
  }

  @Test
  void anAgentMayDiscoverItsPollEndpoint() {
    assertDoesNotThrow(() -> policy.check(AGENT, "DiscoverPollEndpoint", body("{\"cluster\":\"c1\"}")));
  }

  @Test
  void describeTasksHidesOtherInstancesTasksAsMissing() {
    ObjectNode response = body("{\"tasks\":[{\"taskArn\":\"t1\",\"containerInstanceArn\":\"" + OWN + "\"},"
        + "{\"taskArn\":\"t2\",\"containerInstanceArn\":\"" + OTHER + "\"}],\"failures\":[]}");
    policy.hideOthers(AGENT, response);
    assertEquals(1, response.path("tasks").size());
    assertEquals("t1", response.path("tasks").get(0).path("taskArn").asText());
    assertEquals("t2", response.path("failures").get(0).path("arn").asText());
    assertEquals("MISSING", response.path("failures").get(0).path("reason").asText());
  }

  private void denied(String operation, String json) {
    AuthException e = assertThrows(AuthException.class, () -> policy.check(AGENT, operation, body(json)), operation);
    assertEquals(AuthError.ACCESS_DENIED, e.error());
  }

  private static ObjectNode body(String json) {
    try {
      return (ObjectNode) JsonTrees.read(json);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
