package dev.berth.local;

import dev.berth.functions.endpoint.Endpoints;
import dev.berth.store.testing.ClassResource;
import java.net.URI;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * A local Berth for one test class, on its own tables and queues: started before the class's
 * {@code @BeforeAll}, where the class gets it with {@link #get()} and does its own set-up (clusters,
 * task definitions), and closed after its last test, tables and queues deleted, even when the class's
 * set-up fails. Register it as {@code @RegisterExtension static final RunningBerth BERTH =
 * RunningBerth.start("it-name");}.
 */
final class RunningBerth extends ClassResource<Berth> {
  private final Opener<Berth> start;

  private RunningBerth(Opener<Berth> start) {
    this.start = start;
  }

  /** With the task-state poller running, as {@code make run} serves it. */
  static RunningBerth start(String name) {
    return new RunningBerth(() -> Berth.start(name));
  }

  /** With the task-state poller running, its endpoint set up by {@code settings}. */
  static RunningBerth start(String name, Endpoints.Settings settings) {
    return new RunningBerth(() -> Berth.start(name, settings));
  }

  /** The endpoint only: the test drains the queues and runs the sweep itself. */
  static RunningBerth withoutPoller(String name) {
    return new RunningBerth(() -> Berth.startWithoutPoller(name));
  }

  /** The endpoint only, every function on {@code clock}. */
  static RunningBerth withoutPoller(String name, Clock clock) {
    return new RunningBerth(() -> Berth.startWithoutPoller(name, clock));
  }

  /** The endpoint only, every function on {@code clock}, reaching AWS through {@code aws} (a stub, say). */
  static RunningBerth withoutPoller(String name, Clock clock, Supplier<URI> aws) {
    return new RunningBerth(() -> Berth.startWithoutPoller(name, clock, aws.get()));
  }

  /** The endpoint only, its authentication on {@code endpointClock} and ECS's own throttling rates. */
  static RunningBerth withEndpointClock(String name, Clock endpointClock) {
    return new RunningBerth(() -> Berth.startWithEndpointClock(name, endpointClock));
  }

  /** Started by {@code start} (a {@link Berth#open} of its own, in a test of the extension itself). */
  static RunningBerth startedBy(Opener<Berth> start) {
    return new RunningBerth(start);
  }

  @Override
  protected Berth open() throws Exception {
    return start.open();
  }
}
