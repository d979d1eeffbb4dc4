package dev.berth.simulation;

import dev.berth.core.tasks.StateChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One host and its agent. The host runs containers (they keep running while the agent restarts or
 * is cut off); the agent registers, heartbeats, polls for its tasks, and reports their states,
 * keeping a report until the control plane has acknowledged it.
 */
final class SimulatedAgent {
  enum Status {
    /** Registered and reporting in. */
    UP,
    /** The agent process is restarting: no calls until it is back. */
    RESTARTING,
    /** Cut off from the control plane: no heartbeats, polls or reports get through. */
    SILENT,
    /** The host was terminated (after its instance was deregistered). */
    GONE
  }

  enum Phase { STARTING, RUNNING, STOPPING }

  /** A task on the host: its family, what it is doing, and whether it can start at all. */
  static final class HostTask {
    final String id;
    final String family;
    final boolean standalone;
    Phase phase = Phase.STARTING;

    HostTask(String id, String family, boolean standalone) {
      this.id = id;
      this.family = family;
      this.standalone = standalone;
    }
  }

  final int host;
  String instanceId;
  String instanceArn;
  Status status = Status.UP;
  /** Bumped whenever the agent process starts again, so the old process's timers stop. */
  long generation;
  /** When the control plane last accepted a heartbeat. */
  Instant lastHeartbeat;
  Instant silentSince;
  final Map<String, HostTask> tasks = new TreeMap<>();
  /** Tasks this host ran (or failed to start) and has reported on: never started again. */
  final Set<String> finished = new HashSet<>();
  /** Reports not yet acknowledged, oldest first. */
  final List<StateChange> outbox = new ArrayList<>();
  /** Tasks desired STOPPED already asked about (the real agent's look for stops it never saw). */
  final Set<String> stopsSeen = new HashSet<>();
  long polls;
  boolean flushScheduled;
  boolean draining;

  SimulatedAgent(int host) {
    this.host = host;
  }

  boolean reachable() {
    return status == Status.UP && instanceId != null;
  }

  @Override
  public String toString() {
    return "host-" + host + (instanceId == null ? "" : "/" + instanceId);
  }
}
