package dev.berth.agent.task;

import com.fasterxml.jackson.databind.JsonNode;

/** The parts of a DescribeTasks entry the agent acts on. */
public record DescribedTask(String taskArn, String taskDefinitionArn, String desiredStatus, String lastStatus,
    JsonNode overrides) {

  public boolean desiredRunning() {
    return "RUNNING".equals(desiredStatus);
  }

  /**
   * Told to stop and free to: not while the control plane holds it DEACTIVATING, draining from its
   * load balancers (it moves it to STOPPING when the deregistration delay is over).
   */
  public boolean toStop() {
    return !desiredRunning() && !"DEACTIVATING".equals(lastStatus);
  }
}
