package dev.berth.agent.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** One awsJson1_1 call to the ECS endpoint: the operation's answer, or its error. */
public interface EcsApi {
  /**
   * @throws EcsError the endpoint answered with an ECS error
   * @throws IOException the call did not get an answer (worth retrying)
   */
  JsonNode call(String operation, ObjectNode request) throws EcsError, IOException;
}
