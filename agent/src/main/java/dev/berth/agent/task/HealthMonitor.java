package dev.berth.agent.task;

import dev.berth.agent.ecs.ControlPlane;
import dev.berth.agent.runtime.ContainerRuntime;
import dev.berth.agent.runtime.ContainerState;
import dev.berth.agent.state.ContainerRecord;
import dev.berth.agent.state.StateStore;
import dev.berth.agent.state.TaskPhase;
import dev.berth.agent.state.TaskRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads the health of the running containers that have a health check and publishes it with
 * PublishTaskHealth: a task as soon as one of its containers' health changes, and every task again
 * each {@code resendEvery}, so a lost publication is repaired. A container's health is published
 * while it runs; after it stops it is left as it was.
 */
public final class HealthMonitor {
  /** One container's last known health. */
  private record Seen(String status, Instant since, String message) {}

  private final ControlPlane ecs;
  private final String cluster;
  private final Supplier<String> instanceArn;
  private final StateStore state;
  private final ContainerRuntime runtime;
  private final Clock clock;
  private final Duration resendEvery;
  private final Map<String, Map<String, Seen>> seen = new HashMap<>();
  private Instant lastFullPublish = Instant.MIN;

  public HealthMonitor(ControlPlane ecs, String cluster, Supplier<String> instanceArn, StateStore state,
      ContainerRuntime runtime, Clock clock, Duration resendEvery) {
    this.ecs = ecs;
    this.cluster = cluster;
    this.instanceArn = instanceArn;
    this.state = state;
    this.runtime = runtime;
    this.clock = clock;
    this.resendEvery = resendEvery;
  }

  /** One round: read, then publish what changed (or everything, when a re-send is due). */
  public synchronized void checkOnce() throws Exception {
    Instant now = clock.instant();
    boolean resend = !now.isBefore(lastFullPublish.plus(resendEvery));
    List<ControlPlane.TaskHealth> publish = new ArrayList<>();
    Map<String, Map<String, Seen>> next = new HashMap<>();
    for (TaskRecord task : state.tasks().values()) {
      if (task.phase() == TaskPhase.STOPPED) {
        continue;
      }
      Map<String, Seen> before = seen.getOrDefault(task.taskArn(), Map.of());
      Map<String, Seen> after = new HashMap<>();
      boolean changed = false;
      for (ContainerRecord c : task.containers()) {
        if (!c.healthChecked() || !c.running()) {
          continue;
        }
        ContainerState s = runtime.state(c.runtimeId());
        Seen was = before.get(c.name());
        Seen is = was != null && was.status().equals(s.health()) ? was : new Seen(s.health(), now, s.healthMessage());
        changed |= is != was;
        after.put(c.name(), is);
      }
      if (after.isEmpty()) {
        continue;
      }
      next.put(task.taskArn(), after);
      if (changed || resend) {
        List<ControlPlane.ContainerHealth> containers = new ArrayList<>();
        after.forEach((name, h) -> containers.add(new ControlPlane.ContainerHealth(name, h.status(), h.since(),
            h.message() == null ? null : cut(h.message()))));
        publish.add(new ControlPlane.TaskHealth(task.taskArn(), containers));
      }
    }
    for (int from = 0; from < publish.size(); from += 100) {
      ecs.publishTaskHealth(cluster, instanceArn.get(), publish.subList(from, Math.min(publish.size(), from + 100)));
    }
    // only once published: a failed round publishes the same changes next time
    seen.clear();
    seen.putAll(next);
    if (resend) {
      lastFullPublish = now;
    }
  }

  private static String cut(String message) {
    return message.length() <= 1024 ? message : message.substring(0, 1021) + "...";
  }
}
