package dev.berth.functions.endpoint;

import dev.berth.json.JsonTrees;
import static dev.berth.functions.endpoint.EcsResources.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.auth.identity.AccessKeys;
import dev.berth.auth.identity.AgentToken;
import dev.berth.auth.identity.MasterKey;
import dev.berth.auth.identity.Principal;
import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.model.Arns;
import dev.berth.model.ContainerInstance;
import dev.berth.model.EcsException;
import dev.berth.protocol.EcsHttp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Berth's {@code AssumeInstanceIdentity}: the short-lived credential an agent works with, bound to
 * one container instance. An agent gets it by proving itself once with its bootstrap key (a user key
 * whose policy allows {@code ecs:RegisterContainerInstance} on the cluster: it registers, then assumes
 * the identity of the instance it registered), and renews it with the credential itself before it
 * expires. The credential is never part of RegisterContainerInstance's answer, which
 * DescribeContainerInstances can read.
 */
final class AgentCredentials {
  static final Duration LIFETIME = Duration.ofHours(1);

  private final ContainerInstanceStore instances;
  private final MasterKey master;
  private final Arns arns;
  private final Clock clock;
  private final Duration lifetime;

  AgentCredentials(ContainerInstanceStore instances, MasterKey master, Arns arns, Clock clock, Duration lifetime) {
    this.instances = instances;
    this.master = master;
    this.arns = arns;
    this.clock = clock;
    this.lifetime = lifetime;
  }

  /** The instance the request names, as its cluster and ARN; the caller authorises against these. */
  String[] target(JsonNode request) {
    String cluster = Arns.clusterName(text(request, "cluster"));
    String ref = text(request, "containerInstance");
    if (ref == null) {
      throw EcsException.invalidParameter("containerInstance is required.");
    }
    return new String[] {cluster, arns.containerInstance(cluster, Arns.resourceId("container-instance", ref, cluster))};
  }

  /** Issues a credential for an ACTIVE or DRAINING instance. */
  ObjectNode issue(String cluster, String instanceArn) {
    return issue(cluster, instanceArn, null);
  }

  /**
   * The same, for a caller that proved an instance role: only for the EC2 instance its role session
   * names ({@code role.ec2InstanceId()}), which registration recorded on the container instance.
   */
  ObjectNode issueFor(Principal role, String cluster, String instanceArn) {
    if (!cluster.equals(role.cluster())) {
      throw AgentPolicy.deniedRole(role, "AssumeInstanceIdentity", arns.cluster(cluster));
    }
    return issue(cluster, instanceArn, role);
  }

  private ObjectNode issue(String cluster, String instanceArn, Principal role) {
    String id = instanceArn.substring(instanceArn.lastIndexOf('/') + 1);
    ContainerInstance instance = instances.get(cluster, id)
        .orElseThrow(() -> EcsException.invalidParameter("The container instance " + instanceArn + " does not exist."));
    if (ContainerInstance.INACTIVE.equals(instance.status())) {
      // the code the agent's heartbeat already knows: register anew
      throw new EcsException("InactiveInstanceException", "The container instance " + instanceArn
          + " is INACTIVE; register again.", 400, java.util.List.of());
    }
    if (role != null && !role.ec2InstanceId().equals(instance.ec2InstanceId())) {
      throw AgentPolicy.deniedRole(role, "AssumeInstanceIdentity", instanceArn);
    }
    Instant now = clock.instant();
    String keyId = AccessKeys.newKeyId(AccessKeys.TEMPORARY_PREFIX);
    AgentToken token = new AgentToken(keyId, cluster, instanceArn, now, now.plus(lifetime));
    ObjectNode response = JsonTrees.object();
    response.put("containerInstanceArn", instanceArn);
    putCredentials(response, master, token);
    return response;
  }

  /** A temporary credential in the SDK's shape: the token's key id, its derived secret, the token, its expiry. */
  static void putCredentials(ObjectNode response, MasterKey master, AgentToken token) {
    response.putObject("credentials")
        .put("accessKeyId", token.accessKeyId())
        .put("secretAccessKey", AccessKeys.secretFor(master, token.accessKeyId()))
        .put("sessionToken", token.encode(master))
        .put("expiration", token.expiresAt().getEpochSecond());
  }

  /** An agent renews only its own instance's credential. */
  static boolean isOwn(Principal agent, String instanceArn) {
    return agent.containerInstanceArn().equals(instanceArn);
  }
}
