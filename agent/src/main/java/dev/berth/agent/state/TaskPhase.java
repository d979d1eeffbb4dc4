package dev.berth.agent.state;

/** A task's or container's status as the agent reports it; only ever moves forward. */
public enum TaskPhase {
  PENDING, RUNNING, STOPPED;

  public boolean after(TaskPhase other) {
    return other == null || compareTo(other) > 0;
  }
}
