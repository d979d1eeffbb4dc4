package dev.berth.functions.reads;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.berth.core.Config;
import dev.berth.protocol.EcsHttp;
import dev.berth.protocol.HttpEvents;
import dev.berth.protocol.logging.JsonLogging;
import dev.berth.store.SnapStartPriming;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;

/** The reads function: ECS requests (HTTP API events) for the operations of {@link dev.berth.api.ReadsApi}. */
public final class ReadsHandler implements RequestStreamHandler {
  private final EcsHttp http;

  /** Lambda's constructor: configuration from the environment. */
  public ReadsHandler() {
    this(Config.fromEnvironment());
    JsonLogging.install(); // Lambda: structured lines on standard output
    SnapStartPriming.register("reads", this::prime);
  }

  public ReadsHandler(Config config) {
    this(config, Clock.systemUTC());
  }

  public ReadsHandler(Config config, Clock clock) {
    this.http = new EcsHttp(DaggerReadsComponent.builder().config(config).clock(clock).build().api().operations(),
        config.region());
  }

  /** A DescribeClusters of a cluster that cannot exist: the path SnapStart's snapshot should have run (see {@link SnapStartPriming}). */
  public APIGatewayV2HTTPResponse prime() {
    return handle(EcsHttp.event("DescribeClusters",
        "{\"clusters\":[\"" + SnapStartPriming.CLUSTER + "\"]}"));
  }

  /**
   * Lambda's entry: the HTTP API event as bytes, read into an event and answered by {@link #handle}
   * without the runtime's bean binding (see {@link HttpEvents}).
   */
  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    HttpEvents.serve(input, output, this::handle);
  }

  public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
    return http.handle(event);
  }
}
