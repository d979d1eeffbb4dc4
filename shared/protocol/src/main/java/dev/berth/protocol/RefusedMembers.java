package dev.berth.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.model.EcsException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The request members of implemented operations that ask for what Berth does not do, refused
 * with a clear error rather than dropped: checked for every request right after the model's
 * validation. A path names a member ({@code overrides.ephemeralStorage}; {@code []} steps into each
 * element of a list). A member with allowed values is refused only with another value; one without
 * is refused whenever it is set (present, a non-empty list, a boolean true). The README lists this
 * table, and a test checks that every request member of every implemented operation is either
 * honoured or here.
 */
public final class RefusedMembers {
  /** One refusal: what is refused, the values still accepted (null: none), and why. */
  public record Refusal(String path, Set<String> allowed, String reason) {}

  private static final String NO_CAPACITY_PROVIDERS =
      "Berth has no capacity providers: tasks run on the container instances registered to the cluster.";
  private static final String EC2_ONLY = "Berth runs the EC2 launch type only.";
  private static final String NO_AWSVPC = "Berth has no awsvpc networking: tasks use bridge, host or none.";
  private static final String NO_EXEC = "Berth has no ECS Exec.";
  private static final String NO_FARGATE = "platformVersion applies to Fargate, which Berth does not run.";
  private static final String NO_EBS = "Berth has no Amazon EBS volumes configured at launch.";
  private static final String NO_REFERENCE = "Berth does not record a referenceId.";
  private static final String NO_REGISTRIES = "Berth has no service discovery.";
  private static final String NO_SERVICE_CONNECT = "Berth has no Service Connect.";
  private static final String NO_LATTICE = "Berth has no VPC Lattice.";
  private static final String NO_GATEWAYS = "Berth has no gateway connectors.";
  private static final String NO_MONITORING = "Berth has no service monitoring configuration.";
  private static final String NO_REBALANCING = "Berth does not rebalance services across Availability Zones.";
  private static final String ROLLING_ONLY = "Berth runs rolling deployments only.";
  private static final String NO_INFERENCE = "Amazon Elastic Inference is not available.";

  private static final Map<String, List<Refusal>> TABLE = new LinkedHashMap<>();

