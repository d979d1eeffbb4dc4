package dev.berth.agent;

import dev.berth.core.Config;
import dev.berth.functions.endpoint.Endpoints;
import dev.berth.store.testing.ClassResource;

/**
 * A local Berth for one test class, with the agents the class starts on it: started before the
 * class's {@code @BeforeAll}, where the class gets it with {@link #get()} and starts the agents it
 * keeps for all its tests, and closed after its last test, even when the class's set-up fails
 * (agents stopped, what they left running ended, tables and queues deleted). Register it as
 * {@code @RegisterExtension static final RunningCluster BERTH = RunningCluster.start("it-name");}.
 */
final class RunningCluster extends ClassResource<LocalCluster> {
  private final Opener<LocalCluster> start;

  private RunningCluster(Opener<LocalCluster> start) {
    this.start = start;
  }

  /** Agents count as disconnected after 3 s of silence (a 1 s heartbeat interval). */
  static RunningCluster start(String name) {
    return new RunningCluster(() -> LocalCluster.start(name));
  }

  /** Agents count as disconnected and lost after the given silences. */
  static RunningCluster start(String name, Config.Health health) {
    return new RunningCluster(() -> LocalCluster.start(name, health));
  }

  /** The endpoint set up by {@code settings}. */
  static RunningCluster start(String name, Endpoints.Settings settings) {
    return new RunningCluster(() -> LocalCluster.start(name, settings));
  }

  @Override
  protected LocalCluster open() throws Exception {
    return start.open();
  }
}
