package dev.berth.store;

import javax.inject.Inject;
import javax.inject.Singleton;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The task-state SQS queue that agents' state changes travel through. */
@Singleton
public final class TaskStateQueue {
  private final SqsClient sqs;
  private final String url;

  @Inject
  public TaskStateQueue(SqsClient sqs, Config config) {
    this.sqs = sqs;
    this.url = config.taskStateQueueUrl();
  }

  /** Sends one message; returns only once SQS has accepted it. */
  public String send(String body) {
    return sqs.sendMessage(b -> b.queueUrl(url).messageBody(QueueText.ascii(body))).messageId();
  }
}
