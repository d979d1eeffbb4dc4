package dev.berth.local;

import dev.berth.functions.reconciler.ReconcilerHandler;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import software.amazon.awssdk.services.ecs.model.ContainerStateChange;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.NetworkBinding;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Stands in for the agents of a cluster, through the real endpoint: every task told to run is
 * reported RUNNING (or, when {@link #failToStart} matches it, STOPPED before it ever ran), every
 * task told to stop is reported STOPPED. A RUNNING task of a definition with health checks
 * ({@link #checked}) has its health published: UNHEALTHY when {@link #unhealthy} matches it, else
 * HEALTHY. Instances listed as dead report nothing. Also drains the
 * queues the way the Lambda event sources would, so a test moves in deterministic rounds.
 */
final class FakeAgent {
  private final Berth berth;
  private final String cluster;
  private final ReconcilerHandler reconciler;
  private final Set<String> deadInstances = new HashSet<>();
  Predicate<Task> failToStart = t -> false;
  Predicate<Task> checked = t -> false;
  Predicate<Task> unhealthy = t -> false;
  /** The network bindings reported with a task's RUNNING (none unless a test says). */
  java.util.function.Function<Task, List<NetworkBinding>> bindings = t -> List.of();

  FakeAgent(Berth berth, String cluster) {
    this.berth = berth;
    this.cluster = cluster;
    this.reconciler = new ReconcilerHandler(berth.reconcilerAt(berth.clock));
  }

  void kill(String instanceArn) {
    deadInstances.add(instanceArn);
  }

  /** Every task of the cluster that is not STOPPED, plus recently stopped ones. */
  List<Task> tasks() {
    List<String> arns = new ArrayList<>();
    for (DesiredStatus status : List.of(DesiredStatus.RUNNING, DesiredStatus.STOPPED)) {
      berth.ecs.listTasksPaginator(b -> b.cluster(cluster).desiredStatus(status)).taskArns().forEach(arns::add);
    }
    List<Task> out = new ArrayList<>();
    for (int from = 0; from < arns.size(); from += 100) {
      List<String> batch = arns.subList(from, Math.min(arns.size(), from + 100));
      out.addAll(berth.ecs.describeTasks(b -> b.cluster(cluster).tasks(batch)).tasks());
    }
    return out;
  }

  /** Heartbeats from every live agent, as their agents would send them on their interval. */
  void heartbeat() {
    for (String arn : berth.ecs.listContainerInstancesPaginator(b -> b.cluster(cluster)).containerInstanceArns()) {
      if (!deadInstances.contains(arn)) {
        try {
          berth.heartbeat(cluster, arn);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  /** What the cluster's tasks look like: changes whenever any task's status does. */
  String state() {
    return tasks().stream().map(t -> t.taskArn() + t.lastStatus() + t.desiredStatus()).sorted().toList().toString();
  }

  /**
   * Heartbeats, then reports what each live agent would, then applies the reports. Returns how
   * many reports it sent.
   */
  int report() {
    heartbeat();
    int sent = 0;
    for (Task t : tasks()) {
      if (deadInstances.contains(t.containerInstanceArn()) || "STOPPED".equals(t.lastStatus())) {
        continue;
      }
      String container = t.containers().get(0).name();
      if ("STOPPED".equals(t.desiredStatus()) && !"DEACTIVATING".equals(t.lastStatus())) {
        submit(t, "STOPPED", container, 0, null);
        sent++;
      } else if ("PENDING".equals(t.lastStatus())) {
        if (failToStart.test(t)) {
          submit(t, "STOPPED", container, null, "CannotPullContainerError: image not found");
        } else {
          submit(t, "RUNNING", container, null, null, bindings.apply(t));
        }
        sent++;
      } else if ("RUNNING".equals(t.lastStatus()) && checked.test(t)) {
        String health = unhealthy.test(t) ? "UNHEALTHY" : "HEALTHY";
        if (!health.equals(t.healthStatusAsString())) {
          publishHealth(t, container, health);
          sent++;
        }
      }
    }
    berth.drainTaskStateQueue();
    return sent;
  }

  private void submit(Task t, String status, String container, Integer exitCode, String reason) {
    submit(t, status, container, exitCode, reason, List.of());
  }

  private void submit(Task t, String status, String container, Integer exitCode, String reason,
      List<NetworkBinding> networkBindings) {
    berth.ecs.submitTaskStateChange(b -> b.cluster(cluster).task(t.taskArn()).status(status).reason(reason)
        .containers(ContainerStateChange.builder().containerName(container).status(status).exitCode(exitCode)
            .reason(reason).networkBindings(networkBindings).build()));
  }

  private void publishHealth(Task t, String container, String health) {
    String body = "{\"cluster\":\"" + cluster + "\",\"containerInstance\":\"" + t.containerInstanceArn()
        + "\",\"tasks\":[{\"taskArn\":\"" + t.taskArn() + "\",\"containers\":[{\"containerName\":\"" + container
        + "\",\"healthStatus\":\"" + health + "\",\"statusSince\":" + berth.clock.instant().getEpochSecond() + "}]}]}";
    try {
      var response = RawEcs.call(berth.url(), "PublishTaskHealth", body, berth.adminKey);
      if (response.statusCode() != 200) {
        throw new IllegalStateException("PublishTaskHealth refused: " + response.body());
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A new cluster of {@code instances} container instances (2048 CPU, 2048 MiB each) and its agents. */
  static FakeAgent onNewCluster(Berth berth, String name, int instances) {
    berth.createCluster(name);
    for (int i = 0; i < instances; i++) {
      berth.registerInstance(name, 2048, 2048);
    }
    return new FakeAgent(berth, name);
  }

  /**
   * Rounds of passes and agent reports, {@code clock} (the Berth's) moving on 41 s a round so tasks
   * become healthy, until a whole round changes no task.
   */
  void settle(OffsetClock clock) {
    String before = state();
    for (int round = 0; round < 30; round++) {
      reconcile();
      int sent = report();
      reconcile();
      clock.advance(java.time.Duration.ofSeconds(41));
      heartbeat();
      sweep();
      String after = state();
      if (sent == 0 && after.equals(before)) {
        return;
      }
      before = after;
    }
    throw new AssertionError("the cluster did not settle: " + before);
  }

  /** Runs every reconcile message waiting on the queue (and those the passes send meanwhile). */
  int reconcile() {
    return berth.drainQueue(berth.config.reconcileQueueUrl(), reconciler);
  }

  /** The minute's sweep, then the passes it asked for. */
  int sweep() {
    new dev.berth.functions.reconciler.SweepHandler(berth.reconcilerAt(berth.clock)).handle(null);
    return reconcile();
  }
}
