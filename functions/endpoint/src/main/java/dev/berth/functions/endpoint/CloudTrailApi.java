package dev.berth.functions.endpoint;

import dev.berth.json.JsonTrees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.model.EcsException;
import dev.berth.protocol.EcsHttp;
import dev.berth.protocol.RequestValidator;
import dev.berth.protocol.ServiceModel;
import dev.berth.store.AuditStore;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

/**
 * CloudTrail's {@code LookupEvents} over Berth's audit trail, so {@code aws cloudtrail lookup-events
 * --endpoint-url <berth>} reads it: one lookup attribute (EventName, Username, ResourceName,
 * AccessKeyId, ReadOnly), StartTime/EndTime, MaxResults (1-50) and NextToken, newest first. The
 * request is checked against CloudTrail's own model first ({@link #validated}). Berth records no
 * Insights events, so EventCategory {@code insight} finds none.
 */
final class CloudTrailApi {
  private static final Set<String> ATTRIBUTES = Set.of("EventName", "Username", "ResourceName", "AccessKeyId",
      "ReadOnly");

  /** CloudTrail's code for a request whose member breaks the model. */
  private static final java.util.Map<String, String> MEMBER_CODES = java.util.Map.of(
      "MaxResults", "InvalidMaxResultsException", "LookupAttributes", "InvalidLookupAttributesException",
      "EventCategory", "InvalidEventCategoryException", "NextToken", "InvalidNextTokenException",
      "StartTime", "InvalidTimeRangeException", "EndTime", "InvalidTimeRangeException");

  private final AuditStore store;
  private final Clock clock;
  private final Duration retention;

  CloudTrailApi(AuditStore store, Clock clock, Duration retention) {
    this.store = store;
    this.clock = clock;
    this.retention = retention;
  }

  /**
   * The request as CloudTrail's model allows it. Its violations get CloudTrail's codes for the member
   * they concern (InvalidMaxResultsException, InvalidLookupAttributesException, ...); wrong JSON types
   * stay SerializationException.
   */
  static ObjectNode validated(byte[] body) {
    try {
      return RequestValidator.validate(ServiceModel.cloudTrail(), "LookupEvents", body);
    } catch (EcsException e) {
      if (!e.code().equals("InvalidParameterException")) {
        throw e;
      }
      // the message names the member first: the earliest member name in it is the one at fault
      String message = e.getMessage();
      String code = "InvalidParameterException";
      int at = Integer.MAX_VALUE;
      for (var member : MEMBER_CODES.entrySet()) {
        int i = message.indexOf(member.getKey());
        if (i >= 0 && i < at) {
          at = i;
          code = member.getValue();
        }
      }
      throw invalid(code, message);
    }
  }

  ObjectNode lookupEvents(JsonNode request) {
    Instant now = clock.instant();
    Instant end = time(request, "EndTime", now);
    Instant start = time(request, "StartTime", now.minus(retention));
    if (start.isAfter(end)) {
      throw invalid("InvalidTimeRangeException", "Start time must be earlier than end time.");
    }
    int max = request.path("MaxResults").asInt(50); // 1 to 50, as the model says
    AuditStore.Filter filter = null;
    JsonNode attributes = request.path("LookupAttributes");
    if (attributes.isArray() && attributes.size() > 1) {
      throw invalid("InvalidLookupAttributesException", "Only one lookup attribute is supported.");
    }
    if (attributes.isArray() && attributes.size() == 1) {
      String key = attributes.get(0).path("AttributeKey").asText("");
      String value = attributes.get(0).path("AttributeValue").asText("");
      if (!ATTRIBUTES.contains(key)) {
        throw invalid("InvalidLookupAttributesException", "The attribute key " + key + " is not supported.");
      }
      filter = new AuditStore.Filter(key, value);
    }
    String after = null;
    if (request.hasNonNull("NextToken")) {
      try {
        after = new String(Base64.getUrlDecoder().decode(request.get("NextToken").asText()));
        Instant.parse(after.substring(0, after.indexOf('#')));
      } catch (RuntimeException e) {
        throw invalid("InvalidNextTokenException", "The NextToken is not valid.");
      }
    }
    ObjectNode response = JsonTrees.object();
    if (request.has("EventCategory")) {
      response.putArray("Events"); // insight, the one category: Berth records no Insights events
      return response;
    }
    AuditStore.Page page = store.lookup(start, end, filter, max, after);
    ArrayNode events = response.putArray("Events");
    for (AuditStore.Entry entry : page.entries()) {
      ObjectNode event = events.addObject();
      event.put("EventId", entry.eventId());
      event.put("EventName", entry.eventName());
      event.put("ReadOnly", Boolean.toString(entry.readOnly()));
      event.put("AccessKeyId", entry.accessKeyId());
      event.put("EventTime", entry.eventTime().toEpochMilli() / 1000.0);
      event.put("EventSource", "ecs.amazonaws.com");
      event.put("Username", entry.username());
      ArrayNode resources = event.putArray("Resources");
      entry.resourceNames().forEach(r -> resources.addObject().put("ResourceName", r));
      event.put("CloudTrailEvent", entry.document());
      try {
        event.put("EventSource", JsonTrees.read(entry.document()).path("eventSource").asText());
      } catch (java.io.IOException e) {
        // the stored document is Berth's own JSON; keep the default source
      }
    }
    if (page.next() != null) {
      response.put("NextToken", Base64.getUrlEncoder().withoutPadding().encodeToString(page.next().getBytes()));
    }
    return response;
  }

  private static Instant time(JsonNode request, String name, Instant absent) {
    JsonNode value = request.get(name);
    if (value == null || value.isNull()) {
      return absent;
    }
    if (!value.isNumber()) {
      throw EcsException.serialization("Expected a timestamp for " + name + ".");
    }
    return Instant.ofEpochMilli(new BigDecimal(value.asText()).movePointRight(3).longValue());
  }

  private static EcsException invalid(String code, String message) {
    return new EcsException(code, message, 400, java.util.List.of());
  }
}
