package dev.berth.functions.reconciler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.berth.core.Config;
import dev.berth.core.metrics.MetricNames;
import dev.berth.core.metrics.Metrics;
import dev.berth.core.services.ReconcileTarget;
import dev.berth.core.services.Reconciler;
import dev.berth.protocol.SqsEvents;
import dev.berth.protocol.logging.JsonLogging;
import dev.berth.protocol.logging.RequestLog;
import dev.berth.store.SnapStartPriming;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The reconciler function: each message of the reconcile queue is one pass over one service, or
 * one cluster's missing-instance detection and ledger repair. Failed messages are reported one by one, so SQS
 * retries only those (a message that keeps failing ends in the dead-letter queue); every step is
 * safe to repeat. A batch's cluster checks go first ({@link ReconcileTarget#clusterChecksFirst}).
 */
public final class ReconcilerHandler implements RequestStreamHandler {
  private static final Logger LOG = Logger.getLogger(ReconcilerHandler.class.getName());
  private final Reconciler reconciler;
  private final Metrics metrics;

  public ReconcilerHandler() {
    this(Config.fromEnvironment(), Clock.systemUTC());
    JsonLogging.install(); // Lambda: structured lines on standard output
    SnapStartPriming.register("reconciler", this::prime);
  }

  public ReconcilerHandler(Config config, Clock clock) {
    this(ReconcilerComponent.create(config, clock));
  }

  public ReconcilerHandler(ReconcilerComponent component) {
    this.reconciler = component.reconciler();
    this.metrics = component.metrics();
  }

  /** A pass over a service that cannot exist, whose lease is refused: the path SnapStart's snapshot should have run (see {@link SnapStartPriming}). */
  public SQSBatchResponse prime() {
    SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
    message.setMessageId("snapstart-priming");
    message.setBody("{\"cluster\":\"" + SnapStartPriming.CLUSTER + "\",\"service\":\"" + SnapStartPriming.INVALID_NAME + "\"}");
    SQSEvent event = new SQSEvent();
    event.setRecords(java.util.List.of(message));
    return handle(event);
  }

  /** Lambda's entry: the SQS event as bytes, read and answered without the runtime's bean binding (see {@link SqsEvents}). */
  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    SqsEvents.serve(input, output, this::handle);
  }

  public SQSBatchResponse handle(SQSEvent event) {
    List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
    for (SQSEvent.SQSMessage message : ReconcileTarget.clusterChecksFirst(event.getRecords(),
        SQSEvent.SQSMessage::getBody)) {
      RequestLog.begin(message.getMessageId(), "Reconcile");
      String outcome = "error";
      try {
        ReconcileTarget target = ReconcileTarget.fromJson(message.getBody());
        RequestLog.cluster(target.cluster());
        reconciler.handle(target).forEach(LOG::info);
        outcome = "ok";
      } catch (Exception e) {
        LOG.log(Level.WARNING, "reconcile " + message.getMessageId() + " failed", e);
        failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(message.getMessageId()).build());
      } finally {
        RequestLog.end(outcome, 0);
      }
    }
    if (!failures.isEmpty()) {
      metrics.emit(Map.of(), List.of(Metrics.Metric.count(MetricNames.RECONCILE_ERRORS, failures.size())));
    }
    return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
  }
}
