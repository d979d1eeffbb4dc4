package dev.berth.agent.report;

import dev.berth.agent.task.NetworkBinding;
import java.time.Instant;
import java.util.List;

/**
 * One SubmitTaskStateChange: the task's status (PENDING, RUNNING or STOPPED) with its containers'
 * states riding inside it, as the ECS agent sends them.
 *
 * @param reason why the task stopped (a start failure); null otherwise
 * @param executionStoppedAt when the last container stopped; null until STOPPED
 * @param pullStartedAt when the task's first image pull started; null if none
 * @param pullStoppedAt when its last image pull ended; null if none
 */
public record TaskStateReport(String taskArn, String status, String reason, List<Container> containers,
    Instant executionStoppedAt, Instant pullStartedAt, Instant pullStoppedAt) {

  /** ECS takes a reason of up to 1,024 characters and refuses longer ones outright. */
  public static final int MAX_REASON = 1024;

  public TaskStateReport {
    containers = List.copyOf(containers);
    reason = truncate(reason);
  }

  public TaskStateReport(String taskArn, String status, String reason, List<Container> containers,
      Instant executionStoppedAt) {
    this(taskArn, status, reason, containers, executionStoppedAt, null, null);
  }

  public record Container(String containerName, String runtimeId, String status, Integer exitCode, String reason,
      List<NetworkBinding> networkBindings) {
    public Container {
      networkBindings = List.copyOf(networkBindings);
      reason = truncate(reason);
    }
  }

  static String truncate(String reason) {
    return reason == null || reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 3) + "...";
  }
}
