package dev.berth.scheduler.query;

import java.time.Instant;
import java.util.Set;

/**
 * One container instance as the cluster query language sees it. The caller adapts its own model;
 * an {@link Expression} asks only for what it tests, so costly answers can be computed lazily.
 */
public interface Subject {

  /**
   * The value of the named attribute ({@code attribute:<name>}), or null when the instance does not
   * have it. An attribute registered without a value (such as an agent capability) is the empty
   * string, so that {@code exists} sees it.
   */
  String attribute(String name);

  /** The EC2 instance ID ({@code ec2InstanceId}), or null when unknown. */
  String ec2InstanceId();

  /** Whether the container agent is connected ({@code agentConnected}). */
  boolean agentConnected();

  /** The container agent's version such as {@code 1.15.0} ({@code agentVersion}), or null when unknown. */
  String agentVersion();

  /** When the instance registered ({@code registeredAt}), or null when unknown. */
  Instant registeredAt();

  /** How many tasks are running on the instance ({@code runningTasksCount}). */
  int runningTasksCount();

  /**
   * The groups of the live (not stopped) tasks on the instance ({@code task:group}); empty, never
   * null, when it hosts none.
   */
  Set<String> taskGroups();
}
