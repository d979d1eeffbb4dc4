package dev.berth.agent.instance;

import dev.berth.agent.ecs.ControlPlane;
import dev.berth.agent.ecs.EcsError;
import dev.berth.agent.state.StateStore;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reports in at the interval the control plane asks for (Berth's {@code Heartbeat} operation, in
 * place of the ECS agent's websocket). When the control plane has declared the instance lost
 * ({@code InactiveInstanceException}), the agent registers again as a new instance, forgetting the
 * old ARN, and the tasks of the old instance are stopped.
 */
public final class Heartbeats {
  private static final Logger LOG = Logger.getLogger(Heartbeats.class.getName());
  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

  /** Told when the agent's instance was replaced by a new registration. */
  public interface InstanceReplaced {
    void replaced(String oldArn, String newArn);
  }

  private final ControlPlane ecs;
  private final String cluster;
  private final StateStore state;
  private final Registrar registrar;
  private final InstanceReplaced onReplaced;
  private final ScheduledExecutorService scheduler;
  private volatile Duration interval = DEFAULT_INTERVAL;

  public Heartbeats(ControlPlane ecs, String cluster, StateStore state, Registrar registrar,
      InstanceReplaced onReplaced, ScheduledExecutorService scheduler) {
    this.ecs = ecs;
    this.cluster = cluster;
    this.state = state;
    this.registrar = registrar;
    this.onReplaced = onReplaced;
    this.scheduler = scheduler;
  }

  /** Starts beating, the first at once to learn the interval. */
  public void start() {
    schedule(Duration.ZERO);
  }

  /** One heartbeat; returns the delay until the next. */
  Duration beat() throws InterruptedException {
    String arn = state.instanceArn();
    try {
      interval = ecs.heartbeat(cluster, arn).interval();
    } catch (EcsError e) {
      // a credential that expired or died with its instance is asked for again by the signer; if the
      // instance is gone, that answer is InactiveInstanceException, and the agent registers anew
      if (!e.is(EcsError.INACTIVE_INSTANCE)) {
        LOG.warning("heartbeat failed: " + e.getMessage());
        return interval;
      }
      LOG.warning("container instance " + arn + " is no longer active (" + e.getMessage() + "); registering again");
      try {
        String fresh = registrar.register(null);
        state.setInstanceArn(fresh);
        onReplaced.replaced(arn, fresh);
        return Duration.ZERO;
      } catch (EcsError | java.io.IOException refused) {
        LOG.log(Level.SEVERE, "could not register again", refused);
      }
    } catch (java.io.IOException e) {
      LOG.warning("heartbeat failed: " + e);
    }
    return interval;
  }

  private void schedule(Duration delay) {
    try {
      scheduler.schedule(this::beatAndReschedule, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closing) {
      // the agent is shutting down
    }
  }

  private void beatAndReschedule() {
    Duration next = interval;
    try {
      next = beat();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "heartbeat failed", e);
    }
    schedule(next);
  }
}
