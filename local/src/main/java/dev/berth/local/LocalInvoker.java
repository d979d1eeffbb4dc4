package dev.berth.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.berth.core.Config;
import dev.berth.functions.endpoint.Invoker;
import dev.berth.functions.reads.ReadsHandler;
import dev.berth.functions.registration.RegistrationHandler;
import dev.berth.functions.runtask.RunTaskHandler;
import dev.berth.functions.services.ServicesHandler;
import dev.berth.protocol.Operations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;

/**
 * Stands in for Lambda's synchronous Invoke: turns the event JSON into the handler's event type,
 * as the Lambda runtime does, calls the same handler class, and serializes its response.
 */
public final class LocalInvoker implements Invoker {
  static final ObjectMapper EVENTS = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false)
      .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private final RegistrationHandler registration;
  private final RunTaskHandler runTask;
  private final ServicesHandler services;
  private final ReadsHandler reads;

  public LocalInvoker(Config config) {
    this(config, Clock.systemUTC());
  }

  /** The handlers on a given clock (tests move time forward). */
  public LocalInvoker(Config config, Clock clock) {
    this.registration = new RegistrationHandler(config, clock);
    this.runTask = new RunTaskHandler(config, clock);
    this.services = new ServicesHandler(config, clock);
    this.reads = new ReadsHandler(config, clock);
  }

  @Override
  public byte[] invoke(Operations.Group group, byte[] event) {
    try {
      APIGatewayV2HTTPEvent request = EVENTS.readValue(event, APIGatewayV2HTTPEvent.class);
      var response = switch (group) {
        case REGISTRATION -> registration.handleRequest(request, null);
        case RUN_TASK -> runTask.handleRequest(request, null);
        case SERVICES -> services.handleRequest(request, null);
        case READS -> reads.handleRequest(request, null);
      };
      return EVENTS.writeValueAsBytes(response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
