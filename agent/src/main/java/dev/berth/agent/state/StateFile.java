package dev.berth.agent.state;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The agent's state as one JSON file in its data directory, replaced atomically (written beside
 * it, then renamed over it) so that a crash mid-write leaves the previous state, never half of one.
 */
public final class StateFile {
  public static final String NAME = "agent-state.json";
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Path file;

  public StateFile(Path dataDir) {
    this.file = dataDir.resolve(NAME);
  }

  public Optional<AgentState> load() {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      AgentState state = JSON.readValue(file.toFile(), AgentState.class);
      if (state.version() != AgentState.VERSION) {
        throw new IllegalStateException(file + " has state version " + state.version() + ", this agent reads "
            + AgentState.VERSION);
      }
      return Optional.of(state);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the agent state in " + file, e);
    }
  }

  public void save(AgentState state) {
    try {
      Files.createDirectories(file.getParent());
      Path temp = file.resolveSibling(NAME + ".tmp");
      JSON.writeValue(temp.toFile(), state);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the agent state to " + file, e);
    }
  }
}
