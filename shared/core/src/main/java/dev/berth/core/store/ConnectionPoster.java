package dev.berth.core.store;

/**
 * Sends a message down an agent-channel connection: deployed, API Gateway's PostToConnection on the
 * WebSocket API; locally the same call to the local Berth, which holds the connections itself.
 */
public interface ConnectionPoster {
  /** Whether agents can be reached at all; when not, nothing is looked up or posted. */
  boolean enabled();

  /**
   * Posts {@code message} to {@code connectionId}. Returns false when the connection no longer
   * exists (API Gateway's GoneException); other failures throw.
   */
  boolean post(String connectionId, byte[] message);

  /** No agent channel: agents learn of their tasks by polling alone. */
  ConnectionPoster NONE = new ConnectionPoster() {
    @Override
    public boolean enabled() {
      return false;
    }

    @Override
    public boolean post(String connectionId, byte[] message) {
      return false;
    }
  };
}
