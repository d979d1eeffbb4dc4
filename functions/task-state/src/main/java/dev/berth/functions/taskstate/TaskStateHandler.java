package dev.berth.functions.taskstate;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.berth.core.Config;
import dev.berth.core.metrics.MetricNames;
import dev.berth.core.metrics.Metrics.Metric;
import dev.berth.core.metrics.Metrics;
import dev.berth.core.tasks.StateChange;
import dev.berth.core.tasks.TaskStateChanges;
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
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The task-state function: applies each queued state change and reports the ones that failed, one
 * by one, so SQS retries only those (and moves a message that keeps failing to the dead-letter
 * queue). Applying is idempotent, so redelivery is harmless.
 */
public final class TaskStateHandler implements RequestStreamHandler {
  private static final Logger LOG = Logger.getLogger(TaskStateHandler.class.getName());
  /** template.yaml's maxReceiveCount of the task-state queue: the last failure moves a message to its DLQ. */
  static final int MAX_RECEIVES = 5;

  private final TaskStateChanges stateChanges;
  private final Metrics metrics;

  public TaskStateHandler() {
    this(Config.fromEnvironment());
    JsonLogging.install(); // Lambda: structured lines on standard output
    SnapStartPriming.register("task-state", this::prime);
  }

  public TaskStateHandler(Config config) {
    this(config, Clock.systemUTC());
  }

  public TaskStateHandler(Config config, Clock clock) {
    TaskStateComponent component = DaggerTaskStateComponent.builder().config(config).clock(clock).build();
    this.stateChanges = component.stateChanges();
    this.metrics = component.metrics();
  }

  /** A state change for a task that cannot exist, which is dropped: the path SnapStart's snapshot should have run (see {@link SnapStartPriming}). */
  public SQSBatchResponse prime() {
    SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
    message.setMessageId("snapstart-priming");
    message.setBody("{\"kind\":\"TASK\",\"cluster\":\"" + SnapStartPriming.CLUSTER + "\",\"task\":\"" + SnapStartPriming.NO_ID + "\",\"status\":\"RUNNING\",\"receivedAt\":0}");
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
    // per cluster: applied, failed, failed for the last time (SQS moves those to the dead-letter queue)
    Map<String, int[]> counts = new TreeMap<>();
    for (SQSEvent.SQSMessage message : event.getRecords()) {
      String cluster = "unknown";
      RequestLog.begin(message.getMessageId(), "ApplyTaskStateChange");
      String outcome = "error";
      try {
        StateChange change = StateChange.fromJson(message.getBody());
        cluster = change.cluster();
        RequestLog.cluster(cluster);
        RequestLog.principal(change.submittedBy());
        stateChanges.apply(change);
        counts.computeIfAbsent(cluster, c -> new int[3])[0]++;
        outcome = "ok";
      } catch (Exception e) {
        LOG.log(Level.WARNING, "state change " + message.getMessageId() + " failed", e);
        failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(message.getMessageId()).build());
        int[] c = counts.computeIfAbsent(cluster, k -> new int[3]);
        c[1]++;
        if (receives(message) >= MAX_RECEIVES) {
          c[2]++;
          outcome = "dead-lettered";
        }
      } finally {
        RequestLog.end(outcome, 0);
      }
    }
    counts.forEach((cluster, c) -> metrics.emitWithTotal(Metrics.dimensions("ClusterName", cluster), List.of(
        Metric.count(MetricNames.TASK_STATE_MESSAGES_APPLIED, c[0]), Metric.count(MetricNames.TASK_STATE_MESSAGES_FAILED, c[1]),
        Metric.count(MetricNames.TASK_STATE_MESSAGES_DEAD_LETTERED, c[2]))));
    return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
  }

  private static int receives(SQSEvent.SQSMessage message) {
    Map<String, String> attributes = message.getAttributes();
    String count = attributes == null ? null : attributes.get("ApproximateReceiveCount");
    return count == null ? 1 : Integer.parseInt(count);
  }
}
