package dev.berth.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.inject.Inject;
import javax.inject.Provider;
import javax.inject.Singleton;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** The reconcile SQS queue: each message asks the reconciler for one pass (see ReconcileTarget). */
@Singleton
public final class ReconcileQueue {
  /** SQS's longest message delay. */
  public static final Duration MAX_DELAY = Duration.ofMinutes(15);

  /**
   * Built on first use: most invocations of the functions that hold a queue never send to it (the
   * reads function never does), and an SQS client costs tens of milliseconds of a cold start.
   */
  private final Provider<SqsClient> sqs;
  private final String url;

  @Inject
  public ReconcileQueue(Provider<SqsClient> sqs, Config config) {
    this.sqs = sqs;
    this.url = config.reconcileQueueUrl();
  }

  public ReconcileQueue(SqsClient sqs, Config config) {
    this(() -> sqs, config);
  }

  /** Sends after {@code delay}, capped at {@link #MAX_DELAY}; returns only once SQS has it. */
  public void send(String body, Duration delay) {
    int seconds = (int) Math.min(MAX_DELAY.toSeconds(), Math.max(0, delay.toSeconds()));
    sqs.get().sendMessage(b -> b.queueUrl(url).messageBody(QueueText.ascii(body)).delaySeconds(seconds));
  }

  /** Sends many, ten to a batch call; returns how many calls it made. */
  public int sendAll(List<String> bodies) {
    int calls = 0;
    for (int from = 0; from < bodies.size(); from += 10) {
      List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
      for (int i = from; i < Math.min(bodies.size(), from + 10); i++) {
        entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i))
            .messageBody(QueueText.ascii(bodies.get(i))).build());
      }
      var response = sqs.get().sendMessageBatch(b -> b.queueUrl(url).entries(entries));
      if (!response.failed().isEmpty()) {
        throw new IllegalStateException("SQS refused " + response.failed().size() + " reconcile messages: "
            + response.failed().get(0).message());
      }
      calls++;
    }
    return calls;
  }
}
