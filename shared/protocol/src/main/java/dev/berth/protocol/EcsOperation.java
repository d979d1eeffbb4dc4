package dev.berth.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One ECS API operation: a decoded request in, the response object out. */
@FunctionalInterface
public interface EcsOperation {
  ObjectNode handle(Json request);
}
