package dev.berth.functions.taskstate;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.berth.core.tasks.StateChange;
import dev.berth.core.tasks.TaskStateChanges;
import dev.berth.store.Config;
import dev.berth.store.SnapStartPriming;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The task-state function: applies each queued state change and reports the ones that failed, one
 * by one, so SQS retries only those (and moves a message that keeps failing to the dead-letter
 * queue). Applying is idempotent, so redelivery is harmless.
 */
public final class TaskStateHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
  private static final Logger LOG = Logger.getLogger(TaskStateHandler.class.getName());
  private final TaskStateChanges stateChanges;

  public TaskStateHandler() {
    this(Config.fromEnvironment());
    SnapStartPriming.register("task-state", this::prime);
  }

  public TaskStateHandler(Config config) {
    this(config, Clock.systemUTC());
  }

  public TaskStateHandler(Config config, Clock clock) {
    this.stateChanges = DaggerTaskStateComponent.builder().config(config).clock(clock).build().stateChanges();
  }

  /** A state change for a task that cannot exist, which is dropped: the path SnapStart's snapshot should have run (see {@link SnapStartPriming}). */
  public SQSBatchResponse prime() {
    SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
    message.setMessageId("snapstart-priming");
    message.setBody("{\"kind\":\"TASK\",\"cluster\":\"" + SnapStartPriming.CLUSTER + "\",\"task\":\"" + SnapStartPriming.NO_ID + "\",\"status\":\"RUNNING\",\"receivedAt\":0}");
    SQSEvent event = new SQSEvent();
    event.setRecords(java.util.List.of(message));
    return handleRequest(event, null);
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
    for (SQSEvent.SQSMessage message : event.getRecords()) {
      try {
        stateChanges.apply(StateChange.fromJson(message.getBody()));
      } catch (Exception e) {
        LOG.log(Level.WARNING, "state change " + message.getMessageId() + " failed", e);
        failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(message.getMessageId()).build());
      }
    }
    return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
  }
}
