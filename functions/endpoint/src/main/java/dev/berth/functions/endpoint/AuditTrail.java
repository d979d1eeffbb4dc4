package dev.berth.functions.endpoint;

import dev.berth.json.JsonTrees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.auth.identity.Principal;
import dev.berth.model.IdSource;
import dev.berth.model.Region;
import dev.berth.protocol.EcsHttp;
import dev.berth.store.AuditStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Records every call that changes something and every refused call, in CloudTrail's event shape, to
 * the audit table (read back by LookupEvents) and as one JSON line in the function's log. Secrets
 * never enter a record: environment values, secrets, repository credentials and Docker label values
 * are replaced by a hash; access keys' secrets and agents' session tokens are never recorded at all.
 */
final class AuditTrail {
  private static final Logger LOG = Logger.getLogger("berth.audit");
  private static final Set<String> HASHED = Set.of("environment", "secrets", "repositoryCredentials", "dockerLabels");
  private static final Set<String> DROPPED = Set.of("SecretAccessKey", "secretAccessKey", "sessionToken",
      "PolicyDocument", "callerIdentityRequest");
  private static final int MAX_RESPONSE_CHARS = 4096;

  /** Everything known about one call when it is recorded. */
  record Call(Api api, String eventName, Principal principal, String accessKeyId, HttpRequest request,
      JsonNode requestParameters, JsonNode responseElements, String errorCode, String errorMessage,
      List<String> resources, boolean readOnly) {}

  private final AuditStore store;
  private final Region region;
  private final Clock clock;
  private final IdSource ids;
  private final Duration retention;

  AuditTrail(AuditStore store, Region region, Clock clock, IdSource ids, Duration retention) {
    this.store = store;
    this.region = region;
    this.clock = clock;
    this.ids = ids;
    this.retention = retention;
  }

  /** Whether a call is recorded: every refused one, and every successful one that is not read-only. */
  static boolean recorded(Call call) {
    return call.errorCode() != null || !call.readOnly();
  }

  void record(Call call) {
    if (!recorded(call)) {
      return;
    }
    Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    String eventId = ids.newId();
    ObjectNode event = JsonTrees.object();
    event.put("eventVersion", "1.08");
    ObjectNode identity = event.putObject("userIdentity");
    if (call.principal() != null) {
      Principal p = call.principal();
      identity.put("type", p.isAgent() ? "BerthAgent" : p.isInstanceRole() ? "AssumedRole" : "IAMUser");
      identity.put("principalId", p.name());
      identity.put("arn", p.arn());
      identity.put("accountId", region.accountId());
      identity.put("accessKeyId", p.accessKeyId());
      if (p.isAgent()) {
        identity.put("containerInstanceArn", p.containerInstanceArn());
      } else if (p.isInstanceRole()) {
        identity.put("ec2InstanceId", p.ec2InstanceId());
      } else {
        identity.put("userName", p.name());
      }
    } else {
      identity.put("type", "Unknown");
      if (call.accessKeyId() != null) {
        identity.put("accessKeyId", call.accessKeyId());
      }
    }
    event.put("eventTime", at.truncatedTo(ChronoUnit.SECONDS).toString());
    event.put("eventSource", call.api().signingName() + ".amazonaws.com");
    event.put("eventName", call.eventName());
    event.put("awsRegion", region.name());
    event.put("sourceIPAddress", call.request().sourceIp());
    event.put("userAgent", call.request().userAgent());
    if (call.requestParameters() != null) {
      event.set("requestParameters", redact(call.requestParameters().deepCopy()));
    } else {
      event.putNull("requestParameters");
    }
    if (call.errorCode() != null) {
      event.put("errorCode", call.errorCode());
      event.put("errorMessage", call.errorMessage());
      event.putNull("responseElements");
    } else if (call.responseElements() != null && !call.readOnly()) {
      JsonNode response = redact(call.responseElements().deepCopy());
      if (JsonTrees.text(response).length() <= MAX_RESPONSE_CHARS) {
        event.set("responseElements", response);
      } else {
        event.putNull("responseElements");
      }
    } else {
      event.putNull("responseElements");
    }
    event.put("requestID", call.request().requestId());
    event.put("eventID", eventId);
    event.put("readOnly", call.readOnly());
    ArrayNode resources = event.putArray("resources");
    call.resources().stream().filter(r -> r.startsWith("arn:")).distinct()
        .forEach(r -> resources.addObject().put("ARN", r).put("accountId", region.accountId()));
    event.put("eventType", "AwsApiCall");
    event.put("managementEvent", true);
    event.put("recipientAccountId", region.accountId());
    event.put("eventCategory", "Management");
    String document = JsonTrees.text(event);
    LOG.info(document);
    String username = call.principal() == null ? "" : call.principal().name();
    store.put(new AuditStore.Entry(at, eventId, call.eventName(), username,
        call.principal() != null ? call.principal().accessKeyId() : call.accessKeyId() == null ? "" : call.accessKeyId(),
        call.readOnly(), call.resources(), document), retention);
  }

  /** Hashes secret-bearing members and drops secret ones, at any depth. */
  static JsonNode redact(JsonNode node) {
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      DROPPED.forEach(object::remove);
      var names = new java.util.ArrayList<String>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        JsonNode value = object.get(name);
        if (HASHED.contains(name)) {
          object.set(name, hashValues(value));
        } else {
          object.set(name, redact(value));
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        ((ArrayNode) node).set(i, redact(node.get(i)));
      }
    }
    return node;
  }

  /** Keeps names (of variables, labels) and replaces every value by its SHA-256. */
  private static JsonNode hashValues(JsonNode node) {
    if (node.isTextual()) {
      return JsonTrees.nodes().textNode("HASHED:" + sha256(node.textValue()));
    }
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      var names = new java.util.ArrayList<String>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        object.set(name, name.equals("name") ? object.get(name) : hashValues(object.get(name)));
      }
      return object;
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        ((ArrayNode) node).set(i, hashValues(node.get(i)));
      }
    }
    return node;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)))
          .substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
