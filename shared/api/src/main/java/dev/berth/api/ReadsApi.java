package dev.berth.api;

import dev.berth.protocol.EcsOperation;
import java.util.HashMap;
import java.util.Map;
import javax.inject.Inject;

/** The reads function's operations: every Describe*, List* and Get*, by resource. */
public final class ReadsApi {
  private final Map<String, EcsOperation> operations = new HashMap<>();

  @Inject
  public ReadsApi(ClusterReadsApi clusters, ContainerInstanceReadsApi instances, TaskDefinitionReadsApi definitions,
      TaskReadsApi tasks, ServiceReadsApi services, TaskProtectionApi protection, ServiceDeploymentsApi deployments) {
    operations.putAll(clusters.operations());
    operations.putAll(instances.operations());
    operations.putAll(definitions.operations());
    operations.putAll(tasks.operations());
    operations.put("GetTaskProtection", protection::get);
    operations.putAll(services.operations());
    operations.put("ListServiceDeployments", deployments::list);
    operations.put("DescribeServiceDeployments", deployments::describe);
    operations.put("DescribeServiceRevisions", deployments::describeRevisions);
  }

  public Map<String, EcsOperation> operations() {
    return Map.copyOf(operations);
  }
}
