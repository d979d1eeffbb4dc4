package dev.berth.store;

import dev.berth.core.Config;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates what template.yaml declares, on a local AWS endpoint (the local runtime and the tests):
 * the tables, and the task-state and reconcile queues, each with its dead-letter queue (messages
 * that fail 5 times move there).
 */
public final class Provisioning {
  /** Redelivery delay for a failed message; short locally so retries are quick. */
  public static final int VISIBILITY_TIMEOUT_SECONDS = 5;

  /** Creates the tables and queues (idempotent) and returns the config with the queues' URLs. */
  public static Config create(Config config, DynamoDbClient dynamo, SqsClient sqs, String queuePrefix) {
    new Tables(dynamo, config).createAll();
    return config.withQueueUrls(queueWithDeadLetters(sqs, queuePrefix + "-task-state"),
        queueWithDeadLetters(sqs, queuePrefix + "-reconcile"));
  }

  private static String queueWithDeadLetters(SqsClient sqs, String name) {
    String dlqUrl = sqs.createQueue(b -> b.queueName(name + "-dlq")).queueUrl();
    String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes().get(QueueAttributeName.QUEUE_ARN);
    return sqs.createQueue(b -> b.queueName(name).attributes(Map.of(
        QueueAttributeName.VISIBILITY_TIMEOUT, String.valueOf(VISIBILITY_TIMEOUT_SECONDS),
        QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"5\"}")))
        .queueUrl();
  }

  private Provisioning() {}
}
