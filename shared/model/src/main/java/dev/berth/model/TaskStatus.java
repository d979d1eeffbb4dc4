package dev.berth.model;

/**
 * The task lifecycle statuses Berth tracks, in order. A task's lastStatus only moves forward
 * through this order, which makes duplicate and late state changes harmless.
 */
public enum TaskStatus {
  PROVISIONING, PENDING, ACTIVATING, RUNNING, DEACTIVATING, STOPPING, DEPROVISIONING, STOPPED;

  public static TaskStatus parse(String value) {
    try {
      return value == null ? null : TaskStatus.valueOf(value);
    } catch (IllegalArgumentException e) {
      throw EcsException.invalidParameter("Invalid status: " + value);
    }
  }

  public boolean after(TaskStatus other) {
    return other == null || ordinal() > other.ordinal();
  }
}
