package dev.berth.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
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
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;

/**
 * Stands in for Lambda's synchronous Invoke: hands the event's bytes to the same handler class
 * Lambda runs, and returns the bytes it writes.
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

  /** The event's bytes to the function's stream handler, as Lambda passes them. */
  @Override
  public byte[] invoke(Operations.Group group, byte[] event) {
    RequestStreamHandler handler = switch (group) {
      case REGISTRATION -> registration;
      case RUN_TASK -> runTask;
      case SERVICES -> services;
      case READS -> reads;
    };
    ByteArrayOutputStream response = new ByteArrayOutputStream();
    try {
      handler.handleRequest(new ByteArrayInputStream(event), response, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return response.toByteArray();
  }
}
