package dev.berth.store;

import dev.berth.core.Config;
import dev.berth.core.store.TaskStateQueue;
import javax.inject.Inject;
import javax.inject.Provider;
import javax.inject.Singleton;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The task-state SQS queue that agents' state changes travel through. */
@Singleton
public final class SqsTaskStateQueue implements TaskStateQueue {
  /**
   * Built on first use: most invocations of the functions that hold a queue never send to it (the
   * reads function never does), and an SQS client costs tens of milliseconds of a cold start.
   */
  private final Provider<SqsClient> sqs;
  private final String url;

  @Inject
  public SqsTaskStateQueue(Provider<SqsClient> sqs, Config config) {
    this.sqs = sqs;
    this.url = config.taskStateQueueUrl();
  }

  public SqsTaskStateQueue(SqsClient sqs, Config config) {
    this(() -> sqs, config);
  }

  @Override
  public String send(String body) {
    return sqs.get().sendMessage(b -> b.queueUrl(url).messageBody(QueueText.ascii(body))).messageId();
  }
}
