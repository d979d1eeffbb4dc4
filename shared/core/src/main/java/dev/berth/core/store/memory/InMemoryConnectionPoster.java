package dev.berth.core.store.memory;

import dev.berth.core.store.ConnectionPoster;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The agent channel in memory: connections are opened and closed by whoever plays the agents, and
 * a post to a closed one answers false, as API Gateway's GoneException does. Every post is kept.
 */
public final class InMemoryConnectionPoster implements ConnectionPoster {
  private static final String NAME = "ConnectionPoster";

  /** One message posted to a connection. */
  public record Post(String connectionId, byte[] message) {}

  private final StoreHooks hooks;
  private final Set<String> open = new HashSet<>();
  private final List<Post> posts = new ArrayList<>();

  public InMemoryConnectionPoster(StoreHooks hooks) {
    this.hooks = hooks;
  }

  public synchronized void open(String connectionId) {
    open.add(connectionId);
  }

  public synchronized void close(String connectionId) {
    open.remove(connectionId);
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public boolean post(String connectionId, byte[] message) {
    hooks.beforeWrite(NAME, "post");
    boolean delivered;
    synchronized (this) {
      delivered = open.contains(connectionId);
      if (delivered) {
        posts.add(new Post(connectionId, message.clone()));
      }
    }
    hooks.afterWrite(NAME, "post");
    return delivered;
  }

  /** Every message delivered so far, oldest first. */
  public synchronized List<Post> posts() {
    return List.copyOf(posts);
  }
}
