package dev.berth.protocol;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.json.JsonTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * SQS events as Lambda's event source writes them ({@code {"Records":[...]}}), read field by field for
 * the queue functions' stream handlers, and their partial-batch responses written back; the same
 * reasons as {@link HttpEvents}. Message attributes are kept as strings and string lists: Berth's
 * messages carry none, and binary values are not read.
 */
public final class SqsEvents {
  private SqsEvents() {}

  /** Reads one event from {@code input}, handles it with {@code handler}, writes the response. */
  public static void serve(InputStream input, OutputStream output, Function<SQSEvent, SQSBatchResponse> handler)
      throws IOException {
    JsonTrees.write(response(handler.apply(event(JsonTrees.read(input)))), output);
  }

  public static SQSEvent event(JsonNode json) {
    List<SQSEvent.SQSMessage> records = new ArrayList<>();
    for (JsonNode r : json.path("Records")) {
      SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
      m.setMessageId(HttpEvents.text(r, "messageId"));
      m.setReceiptHandle(HttpEvents.text(r, "receiptHandle"));
      m.setBody(HttpEvents.text(r, "body"));
      m.setMd5OfBody(HttpEvents.text(r, "md5OfBody"));
      m.setMd5OfMessageAttributes(HttpEvents.text(r, "md5OfMessageAttributes"));
      m.setEventSource(HttpEvents.text(r, "eventSource"));
      m.setEventSourceArn(HttpEvents.text(r, "eventSourceARN"));
      m.setAwsRegion(HttpEvents.text(r, "awsRegion"));
      JsonNode attributes = r.get("attributes");
      if (attributes != null && attributes.isObject()) {
        Map<String, String> values = new LinkedHashMap<>();
        attributes.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
        m.setAttributes(values);
      }
      JsonNode messageAttributes = r.get("messageAttributes");
      if (messageAttributes != null && messageAttributes.isObject()) {
        Map<String, SQSEvent.MessageAttribute> values = new LinkedHashMap<>();
        messageAttributes.fields().forEachRemaining(e -> values.put(e.getKey(), attribute(e.getValue())));
        m.setMessageAttributes(values);
      }
      records.add(m);
    }
    SQSEvent event = new SQSEvent();
    event.setRecords(records);
    return event;
  }

  private static SQSEvent.MessageAttribute attribute(JsonNode json) {
    SQSEvent.MessageAttribute a = new SQSEvent.MessageAttribute();
    a.setDataType(HttpEvents.text(json, "dataType"));
    a.setStringValue(HttpEvents.text(json, "stringValue"));
    JsonNode list = json.get("stringListValues");
    if (list != null && list.isArray()) {
      List<String> values = new ArrayList<>();
      list.forEach(v -> values.add(v.asText()));
      a.setStringListValues(values);
    }
    return a;
  }

  /** An event as the event source writes it, for a local poller standing in for it. */
  public static ObjectNode json(SQSEvent event) {
    ObjectNode json = JsonTrees.object();
    ArrayNode records = json.putArray("Records");
    for (SQSEvent.SQSMessage m : event.getRecords()) {
      ObjectNode r = records.addObject();
      r.put("messageId", m.getMessageId());
      r.put("receiptHandle", m.getReceiptHandle());
      r.put("body", m.getBody());
      if (m.getAttributes() != null) {
        r.set("attributes", JsonTrees.value(m.getAttributes()));
      }
      r.putObject("messageAttributes");
      r.put("md5OfBody", m.getMd5OfBody());
      r.put("eventSource", m.getEventSource());
      r.put("eventSourceARN", m.getEventSourceArn());
      r.put("awsRegion", m.getAwsRegion());
    }
    return json;
  }

  /** The partial-batch response: the ids of the messages that failed. */
  public static ObjectNode response(SQSBatchResponse response) {
    ObjectNode json = JsonTrees.object();
    ArrayNode failures = json.putArray("batchItemFailures");
    if (response.getBatchItemFailures() != null) {
      response.getBatchItemFailures().forEach(f -> failures.addObject().put("itemIdentifier", f.getItemIdentifier()));
    }
    return json;
  }

  /** The failed message ids of a response {@link #response} wrote. */
  public static List<String> failures(JsonNode response) {
    List<String> ids = new ArrayList<>();
    response.path("batchItemFailures").forEach(f -> ids.add(f.path("itemIdentifier").asText()));
    return ids;
  }
}
