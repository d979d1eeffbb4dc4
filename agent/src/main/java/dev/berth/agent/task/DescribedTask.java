package dev.berth.agent.task;

import com.fasterxml.jackson.databind.JsonNode;

/** The parts of a DescribeTasks entry the agent acts on. */
public record DescribedTask(String taskArn, String taskDefinitionArn, String desiredStatus, String lastStatus,
    JsonNode overrides) {

  public boolean desiredRunning() {
    return "RUNNING".equals(desiredStatus);
  }
}
