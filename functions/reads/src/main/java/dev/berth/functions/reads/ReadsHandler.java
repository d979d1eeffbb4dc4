package dev.berth.functions.reads;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.berth.core.Config;
import dev.berth.protocol.EcsHttp;
import dev.berth.protocol.logging.JsonLogging;
import dev.berth.store.SnapStartPriming;
import java.time.Clock;

/** The reads function: ECS requests (HTTP API events) for the operations of {@link dev.berth.api.ReadsApi}. */
public final class ReadsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
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
    return handleRequest(EcsHttp.event("DescribeClusters",
        "{\"clusters\":[\"" + SnapStartPriming.CLUSTER + "\"]}"), null);
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    return http.handle(event);
  }
}
