package dev.berth.agent.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/** An ECS endpoint in memory: records each call and gives the answers (or errors) queued per operation. */
public final class FakeEcs implements EcsApi {
  private static final ObjectMapper JSON = new ObjectMapper();

  public record Call(String operation, ObjectNode request) {}

  public final List<Call> calls = new ArrayList<>();
  private final Map<String, Queue<Object>> answers = new HashMap<>();

  /** Queues an answer: a JSON text, an {@link EcsError} or an {@link IOException}. */
  public FakeEcs answer(String operation, Object answer) {
    answers.computeIfAbsent(operation, o -> new ArrayDeque<>()).add(answer);
    return this;
  }

  public List<String> operations() {
    return calls.stream().map(Call::operation).toList();
  }

  @Override
  public synchronized JsonNode call(String operation, ObjectNode request) throws EcsError, IOException {
    calls.add(new Call(operation, request.deepCopy()));
    Object next = answers.getOrDefault(operation, new ArrayDeque<>()).poll();
    if (next instanceof EcsError e) {
      throw e;
    }
    if (next instanceof IOException e) {
      throw e;
    }
    return JSON.readTree(next == null ? "{}" : (String) next);
  }
}
