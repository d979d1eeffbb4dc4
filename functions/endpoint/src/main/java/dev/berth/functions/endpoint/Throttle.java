package dev.berth.functions.endpoint;

import dev.berth.auth.identity.Principal;
import dev.berth.auth.sigv4.AuthError;
import dev.berth.auth.sigv4.AuthException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ECS's request throttling: one token bucket per caller and per category of operations, with ECS's
 * published burst and sustained rates (multiplied by {@code scale}, so quotas can be raised as ECS
 * raises them on request). Buckets live in the warm container's memory: cheap, approximate across
 * containers, and never a hot item in a table. An agent's buckets are its own, so one host's storm
 * cannot starve the others. Stage throttling and reserved concurrency in the template are the hard cap.
 */
final class Throttle {
  /** A category of operations and its bucket: burst (size) and sustained rate (tokens per second). */
  record Category(String name, int burst, double perSecond) {}

  private static final Category CLUSTER_MODIFY = new Category("cluster modify", 20, 1);
  private static final Category CLUSTER_READ = new Category("cluster read", 50, 20);
  private static final Category DEFINITION_MODIFY = new Category("task definition modify", 20, 1);
  private static final Category DEFINITION_READ = new Category("task definition read", 50, 20);
  private static final Category DEFINITION_DELETE = new Category("task definition deletion", 5, 1);
  private static final Category TAG_MODIFY = new Category("tag modify", 20, 10);
  private static final Category TAG_READ = new Category("tag read", 50, 20);
  private static final Category SETTING_MODIFY = new Category("setting modify", 10, 1);
  private static final Category SETTING_READ = new Category("setting read", 50, 20);
  private static final Category RESOURCE_MODIFY = new Category("cluster resource modify", 100, 40);
  private static final Category RESOURCE_READ = new Category("cluster resource read", 100, 20);
  private static final Category AGENT_MODIFY = new Category("agent modify", 200, 120);
  private static final Category SERVICE_MODIFY = new Category("service modify", 50, 5);
  private static final Category SERVICE_READ = new Category("service read", 100, 20);
  private static final Category PROTECTION = new Category("task protection", 200, 80);
  private static final Category SERVICE_DEPLOYMENT_READ = new Category("service deployment", 50, 20);
  private static final Category SERVICE_REVISION_READ = new Category("service revision", 50, 20);
  /** Berth's own administration (IAM, CloudTrail): not ECS's, sized like a read category. */
  private static final Category ADMIN = new Category("administration", 50, 20);

  private static final Map<String, Category> CATEGORIES = Map.ofEntries(
      Map.entry("CreateCluster", CLUSTER_MODIFY), Map.entry("DeleteCluster", CLUSTER_MODIFY),
      Map.entry("UpdateCluster", CLUSTER_MODIFY), Map.entry("UpdateClusterSettings", CLUSTER_MODIFY),
      Map.entry("PutClusterCapacityProviders", CLUSTER_MODIFY),
      Map.entry("DescribeClusters", CLUSTER_READ), Map.entry("ListClusters", CLUSTER_READ),
      Map.entry("RegisterTaskDefinition", DEFINITION_MODIFY), Map.entry("DeregisterTaskDefinition", DEFINITION_MODIFY),
      Map.entry("DescribeTaskDefinition", DEFINITION_READ), Map.entry("ListTaskDefinitions", DEFINITION_READ),
      Map.entry("ListTaskDefinitionFamilies", DEFINITION_READ),
      Map.entry("DeleteTaskDefinitions", DEFINITION_DELETE),
      Map.entry("TagResource", TAG_MODIFY), Map.entry("UntagResource", TAG_MODIFY),
      Map.entry("ListTagsForResource", TAG_READ),
      Map.entry("PutAccountSetting", SETTING_MODIFY), Map.entry("PutAccountSettingDefault", SETTING_MODIFY),
      Map.entry("DeleteAccountSetting", SETTING_MODIFY), Map.entry("ListAccountSettings", SETTING_READ),
      Map.entry("PutAttributes", RESOURCE_MODIFY), Map.entry("DeleteAttributes", RESOURCE_MODIFY),
      Map.entry("DeregisterContainerInstance", RESOURCE_MODIFY), Map.entry("RunTask", RESOURCE_MODIFY),
      Map.entry("StartTask", RESOURCE_MODIFY), Map.entry("StopTask", RESOURCE_MODIFY),
      Map.entry("UpdateContainerInstancesState", RESOURCE_MODIFY),
      Map.entry("DescribeContainerInstances", RESOURCE_READ), Map.entry("DescribeTasks", RESOURCE_READ),
      Map.entry("ListAttributes", RESOURCE_READ), Map.entry("ListContainerInstances", RESOURCE_READ),
      Map.entry("ListTasks", RESOURCE_READ),
      Map.entry("RegisterContainerInstance", AGENT_MODIFY), Map.entry("SubmitTaskStateChange", AGENT_MODIFY),
      Map.entry("SubmitContainerStateChange", AGENT_MODIFY), Map.entry("DiscoverPollEndpoint", AGENT_MODIFY),
      Map.entry("Heartbeat", AGENT_MODIFY), Map.entry("PublishTaskHealth", AGENT_MODIFY),
      Map.entry("AssumeInstanceIdentity", AGENT_MODIFY), Map.entry("ProveInstanceRole", AGENT_MODIFY),
      Map.entry("CreateService", SERVICE_MODIFY), Map.entry("UpdateService", SERVICE_MODIFY),
      Map.entry("DeleteService", SERVICE_MODIFY),
      Map.entry("DescribeServices", SERVICE_READ), Map.entry("ListServices", SERVICE_READ),
      Map.entry("UpdateTaskProtection", PROTECTION), Map.entry("GetTaskProtection", PROTECTION),
      Map.entry("DescribeServiceDeployments", SERVICE_DEPLOYMENT_READ),
      Map.entry("ListServiceDeployments", SERVICE_DEPLOYMENT_READ),
      Map.entry("DescribeServiceRevisions", SERVICE_REVISION_READ),
      // not in ECS's published table: it changes a service, so it shares "service modify"
      Map.entry("StopServiceDeployment", SERVICE_MODIFY));

  private static final class Bucket {
    private double tokens;
    private long lastNanos;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.lastNanos = now;
    }
  }

  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final Clock clock;
  private final double scale;

  /** @param scale multiplies every burst and rate; 0 turns throttling off. */
  Throttle(Clock clock, double scale) {
    this.clock = clock;
    this.scale = scale;
  }

  /** Takes a token for this call, or throws {@code ThrottlingException} ("Rate exceeded"). */
  void take(Principal principal, String operation) {
    if (scale <= 0) {
      return;
    }
    Category category = CATEGORIES.getOrDefault(operation, ADMIN);
    double burst = category.burst() * scale;
    double rate = category.perSecond() * scale;
    long now = clock.millis() * 1_000_000L;
    Bucket bucket = buckets.computeIfAbsent(principal.arn() + "|" + category.name(), k -> new Bucket(burst, now));
    synchronized (bucket) {
      bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.lastNanos) / 1e9 * rate);
      bucket.lastNanos = now;
      if (bucket.tokens < 1) {
        throw new AuthException(AuthError.THROTTLING, "Rate exceeded");
      }
      bucket.tokens -= 1;
    }
  }
}
