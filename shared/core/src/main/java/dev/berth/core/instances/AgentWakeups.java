package dev.berth.core.instances;

import dev.berth.core.store.AgentConnectionStore;
import dev.berth.core.store.ConnectionPoster;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * Tells agents that what their instance should run has changed, so they poll now rather than at
 * their next interval, as ECS pushes to its agents over their ACS websocket. The message carries no
 * task data ({@code {"type":"wake"}}): the agent learns what changed from its usual ListTasks and
 * DescribeTasks calls, so a lost wake costs one poll interval and a forged one only a poll.
 *
 * <p>A wake is best effort and never fails the operation that asked for it: an instance without a
 * connection is skipped, a connection API Gateway reports gone is forgotten, and any other failure
 * is logged.
 */
@Singleton
public final class AgentWakeups {
  private static final Logger LOG = Logger.getLogger(AgentWakeups.class.getName());
  static final byte[] WAKE = "{\"type\":\"wake\"}".getBytes(StandardCharsets.UTF_8);

  private final AgentConnectionStore connections;
  private final ConnectionPoster poster;
  private final Clock clock;

  @Inject
  public AgentWakeups(AgentConnectionStore connections, ConnectionPoster poster, Clock clock) {
    this.connections = connections;
    this.poster = poster;
    this.clock = clock;
  }

  /** Wakes the agents of {@code instanceIds} of {@code cluster}, each once. */
  public void wake(String cluster, Collection<String> instanceIds) {
    if (!poster.enabled()) {
      return;
    }
    for (String instanceId : new LinkedHashSet<>(instanceIds)) {
      wake(cluster, instanceId);
    }
  }

  public void wake(String cluster, String instanceId) {
    if (!poster.enabled() || instanceId == null) {
      return;
    }
    try {
      var connection = connections.get(cluster, instanceId, clock.instant());
      if (connection.isEmpty()) {
        return;
      }
      String id = connection.get().connectionId();
      if (!poster.post(id, WAKE)) {
        connections.disconnected(cluster, instanceId, id);
        LOG.fine(() -> "agent connection " + id + " of " + instanceId + " is gone");
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "waking the agent of " + instanceId + " failed; it will poll", e);
    }
  }
}
