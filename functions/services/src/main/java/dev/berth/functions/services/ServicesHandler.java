package dev.berth.functions.services;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.berth.core.Config;
import dev.berth.protocol.EcsHttp;
import dev.berth.protocol.logging.JsonLogging;
import dev.berth.store.SnapStartPriming;
import java.time.Clock;

/** The services function: ECS requests (HTTP API events) for the operations of {@link dev.berth.api.ServicesApi}. */
public final class ServicesHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private final EcsHttp http;

  /** Lambda's constructor: configuration from the environment. */
  public ServicesHandler() {
    this(Config.fromEnvironment());
    JsonLogging.install(); // Lambda: structured lines on standard output
    SnapStartPriming.register("services", this::prime);
  }

  public ServicesHandler(Config config) {
    this(config, Clock.systemUTC());
  }

  public ServicesHandler(Config config, Clock clock) {
    this.http = new EcsHttp(DaggerServicesComponent.builder().config(config).clock(clock).build().api()
        .operations(), config.region());
  }

  /** A CreateService with a name no service can have, refused before anything is written: the path SnapStart's snapshot should have run (see {@link SnapStartPriming}). */
  public APIGatewayV2HTTPResponse prime() {
    return handleRequest(EcsHttp.event("CreateService",
        "{\"cluster\":\"" + SnapStartPriming.CLUSTER + "\",\"serviceName\":\"" + SnapStartPriming.INVALID_NAME + "\",\"taskDefinition\":\"" + SnapStartPriming.INVALID_NAME + "\",\"desiredCount\":0}"), null);
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    return http.handle(event);
  }
}
