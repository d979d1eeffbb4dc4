package dev.berth.functions.endpoint;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.model.EcsException;
import dev.berth.protocol.EcsHttp;
import dev.berth.protocol.Operations;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one URL the AWS CLI, SDKs and agents talk to. It reads only the operation name from the
 * {@code X-Amz-Target} header and hands the event, byte for byte, to the function that serves that
 * operation (registration, run-task or reads), so each keeps its own permissions and concurrency.
 */
public final class EndpointHandler implements RequestStreamHandler {
  private static final Logger LOG = Logger.getLogger(EndpointHandler.class.getName());
  private final Invoker invoker;

  /** Lambda's constructor: function names from the environment the template sets. */
  public EndpointHandler() {
    this(DaggerEndpointComponent.create().invoker());
  }

  public EndpointHandler(Invoker invoker) {
    this.invoker = invoker;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    byte[] event = input.readAllBytes();
    byte[] response;
    try {
      response = invoker.invoke(group(event), event);
    } catch (EcsException e) {
      response = EcsHttp.MAPPER.writeValueAsBytes(EcsHttp.error(requestId(event), e));
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "forwarding failed", e);
      response = EcsHttp.MAPPER.writeValueAsBytes(
          EcsHttp.error(requestId(event), EcsException.server("An internal error occurred.")));
    }
    output.write(response);
  }

  private static Operations.Group group(byte[] event) {
    JsonNode headers;
    try {
      headers = EcsHttp.MAPPER.readTree(event).path("headers");
    } catch (IOException e) {
      throw EcsException.serialization("Unreadable request.");
    }
    Map<String, String> byName = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
      var header = it.next();
      byName.put(header.getKey(), header.getValue().asText());
    }
    String operation = EcsHttp.operation(byName);
    Operations.Group group = Operations.GROUPS.get(operation);
    if (group == null) {
      throw EcsException.unknownOperation("Unknown operation " + operation + ".");
    }
    return group;
  }

  private static String requestId(byte[] event) {
    try {
      return EcsHttp.MAPPER.readTree(event).path("requestContext").path("requestId").asText("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
