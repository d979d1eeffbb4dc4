package dev.berth.store;

import dev.berth.core.Config;
import dev.berth.core.store.ReconcileQueue;
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
public final class SqsReconcileQueue implements ReconcileQueue {

  /**
   * Built on first use: most invocations of the functions that hold a queue never send to it (the
   * reads function never does), and an SQS client costs tens of milliseconds of a cold start.
   */
  private final Provider<SqsClient> sqs;
  private final String url;

  @Inject
  public SqsReconcileQueue(Provider<SqsClient> sqs, Config config) {
    this.sqs = sqs;
    this.url = config.reconcileQueueUrl();
  }

  public SqsReconcileQueue(SqsClient sqs, Config config) {
    this(() -> sqs, config);
  }

  @Override
  public void send(String body, Duration delay) {
    int seconds = (int) Math.min(MAX_DELAY.toSeconds(), Math.max(0, delay.toSeconds()));
    sqs.get().sendMessage(b -> b.queueUrl(url).messageBody(QueueText.ascii(body)).delaySeconds(seconds));
  }

  @Override
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
