package dev.berth.protocol;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.model.EcsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Walks the service model (kept as a resource, never fetched): every request member of every
 * operation Berth implements must be honoured (listed here, with what honours it in mind) or
 * refused ({@link RefusedMembers}). A member added to the model, or an operation added to Berth,
 * fails this test until it is classified. Structures whose members Berth reads one by one are
 * walked too ({@link #WALKED}).
 */
class RequestMembersTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ServiceModel MODEL = ServiceModel.get();

  /** Structures whose members are classified one by one, as {@code member.member} paths. */
  private static final Set<String> WALKED = Set.of("overrides", "overrides.containerOverrides[]",
      "deploymentConfiguration");

  private static final Set<String> TAG_AND_INCLUDE = Set.of("tags", "propagateTags", "enableECSManagedTags", "include");

  private static final Set<String> OVERRIDES = Set.of("overrides.cpu", "overrides.memory", "overrides.taskRoleArn",
      "overrides.executionRoleArn", "overrides.containerOverrides", "overrides.containerOverrides[].name", "overrides.containerOverrides[].command",
      "overrides.containerOverrides[].environment", "overrides.containerOverrides[].cpu",
      "overrides.containerOverrides[].memory", "overrides.containerOverrides[].memoryReservation",
      "overrides.containerOverrides[].resourceRequirements");

  private static final Set<String> DEPLOYMENT = Set.of("deploymentConfiguration.deploymentCircuitBreaker",
      "deploymentConfiguration.maximumPercent", "deploymentConfiguration.minimumHealthyPercent",
      "deploymentConfiguration.alarms", "deploymentConfiguration.strategy");

  /**
   * What each operation honours. {@code tags}, {@code propagateTags}, {@code enableECSManagedTags}
   * and {@code include} count as honoured: tagging is its own piece of work and is never refused.
   */
  private static final Map<String, Set<String>> HONOURED = Map.ofEntries(
      Map.entry("CreateCluster", Set.of("clusterName", "settings", "configuration")),
      Map.entry("UpdateCluster", Set.of("cluster", "settings", "configuration")),
      Map.entry("UpdateClusterSettings", Set.of("cluster", "settings")),
      Map.entry("TagResource", Set.of("resourceArn")),
      Map.entry("UntagResource", Set.of("resourceArn", "tagKeys")),
      Map.entry("ListTagsForResource", Set.of("resourceArn")),
      Map.entry("PutAttributes", Set.of("cluster", "attributes")),
      Map.entry("DeleteAttributes", Set.of("cluster", "attributes")),
      Map.entry("ListAttributes", Set.of("cluster", "targetType", "attributeName", "attributeValue", "nextToken",
          "maxResults")),
      Map.entry("DeleteTaskDefinitions", Set.of("taskDefinitions")),
      Map.entry("ListAccountSettings", Set.of("name", "value", "principalArn", "effectiveSettings", "nextToken",
          "maxResults")),
      Map.entry("PutAccountSetting", Set.of("name", "value", "principalArn")),
      Map.entry("PutAccountSettingDefault", Set.of("name", "value")),
      Map.entry("DeleteAccountSetting", Set.of("name", "principalArn")),
      Map.entry("DeleteCluster", Set.of("cluster")),
      Map.entry("RegisterContainerInstance", Set.of("cluster", "instanceIdentityDocument", "totalResources",
          "versionInfo", "containerInstanceArn", "attributes", "platformDevices")),
      Map.entry("DeregisterContainerInstance", Set.of("cluster", "containerInstance", "force")),
      Map.entry("UpdateContainerInstancesState", Set.of("cluster", "containerInstances", "status")),
      Map.entry("RegisterTaskDefinition", Set.of("family", "taskRoleArn", "executionRoleArn", "networkMode",
          "containerDefinitions", "volumes", "placementConstraints", "requiresCompatibilities", "cpu", "memory",
          "pidMode", "ipcMode")),
      Map.entry("DeregisterTaskDefinition", Set.of("taskDefinition")),
      Map.entry("SubmitTaskStateChange", Set.of("cluster", "task", "status", "reason", "containers", "pullStartedAt",
          "pullStoppedAt", "executionStoppedAt")),
      Map.entry("SubmitContainerStateChange", Set.of("cluster", "task", "containerName", "runtimeId", "status",
          "exitCode", "reason", "networkBindings")),
      Map.entry("RunTask", union(Set.of("cluster", "count", "group", "launchType", "overrides", "placementConstraints",
          "placementStrategy", "startedBy", "taskDefinition", "clientToken"), OVERRIDES)),
      Map.entry("StartTask", union(Set.of("cluster", "containerInstances", "group", "overrides", "startedBy",
          "taskDefinition"), OVERRIDES)),
      Map.entry("StopTask", Set.of("cluster", "task", "reason")),
      Map.entry("CreateService", union(Set.of("cluster", "serviceName", "taskDefinition", "desiredCount",
          "clientToken", "launchType", "deploymentConfiguration", "placementConstraints", "placementStrategy",
          "healthCheckGracePeriodSeconds", "schedulingStrategy", "deploymentController", "loadBalancers", "role",
          "availabilityZoneRebalancing"), DEPLOYMENT)),
      Map.entry("UpdateService", union(Set.of("cluster", "service", "desiredCount", "taskDefinition",
          "deploymentConfiguration", "placementConstraints", "placementStrategy", "forceNewDeployment",
          "healthCheckGracePeriodSeconds", "deploymentController", "availabilityZoneRebalancing", "loadBalancers"),
          DEPLOYMENT)),
      Map.entry("DeleteService", Set.of("cluster", "service", "force")),
      Map.entry("DescribeServices", Set.of("cluster", "services")),
      Map.entry("ListServices", Set.of("cluster", "nextToken", "maxResults", "launchType", "schedulingStrategy",
          "resourceManagementType")),
      Map.entry("DescribeClusters", Set.of("clusters")),
      Map.entry("ListClusters", Set.of("nextToken", "maxResults")),
      Map.entry("DescribeContainerInstances", Set.of("cluster", "containerInstances")),
      Map.entry("ListContainerInstances", Set.of("cluster", "filter", "nextToken", "maxResults", "status")),
      Map.entry("DescribeTaskDefinition", Set.of("taskDefinition")),
      Map.entry("ListTaskDefinitions", Set.of("familyPrefix", "status", "sort", "nextToken", "maxResults")),
      Map.entry("ListTaskDefinitionFamilies", Set.of("familyPrefix", "status", "nextToken", "maxResults")),
      Map.entry("DescribeTasks", Set.of("cluster", "tasks")),
      Map.entry("ListTasks", Set.of("cluster", "containerInstance", "family", "nextToken", "maxResults", "startedBy",
          "serviceName", "desiredStatus", "launchType")),
      Map.entry("UpdateTaskProtection", Set.of("cluster", "tasks", "protectionEnabled", "expiresInMinutes")),
      Map.entry("GetTaskProtection", Set.of("cluster", "tasks")),
      Map.entry("ListServiceDeployments", Set.of("service", "cluster", "status", "createdAt", "nextToken",
          "maxResults")),
      Map.entry("DescribeServiceDeployments", Set.of("serviceDeploymentArns")),
      Map.entry("DescribeServiceRevisions", Set.of("serviceRevisionArns")),
      Map.entry("StopServiceDeployment", Set.of("serviceDeploymentArn", "stopType")),
      Map.entry("Heartbeat", Set.of("cluster", "containerInstance")),
      Map.entry("PublishTaskHealth", Set.of("cluster", "containerInstance", "tasks")));

  @Test
  void everyRequestMemberOfEveryImplementedOperationIsHonouredOrRefused() {
    List<String> unclassified = new ArrayList<>();
    for (String operation : new TreeSet<>(Operations.GROUPS.keySet())) {
      ServiceModel.Shape input = MODEL.input(operation);
      assertTrue(input != null, operation + " has a model");
      Set<String> honoured = union(HONOURED.getOrDefault(operation, Set.of()), TAG_AND_INCLUDE);
      Set<String> refused = new TreeSet<>();
      RefusedMembers.of(operation).forEach(r -> refused.add(r.path()));
      walk(operation, input, "", honoured, refused, unclassified);
    }
    assertEquals(List.of(), unclassified, "request members neither honoured nor refused");
  }

  private static void walk(String operation, ServiceModel.Shape shape, String prefix, Set<String> honoured,
      Set<String> refused, List<String> out) {
    for (var member : shape.members().entrySet()) {
      String path = prefix + member.getKey();
      ServiceModel.Shape type = MODEL.shape(member.getValue());
      if (!honoured.contains(path) && !refused.contains(path) && !refused.contains(path + "[]")) {
        out.add(operation + " " + path);
      }
      if (WALKED.contains(path)) {
        walk(operation, type, path + ".", honoured, refused, out);
      }
      if (type.type().equals("list") && WALKED.contains(path + "[]")) {
        walk(operation, MODEL.shape(type.member()), path + "[].", honoured, refused, out);
      }
    }
  }

  @Test
  void everyRefusalNamesAModelledMemberAndRefusesItWithAnEcsError() {
    for (var entry : RefusedMembers.all().entrySet()) {
      String operation = entry.getKey();
      for (RefusedMembers.Refusal r : entry.getValue()) {
        ObjectNode request = requestSetting(operation, r.path(), r.allowed());
        EcsException e = assertThrows(EcsException.class, () -> RefusedMembers.check(operation, request),
            operation + " " + r.path());
        assertEquals(operation.equals("RegisterTaskDefinition") ? "ClientException" : "InvalidParameterException",
            e.code());
        assertTrue(e.getMessage().contains(r.path().replace("[]", "")) && e.getMessage().contains(r.reason()),
            e.getMessage());
        if (r.allowed() != null) {
          for (String ok : r.allowed()) {
            ObjectNode allowed = requestSetting(operation, r.path(), null);
            setLeaf(allowed, r.path(), NODES.textNode(ok));
            assertDoesNotThrow(() -> RefusedMembers.check(operation, allowed), operation + " " + r.path() + " " + ok);
          }
        }
      }
    }
  }

  @Test
  void unsetOrEmptyMembersAreNotRefused() {
    ObjectNode request = NODES.objectNode();
    request.putArray("capacityProviders");
    request.putNull("serviceConnectDefaults");
    assertDoesNotThrow(() -> RefusedMembers.check("CreateCluster", request));
    ObjectNode run = NODES.objectNode().put("enableExecuteCommand", false).put("launchType", "EC2");
    assertDoesNotThrow(() -> RefusedMembers.check("RunTask", run));
    assertFalse(RefusedMembers.all().containsKey("DescribeTasks"));
  }

  /** A request of the operation that sets {@code path} to a value the model allows, refused unless allowed. */
  private static ObjectNode requestSetting(String operation, String path, Set<String> allowed) {
    ObjectNode root = NODES.objectNode();
    ServiceModel.Shape shape = MODEL.input(operation);
    JsonNode parent = root;
    String[] segments = path.split("\\.");
    for (int i = 0; i < segments.length; i++) {
      boolean each = segments[i].endsWith("[]");
      String name = each ? segments[i].substring(0, segments[i].length() - 2) : segments[i];
      String shapeName = shape.members().get(name);
      assertTrue(shapeName != null, operation + " has no member " + name + " in " + path);
      shape = MODEL.shape(shapeName);
      boolean last = i == segments.length - 1;
      if (each) {
        ServiceModel.Shape element = MODEL.shape(shape.member());
        var list = ((ObjectNode) parent).putArray(name);
        if (last) {
          list.add(value(element, allowed));
        } else {
          parent = list.addObject();
        }
        shape = element;
      } else if (last) {
        ((ObjectNode) parent).set(name, value(shape, allowed));
      } else {
        parent = ((ObjectNode) parent).putObject(name);
      }
    }
    return root;
  }

  private static void setLeaf(ObjectNode root, String path, JsonNode value) {
    String[] segments = path.split("\\.");
    JsonNode parent = root;
    for (int i = 0; i < segments.length - 1; i++) {
      String s = segments[i].replace("[]", "");
      parent = parent.get(s);
      if (parent.isArray()) {
        parent = parent.get(0);
      }
    }
    String last = segments[segments.length - 1];
    if (last.endsWith("[]")) {
      ((ObjectNode) parent).putArray(last.substring(0, last.length() - 2)).add(value);
    } else {
      ((ObjectNode) parent).set(last, value);
    }
  }

  private static JsonNode value(ServiceModel.Shape shape, Set<String> allowed) {
    return switch (shape.type()) {
      case "string" -> NODES.textNode(shape.enums() == null ? "x"
          : shape.enums().stream().filter(v -> allowed == null || !allowed.contains(v)).sorted().findFirst().orElseThrow());
      case "boolean" -> NODES.booleanNode(true);
      case "integer", "long" -> NODES.numberNode(1);
      case "list" -> NODES.arrayNode().add(value(MODEL.shape(shape.member()), allowed));
      case "map" -> NODES.objectNode().put("k", "v");
      default -> NODES.objectNode();
    };
  }

  @SafeVarargs
  private static Set<String> union(Set<String>... sets) {
    Set<String> out = new TreeSet<>();
    for (Set<String> s : sets) {
      out.addAll(s);
    }
    return out;
  }
}
