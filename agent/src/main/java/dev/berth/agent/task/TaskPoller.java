package dev.berth.agent.task;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.agent.ecs.ControlPlane;
import dev.berth.agent.ecs.EcsError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Learns what to run by asking, in place of the ECS agent's websocket session. Each poll:
 * <ol>
 *   <li>ListTasks(containerInstance = this instance, desiredStatus = RUNNING), all pages;
 *   <li>DescribeTasks for the listed tasks this agent does not know, and for the tasks it runs that
 *       are no longer listed (one call per 100);
 *   <li>DescribeTaskDefinition for the definitions of new tasks (cached by ARN: a revision never
 *       changes).
 * </ol>
 * A new task desired RUNNING and still PENDING is started. A task it runs whose desired status is
 * STOPPED (or that the control plane no longer has) is stopped, once it is no longer DEACTIVATING
 * (draining from its load balancers). A steady poll is one call.
 *
 * <p>A task told to stop before this agent ever listed it (it was placed and stopped between two
 * polls, or while the agent was restarting or cut off) never shows in that listing, so every
 * {@code stopCheckEvery} polls (the first one included) the agent also lists the instance's tasks
 * desired STOPPED, describes those it has no record of and has not asked about, and reports the
 * ones that never stopped STOPPED: nothing else would, and their resources would stay held.
 */
public final class TaskPoller {
  private static final Logger LOG = Logger.getLogger(TaskPoller.class.getName());
  /**
   * How often the agent looks for tasks stopped before it saw them: every sixth poll (two minutes at
   * the 20 s default), which adds one ListTasks per instance every two minutes to the steady cost.
   */
  public static final int STOP_CHECK_EVERY = 6;
  /** The reason reported for a task told to stop before this agent started it. */
  public static final String STOPPED_BEFORE_START = "Task stopped before it started";

  private final ControlPlane ecs;
  private final String cluster;
  private final Supplier<String> instanceArn;
  private final TaskSupervisor tasks;
  private final TaskSpecs specs;
  private final Map<String, JsonNode> definitions = new ConcurrentHashMap<>();
  /** Polls between two looks at the tasks desired STOPPED; 0: never. */
  private final int stopCheckEvery;
  /** Tasks desired STOPPED already asked about (while they stay listed as such). */
  private final Set<String> stopsSeen = new HashSet<>();
  private long polls;

  /** A poller that never looks for tasks stopped before it saw them. */
  public TaskPoller(ControlPlane ecs, String cluster, Supplier<String> instanceArn, TaskSupervisor tasks,
      TaskSpecs specs) {
    this(ecs, cluster, instanceArn, tasks, specs, 0);
  }

  public TaskPoller(ControlPlane ecs, String cluster, Supplier<String> instanceArn, TaskSupervisor tasks,
      TaskSpecs specs, int stopCheckEvery) {
    this.stopCheckEvery = stopCheckEvery;
    this.ecs = ecs;
    this.cluster = cluster;
    this.instanceArn = instanceArn;
    this.tasks = tasks;
    this.specs = specs;
  }

  public void pollOnce() throws EcsError, IOException {
    String instance = instanceArn.get();
    if (instance == null) {
      return;
    }
    Set<String> listed = new LinkedHashSet<>(ecs.listTasks(cluster, instance, "RUNNING"));
    Set<String> fresh = new LinkedHashSet<>();
    for (String arn : listed) {
      if (!tasks.knows(arn)) {
        fresh.add(arn);
      }
    }
    Set<String> unlisted = new HashSet<>(tasks.running());
    unlisted.removeAll(listed);
    if (!fresh.isEmpty() || !unlisted.isEmpty()) {
      List<String> ask = new ArrayList<>(fresh);
      ask.addAll(unlisted);
      ControlPlane.Described described = ecs.describeTasks(cluster, ask);
      for (DescribedTask task : described.tasks()) {
        if (fresh.contains(task.taskArn())) {
          take(task);
        } else if (unlisted.contains(task.taskArn()) && task.toStop()) {
          tasks.stop(task.taskArn());
        }
      }
      described.missing().stream().filter(unlisted::contains).forEach(tasks::stop);
    }
    tasks.forgetFinished(listed);
    if (stopCheckEvery > 0 && polls++ % stopCheckEvery == 0) {
      settleUnseenStops(instance);
    }
  }

  /** Reports STOPPED the tasks placed here and told to stop before this agent ever saw them. */
  private void settleUnseenStops(String instance) throws EcsError, IOException {
    List<String> desiredStopped = ecs.listTasks(cluster, instance, "STOPPED");
    stopsSeen.retainAll(desiredStopped);
    List<String> unknown = new ArrayList<>();
    for (String arn : desiredStopped) {
      if (!tasks.knows(arn) && !stopsSeen.contains(arn)) {
        unknown.add(arn);
      }
    }
    if (unknown.isEmpty()) {
      return;
    }
    for (DescribedTask task : ecs.describeTasks(cluster, unknown).tasks()) {
      if (!"STOPPED".equals(task.lastStatus())) {
        tasks.refuse(task.taskArn(), STOPPED_BEFORE_START);
      }
      stopsSeen.add(task.taskArn());
    }
  }

  private void take(DescribedTask task) throws EcsError, IOException {
    if (!task.desiredRunning()) {
      return;
    }
    switch (task.lastStatus()) {
      case "PROVISIONING", "PENDING" -> {
        JsonNode definition;
        try {
          definition = definition(task.taskDefinitionArn());
        } catch (EcsError e) {
          if (e.isTransient()) {
            throw e;
          }
          tasks.refuse(task.taskArn(), "CannotDescribeTaskDefinition: " + e.getMessage());
          return;
        }
        tasks.start(specs.of(task, definition));
      }
      case "STOPPED" -> { } // stopped already; the control plane is catching up on its desired status
      default -> {
        LOG.warning("task " + task.taskArn() + " is " + task.lastStatus() + " here but this agent never ran it");
        tasks.refuseUnknown(task.taskArn());
      }
    }
  }

  private JsonNode definition(String arn) throws EcsError, IOException {
    JsonNode cached = definitions.get(arn);
    if (cached == null) {
      cached = ecs.describeTaskDefinition(arn);
      definitions.put(arn, cached);
    }
    return cached;
  }
}
