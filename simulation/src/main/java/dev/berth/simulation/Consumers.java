package dev.berth.simulation;

import dev.berth.core.services.ReconcileTarget;
import dev.berth.core.store.memory.InMemoryQueue;
import dev.berth.core.tasks.StateChange;
import dev.berth.model.EcsException;
import dev.berth.model.OptimisticLockException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stand-ins for Lambda's SQS event sources and the two functions they invoke: batches of ten, a
 * message deleted only when handled, a failed message left for redelivery after the queue's
 * visibility timeout, and a crash ending the whole invocation (every message of its batch not yet
 * deleted comes back). The handlers call the same use cases the functions call.
 */
final class Consumers {
  /** The template's visibility timeouts. */
  static final Duration TASK_STATE_VISIBILITY = Duration.ofSeconds(180);
  static final Duration RECONCILE_VISIBILITY = Duration.ofSeconds(360);

  private final Simulation sim;
  private final InMemoryQueue taskState;
  private final InMemoryQueue reconcile;
  private boolean taskStateBusy;
  private boolean reconcileBusy;
  /** When crashes struck reconcile work, by what the work was for (see {@link #struck}). */
  private final Map<String, List<Instant>> crashes = new HashMap<>();
  long servicePasses;
  long clusterSweeps;
  long lostInstanceMessages;
  long stateChanges;

  Consumers(Simulation sim, InMemoryQueue taskState, InMemoryQueue reconcile) {
    this.sim = sim;
    this.taskState = taskState;
    this.reconcile = reconcile;
  }

  /** Lambda's pollers: every second, an invocation chain for each queue with visible messages. */
  void poll() {
    sim.loop.after(Duration.ofSeconds(1), "poll queues", this::poll);
    if (!taskStateBusy && taskState.visible() > 0) {
      taskStateBusy = true;
      sim.loop.after(Duration.ZERO, "task-state invocation", this::invokeTaskState);
    }
    if (!reconcileBusy && reconcile.visible() > 0) {
      reconcileBusy = true;
      sim.loop.after(Duration.ZERO, "reconciler invocation", this::invokeReconciler);
    }
  }

  private void invokeTaskState() {
    invoke(taskState, TASK_STATE_VISIBILITY, 10, this::applyStateChange);
    if (taskState.visible() > 0) {
      sim.loop.after(Duration.ZERO, "task-state invocation", this::invokeTaskState);
    } else {
      taskStateBusy = false;
    }
  }

  private void invokeReconciler() {
    invoke(reconcile, RECONCILE_VISIBILITY, 10, this::reconcile); // cluster checks first, as the function does
    if (reconcile.visible() > 0) {
      sim.loop.after(Duration.ZERO, "reconciler invocation", this::invokeReconciler);
    } else {
      reconcileBusy = false;
    }
  }

  /**
   * Another invocation running while the current operation is between two of its writes: one
   * message of either queue, handled now.
   */
  void interleave() {
    boolean stateFirst = sim.faultRandom.nextBoolean();
    InMemoryQueue first = stateFirst ? taskState : reconcile;
    if (first.visible() == 0) {
      stateFirst = !stateFirst;
    }
    if (stateFirst) {
      invoke(taskState, TASK_STATE_VISIBILITY, 1, this::applyStateChange);
    } else {
      invoke(reconcile, RECONCILE_VISIBILITY, 1, this::reconcile);
    }
  }

  private interface Handler {
    void handle(String body) throws IOException;
  }

  private void invoke(InMemoryQueue queue, Duration visibility, int batch, Handler handler) {
    List<InMemoryQueue.Received> received = queue.receive(batch, visibility);
    if (queue == reconcile) {
      received = ReconcileTarget.clusterChecksFirst(received, InMemoryQueue.Received::body);
    }
    for (int i = 0; i < received.size(); i++) {
      InMemoryQueue.Received m = received.get(i);
      sim.touched(queue.name() + ":" + m.messageId());
      try {
        handler.handle(m.body());
      } catch (SimulatedCrash crash) {
        sim.count(queue.name() + " invocation crashed");
        if (queue == reconcile) {
          received.subList(i, received.size()).forEach(r -> struck(r.body()));
        }
        return; // the rest of the batch comes back after the visibility timeout
      } catch (EcsException | OptimisticLockException e) {
        sim.count(queue.name() + " message failed: " + e.getClass().getSimpleName());
        continue; // reported as a batch item failure: redelivered
      } catch (IOException e) {
        sim.invariants.violation("unreadable message", queue.name(), e.getMessage());
        continue;
      } catch (RuntimeException e) {
        sim.calls.unexpected(queue.name() + " handler", e);
        continue;
      }
      if (sim.faults.strike("message not deleted (redelivered after the visibility timeout)",
          sim.settings.faults().redeliver())) {
        continue;
      }
      queue.delete(m.receiptHandle());
    }
  }

  /**
   * Records a crash that ended the handling of a reconcile message or held it back (a later message
   * of the crashed batch), under what the message was for: {@code service:<name>},
   * {@code instance:<id>} or {@code cluster}; a crashed sweep is {@code sweep}.
   */
  void struck(String body) {
    String key;
    try {
      ReconcileTarget t = ReconcileTarget.fromJson(body);
      key = t.isCluster() ? "cluster" : t.isInstance() ? "instance:" + t.instance() : "service:" + t.service();
    } catch (IllegalArgumentException unreadable) {
      return;
    }
    crashed(key);
  }

  void sweepCrashed() {
    crashed("sweep");
  }

  private void crashed(String key) {
    crashes.computeIfAbsent(key, k -> new ArrayList<>()).add(sim.clock.instant());
  }

  /** The crashes recorded under any of {@code keys} since {@code since}. */
  int crashesSince(Instant since, String... keys) {
    int n = 0;
    for (String key : keys) {
      n += (int) crashes.getOrDefault(key, List.of()).stream().filter(t -> t.isAfter(since)).count();
    }
    return n;
  }

  private void applyStateChange(String body) throws IOException {
    StateChange change = StateChange.fromJson(body);
    sim.touched(change.task());
    stateChanges++;
    sim.core.taskStateChanges().apply(change);
  }

  private void reconcile(String body) {
    ReconcileTarget target = ReconcileTarget.fromJson(body);
    if (target.isCluster()) {
      clusterSweeps++;
      sim.core.reconciler().handle(target);
      return;
    }
    if (target.isInstance()) {
      sim.touched(target.instance());
      lostInstanceMessages++;
      sim.core.reconciler().handle(target);
      return;
    }
    String service = target.service();
    sim.touched("service:" + service);
    servicePasses++;
    if (sim.workload.daemons.contains(service)) {
      sim.core.reconciler().handle(target); // ECS's bounds are the REPLICA scheduler's
      return;
    }
    Invariants.ServiceView before = sim.invariants.view(service);
    try {
      sim.core.reconciler().handle(target);
    } finally {
      // a pass that dies half-way must have kept the bounds too
      sim.invariants.checkPass(service, before, sim.invariants.view(service), sim.loop.steps());
    }
  }
}
