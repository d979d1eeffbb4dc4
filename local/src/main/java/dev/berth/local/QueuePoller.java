package dev.berth.local;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.berth.json.JsonTrees;
import dev.berth.protocol.SqsEvents;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiptHandleIsInvalidException;

/**
 * Stands in for Lambda's SQS event source: long-polls a queue, hands batches of up to 10 to the
 * handler, and deletes the messages it did not report as failed; failed ones come back after the
 * visibility timeout, as with Lambda.
 */
public final class QueuePoller implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(QueuePoller.class.getName());

  private final SqsClient sqs;
  private final String queueUrl;
  private final RequestStreamHandler handler;
  private final String queueArn;
  private volatile boolean running = true;
  private final Thread thread;

  public QueuePoller(SqsClient sqs, String queueUrl, RequestStreamHandler handler) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.handler = handler;
    this.queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
        .attributeNames(software.amazon.awssdk.services.sqs.model.QueueAttributeName.QUEUE_ARN))
        .attributesAsStrings().get("QueueArn");
    this.thread = new Thread(this::run, "poller-" + queueUrl.substring(queueUrl.lastIndexOf('/') + 1));
    this.thread.setDaemon(true);
  }

  /** Polls in the background until closed. */
  public QueuePoller start() {
    thread.start();
    return this;
  }

  private void run() {
    while (running) {
      try {
        pollOnce(1);
      } catch (RuntimeException e) {
        if (running) {
          LOG.log(Level.WARNING, "polling " + queueUrl + " failed", e);
          sleep();
        }
      }
    }
  }

  /** One receive-handle-delete round; returns how many messages were handled. */
  public int pollOnce(int waitSeconds) {
    List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
        .waitTimeSeconds(waitSeconds).messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
    if (messages.isEmpty()) {
      return 0;
    }
    List<SQSEvent.SQSMessage> records = new ArrayList<>();
    for (Message m : messages) {
      SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
      record.setMessageId(m.messageId());
      record.setReceiptHandle(m.receiptHandle());
      record.setBody(m.body());
      record.setAttributes(m.attributesAsStrings());
      record.setEventSource("aws:sqs");
      record.setEventSourceArn(queueArn);
      records.add(record);
    }
    SQSEvent event = new SQSEvent();
    event.setRecords(records);
    // the event's bytes to the function's stream handler, and its answer read back, as Lambda does
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    Set<String> failed;
    try {
      handler.handleRequest(new ByteArrayInputStream(JsonTrees.bytes(SqsEvents.json(event))), answer, null);
      failed = new HashSet<>(SqsEvents.failures(JsonTrees.read(answer.toByteArray())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Message m : messages) {
      if (!failed.contains(m.messageId())) {
        try {
          sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
        } catch (ReceiptHandleIsInvalidException redelivered) {
          // Handling outlasted the visibility timeout and the message went to another receiver;
          // it is handled again there, which every handler here tolerates. Lambda does the same.
          LOG.fine("message " + m.messageId() + " was redelivered before it could be deleted");
        }
      }
    }
    return messages.size();
  }

  private static void sleep() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
