package dev.berth.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.json.JsonTrees;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The JSON of Berth's own messages and records (queue bodies, idempotency records): not ECS's wire
 * shapes, which the protocol layer owns. Times are epoch seconds with milliseconds, as ECS writes them.
 */
public final class MessageJson {
  public static ObjectNode object() {
    return JsonTrees.object();
  }

  public static JsonNode read(String json) throws IOException {
    return JsonTrees.read(json);
  }

  public static void putIfPresent(ObjectNode o, String name, String value) {
    if (value != null) {
      o.put(name, value);
    }
  }

  public static void time(ObjectNode o, String name, Instant at) {
    if (at != null) {
      o.put(name, BigDecimal.valueOf(at.toEpochMilli(), 3));
    }
  }

  private MessageJson() {}
}
