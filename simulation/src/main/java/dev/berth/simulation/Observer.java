package dev.berth.simulation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the store decorators saw the code under test do: the items each step touched (so the
 * invariants check only those), every release and its outcome, the tasks ever written, and the
 * services that reached their steady state.
 */
public final class Observer {
  /** A release the ledger acknowledged; the step's check reads the instance to see it took effect. */
  public record Release(String instanceId, String taskId) {}

  final Set<String> touchedInstances = new TreeSet<>();
  final Set<String> touchedTasks = new TreeSet<>();
  final Set<String> touchedServices = new TreeSet<>();
  final List<Release> releasedThisStep = new ArrayList<>();
  /** Tasks launched in this step, by service group. */
  final Map<String, Integer> launchedByGroup = new HashMap<>();

  /** Every task id ever written (the control plane acknowledged it, to a client or to a service). */
  final Set<String> written = new HashSet<>();
  /** Task ids seen written as STOPPED: they may expire afterwards. */
  final Set<String> seenStopped = new HashSet<>();
  /** Acknowledged releases per task (more than one is a resource given back twice). */
  final Map<String, Integer> releases = new HashMap<>();
  /** When each service was last seen saved as steady. */
  final Map<String, Instant> steadyAt = new HashMap<>();

  /** The task and instance whose write is in progress (what an interleaved operation aims at). */
  String writingTask;
  String writingInstance;

  long reservations;
  long refusedReservations;
  long lostRaces;
  /** Reconcile passes saved, and trigger messages that made none because a saved pass had read them. */
  long passesSaved;
  long triggersPassed;
  /** Saves of a steady service that were written but whose answer was lost (a crash after the write). */
  long steadySavesUnanswered;

  void beginStep() {
    touchedInstances.clear();
    touchedTasks.clear();
    touchedServices.clear();
    releasedThisStep.clear();
    launchedByGroup.clear();
  }
}
