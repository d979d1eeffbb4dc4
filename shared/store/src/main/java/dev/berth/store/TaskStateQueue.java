package dev.berth.store;

import javax.inject.Inject;
import javax.inject.Provider;
import javax.inject.Singleton;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The task-state SQS queue that agents' state changes travel through. */
@Singleton
public final class TaskStateQueue {
  /**
   * Built on first use: most invocations of the functions that hold a queue never send to it (the
   * reads function never does), and an SQS client costs tens of milliseconds of a cold start.
   */
  private final Provider<SqsClient> sqs;
  private final String url;

  @Inject
  public TaskStateQueue(Provider<SqsClient> sqs, Config config) {
    this.sqs = sqs;
    this.url = config.taskStateQueueUrl();
  }

  public TaskStateQueue(SqsClient sqs, Config config) {
    this(() -> sqs, config);
  }

  /** Sends one message; returns only once SQS has accepted it. */
  public String send(String body) {
    return sqs.get().sendMessage(b -> b.queueUrl(url).messageBody(QueueText.ascii(body))).messageId();
  }
}