  static {
    add("CreateCluster",
        refuse("capacityProviders", NO_CAPACITY_PROVIDERS),
        refuse("defaultCapacityProviderStrategy", NO_CAPACITY_PROVIDERS),
        refuse("serviceConnectDefaults", NO_SERVICE_CONNECT));
    add("UpdateCluster",
        refuse("serviceConnectDefaults", NO_SERVICE_CONNECT));
    add("RegisterContainerInstance",
        refuse("instanceIdentityDocumentSignature", "Berth does not verify identity document signatures; "
            + "agents authenticate with their Berth credential."));
    add("RegisterTaskDefinition",
        only("requiresCompatibilities[]", Set.of("EC2"), EC2_ONLY),
        refuse("proxyConfiguration", "Berth has no App Mesh proxy configuration."),
        refuse("inferenceAccelerators", NO_INFERENCE),
        refuse("ephemeralStorage", "ephemeralStorage applies to Fargate, which Berth does not run."),
        refuse("runtimePlatform", "Berth does not place by runtimePlatform; use a memberOf constraint on "
            + "ecs.os-type or ecs.cpu-architecture."),
        refuse("enableFaultInjection", "Berth has no fault injection."),
        refuse("trustedExecutionConfiguration", "Berth has no trusted execution."));
    add("SubmitTaskStateChange",
        refuse("attachments", NO_AWSVPC),
        refuse("managedAgents", NO_EXEC));
    add("RunTask",
        refuse("capacityProviderStrategy", NO_CAPACITY_PROVIDERS),
        refuse("enableExecuteCommand", NO_EXEC),
        only("launchType", Set.of("EC2"), EC2_ONLY),
        refuse("networkConfiguration", NO_AWSVPC),
        refuse("platformVersion", NO_FARGATE),
        refuse("referenceId", NO_REFERENCE),
        refuse("volumeConfigurations", NO_EBS),
        refuse("overrides.inferenceAcceleratorOverrides", NO_INFERENCE),
        refuse("overrides.ephemeralStorage", "ephemeralStorage applies to Fargate, which Berth does not run."),
        refuse("overrides.containerOverrides[].environmentFiles", "Berth does not read environment files from S3."));
    add("StartTask",
        refuse("enableExecuteCommand", NO_EXEC),
        refuse("networkConfiguration", NO_AWSVPC),
        refuse("referenceId", NO_REFERENCE),
        refuse("volumeConfigurations", NO_EBS),
        refuse("overrides.inferenceAcceleratorOverrides", NO_INFERENCE),
        refuse("overrides.ephemeralStorage", "ephemeralStorage applies to Fargate, which Berth does not run."),
        refuse("overrides.containerOverrides[].environmentFiles", "Berth does not read environment files from S3."));
    List<Refusal> service = List.of(
        only("availabilityZoneRebalancing", Set.of("DISABLED"), NO_REBALANCING),
        refuse("serviceRegistries", NO_REGISTRIES),
        refuse("capacityProviderStrategy", NO_CAPACITY_PROVIDERS),
        refuse("platformVersion", NO_FARGATE),
        refuse("networkConfiguration", NO_AWSVPC),
        only("deploymentController.type", Set.of("ECS"), "Berth supports the ECS (rolling update) deployment "
            + "controller only."),
        refuse("enableExecuteCommand", NO_EXEC),
        refuse("serviceConnectConfiguration", NO_SERVICE_CONNECT),
        refuse("volumeConfigurations", NO_EBS),
        refuse("vpcLatticeConfigurations", NO_LATTICE),
        refuse("gatewayConnectors", NO_GATEWAYS),
        refuse("monitoring", NO_MONITORING),
        only("deploymentConfiguration.strategy", Set.of("ROLLING"), ROLLING_ONLY),
        refuse("deploymentConfiguration.bakeTimeInMinutes", ROLLING_ONLY),
        refuse("deploymentConfiguration.lifecycleHooks", ROLLING_ONLY),
        refuse("deploymentConfiguration.linearConfiguration", ROLLING_ONLY),
        refuse("deploymentConfiguration.canaryConfiguration", ROLLING_ONLY),
        refuse("deploymentConfiguration.earlySuccessCriteria", ROLLING_ONLY),
        refuse("deploymentConfiguration.alarms.enable", "Berth does not watch CloudWatch alarms during deployments."));
    List<Refusal> create = new ArrayList<>(service);
    create.add(only("launchType", Set.of("EC2"), EC2_ONLY));
    add("CreateService", create.toArray(Refusal[]::new));
    add("UpdateService", service.toArray(Refusal[]::new));
    add("ListTasks", refuse("daemonName", "Berth has no ECS daemons; list a DAEMON service's tasks with serviceName."));
    add("StopServiceDeployment", only("stopType", Set.of("ROLLBACK"), "Berth stops a service deployment by rolling "
        + "it back (stopType ROLLBACK)."));
  }

  private RefusedMembers() {}

  /** The refusals of an operation (none for most). */
  public static List<Refusal> of(String operation) {
    return TABLE.getOrDefault(operation, List.of());
  }

  /** Every refusal, by operation. */
  public static Map<String, List<Refusal>> all() {
    return java.util.Collections.unmodifiableMap(TABLE);
  }

  /** Throws ECS's error for the first refused member the request sets. */
  public static void check(String operation, ObjectNode request) {
    for (Refusal r : of(operation)) {
      for (JsonNode value : values(request, r.path())) {
        if (refused(r, value)) {
          String what = r.allowed() == null ? r.path().replace("[]", "") + " is not supported"
              : r.path().replace("[]", "") + " " + value + " is not supported";
          String message = operation + ": " + what + ". " + r.reason();
          throw operation.equals("RegisterTaskDefinition") ? EcsException.clientException(message)
              : EcsException.invalidParameter(message);
        }
      }
    }
  }

  private static boolean refused(Refusal r, JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return false;
    }
    if (r.allowed() != null) {
      return !value.isTextual() || !r.allowed().contains(value.textValue());
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    return !(value.isContainerNode() && value.isArray() && value.isEmpty());
  }

  /** The values at a path: {@code a.b} steps into members, {@code a[]} into every element of a list. */
  static List<JsonNode> values(JsonNode root, String path) {
    List<JsonNode> current = List.of(root);
    for (String segment : path.split("\\.")) {
      boolean each = segment.endsWith("[]");
      String name = each ? segment.substring(0, segment.length() - 2) : segment;
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode n : current) {
        JsonNode v = n == null ? null : n.get(name);
        if (v == null || v.isNull()) {
          continue;
        }
        if (each) {
          v.forEach(next::add);
        } else {
          next.add(v);
        }
      }
      current = next;
    }
    return current;
  }

  private static void add(String operation, Refusal... refusals) {
    TABLE.put(operation, List.of(refusals));
  }

  private static Refusal refuse(String path, String reason) {
    return new Refusal(path, null, reason);
  }

  private static Refusal only(String path, Set<String> allowed, String reason) {
    return new Refusal(path, allowed, reason);
  }
}
