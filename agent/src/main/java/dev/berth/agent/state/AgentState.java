package dev.berth.agent.state;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the agent keeps across restarts: the cluster and container instance it registered as, and
 * the tasks it runs there.
 */
public record AgentState(int version, String cluster, String containerInstanceArn, Map<String, TaskRecord> tasks) {
  public static final int VERSION = 1;

  public AgentState {
    tasks = Collections.unmodifiableMap(new LinkedHashMap<>(tasks == null ? Map.of() : tasks));
  }

  public static AgentState empty(String cluster) {
    return new AgentState(VERSION, cluster, null, Map.of());
  }

  public AgentState withInstance(String arn) {
    return new AgentState(version, cluster, arn, tasks);
  }

  public AgentState withTask(TaskRecord task) {
    Map<String, TaskRecord> next = new LinkedHashMap<>(tasks);
    next.put(task.taskArn(), task);
    return new AgentState(version, cluster, containerInstanceArn, next);
  }

  public AgentState withoutTask(String taskArn) {
    Map<String, TaskRecord> next = new LinkedHashMap<>(tasks);
    next.remove(taskArn);
    return new AgentState(version, cluster, containerInstanceArn, next);
  }
}
