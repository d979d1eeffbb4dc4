package dev.berth.functions.endpoint;

import dev.berth.json.JsonTrees;
import dev.berth.protocol.logging.RequestLog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.auth.identity.Principal;
import dev.berth.auth.sigv4.AuthError;
import dev.berth.auth.sigv4.AuthException;
import dev.berth.model.EcsException;
import dev.berth.model.Tag;
import dev.berth.protocol.EcsHttp;
import dev.berth.protocol.Operations;
import dev.berth.protocol.RequestValidator;
import dev.berth.protocol.StrictJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one URL's front door. Every request is authenticated (SigV4 with a Berth key), authorised (a
 * user's IAM policies, or the agent rules), throttled, and recorded when it changes something or is
 * refused, before it goes anywhere. ECS operations then go to the function that serves them with the
 * caller attached where API Gateway puts an authorizer's context; IAM and CloudTrail calls are served
 * here. A refused request writes nothing but its audit record.
 */
final class Endpoint {
  private static final Logger LOG = Logger.getLogger(Endpoint.class.getName());
  /** Where the caller travels to the function that serves the operation. */
  static final String CALLER_CONTEXT = "lambda";
  private static final ConsoleAssets CONSOLE = ConsoleAssets.fromClasspath();
  private static final String PROVE_INSTANCE_ROLE = "AmazonEC2ContainerServiceV20141113.ProveInstanceRole";
  private static final String DISCOVER_POLL_ENDPOINT = "DiscoverPollEndpoint";

  private final Authenticator authenticator;
  private final boolean authenticate;
  private final EcsResources resources;
  private final PolicyAuthorizer authorizer;
  private final AgentPolicy agents;
  private final AgentCredentials agentCredentials;
  private final InstanceRoleLogin instanceRoles;
  private final Throttle throttle;
  private final IamApi iam;
  private final CloudTrailApi cloudTrail;
  private final AuditTrail audit;
  private final Invoker invoker;
  private final AgentChannel channel;
  private final TagAuthorization tagAuthorization;

  Endpoint(Authenticator authenticator, boolean authenticate, EcsResources resources, PolicyAuthorizer authorizer,
      AgentPolicy agents, AgentCredentials agentCredentials, InstanceRoleLogin instanceRoles, Throttle throttle,
      IamApi iam, CloudTrailApi cloudTrail, AuditTrail audit, Invoker invoker, AgentChannel channel,
      TagAuthorization tagAuthorization) {
    this.channel = channel;
    this.tagAuthorization = tagAuthorization;
    this.authenticator = authenticator;
    this.authenticate = authenticate;
    this.resources = resources;
    this.authorizer = authorizer;
    this.agents = agents;
    this.agentCredentials = agentCredentials;
    this.instanceRoles = instanceRoles;
    this.throttle = throttle;
    this.iam = iam;
    this.cloudTrail = cloudTrail;
    this.audit = audit;
    this.invoker = invoker;
  }

  IamApi iam() {
    return iam;
  }

  /** Serves one HTTP API event; returns the HTTP API response event. */
  byte[] handle(byte[] eventBytes) throws IOException {
    ObjectNode event;
    HttpRequest request;
    try {
      event = (ObjectNode) JsonTrees.read(eventBytes);
      if (AgentChannel.handles(event)) {
        return channel.handle(event); // the agent channel's WebSocket routes
      }
      request = HttpRequest.of(event);
    } catch (HttpRequest.BodyTooLargeException e) {
      return Responses.json(413, "unknown", error("SerializationException", e.getMessage()));
    } catch (IOException | RuntimeException e) {
      return Responses.json(400, "unknown", error("SerializationException", "Unreadable request."));
    }
    if (ConsoleAssets.handles(request.rawPath())) {
      return CONSOLE.serve(request.method(), request.rawPath(), request.requestId()); // public files, see ConsoleAssets
    }
    Api api = Api.of(request);
    RequestLog.begin(request.requestId(), operationName(request, api));
    byte[] answer = null;
    try {
      answer = serve(request, api);
      return answer;
    } finally {
      logOutcome(answer);
    }
  }

  /** The request's summary line: its status and, for an error, its code (from the response's header). */
  private static void logOutcome(byte[] answer) {
    int status = 500;
    String error = null;
    try {
      JsonNode response = answer == null ? null : JsonTrees.read(answer);
      if (response != null) {
        status = response.path("statusCode").asInt(500);
        error = response.path("headers").path("X-Amzn-ErrorType").asText(null);
      }
    } catch (IOException | RuntimeException unreadable) {
      // logged as a 500
    }
    RequestLog.end(status < 400 ? "ok" : error != null ? error : "error", status);
  }

  private byte[] serve(HttpRequest request, Api api) throws IOException {
    if (!request.method().equals("POST") || !request.rawPath().equals("/")) {
      // every API here is POST /, as AWS serves them; anything else is refused before any work
      return Responses.json(400, request.requestId(), error("UnknownOperationException", "Only POST / is served."));
    }
    if (api == Api.ECS && PROVE_INSTANCE_ROLE.equals(request.header("x-amz-target"))) {
      // unsigned: the proof of an EC2 instance role in its body is its authentication
      return proveInstanceRole(request);
    }
    Caller caller = null;
    try {
      caller = authenticate ? authenticator.authenticate(request, api) : Caller.unauthenticated();
      RequestLog.principal(caller.principal().arn());
      return switch (api) {
        case ECS -> ecs(request, caller);
        case IAM -> iam(request, caller);
        case CLOUDTRAIL -> cloudTrail(request, caller);
      };
    } catch (AuthException e) {
      String name = operationName(request, api);
      auditRefusal(api, name, caller, request, e.error().jsonCode().replace("Exception", ""), e.getMessage());
      return api == Api.IAM
          ? Responses.xml(e.error().queryStatus(), request.requestId(),
              IamXml.error(e.error().queryCode(), e.getMessage(), request.requestId()))
          : Responses.json(e.error().jsonStatus(), request.requestId(), error(e.error().jsonCode(), e.getMessage()));
    }
  }

  private byte[] ecs(HttpRequest request, Caller caller) throws IOException {
    String operation;
    ObjectNode body;
    try {
      operation = Api.ecsOperation(request);
      EcsHttp.requireContentType(request.header("content-type"));
      // checked against ECS's service model before anything reads it: what authorisation and the
      // audit trail see is exactly what the serving function will accept
      body = RequestValidator.knows(operation) ? RequestValidator.validate(operation, request.body())
          : StrictJson.parse(request.body());
    } catch (EcsException e) {
      return Responses.json(e.status(), request.requestId(), error(e.code(), e.getMessage()));
    }
    RequestLog.cluster(body.path("cluster").asText(null));
    Principal principal = caller.principal();
    List<EcsResources.Target> targets;
    try {
      if (operation.equals("AssumeInstanceIdentity")) {
        return assumeInstanceIdentity(request, caller, body);
      }
      if (!Operations.GROUPS.containsKey(operation) && !operation.equals(DISCOVER_POLL_ENDPOINT)) {
        throw EcsException.unknownOperation("Unknown operation " + operation + ".");
      }
      targets = resources.targets(operation, body);
      if (principal.isAgent()) {
        agents.check(principal, operation, body);
      } else if (principal.isInstanceRole()) {
        body = agents.checkInstanceRole(principal, operation, body);
        // what the registration function reads: the request with the proven EC2 instance id in it
        request.event().put("body", JsonTrees.text(body));
        request.event().put("isBase64Encoded", false);
      } else {
        List<Tag> tags = requestTags(body);
        List<String> tagKeys = operation.equals("UntagResource") ? EcsResources.strings(body, "tagKeys")
            : tags.stream().map(Tag::key).toList();
        authorizer.authorize(caller, new PolicyAuthorizer.Request("ecs:" + operation, request.sourceIp(), tags,
            tagKeys), targets);
        if (tagAuthorization.required(operation, !tags.isEmpty(), principal.arn())) {
          authorizer.authorize(caller, new PolicyAuthorizer.Request("ecs:TagResource", request.sourceIp(), tags,
              tagKeys), List.of(resources.created(operation, body)));
        }
      }
      throttle.take(principal, operation);
    } catch (EcsException e) {
      return Responses.json(e.status(), request.requestId(), error(e.code(), e.getMessage()));
    }
    if (operation.equals(DISCOVER_POLL_ENDPOINT)) {
      return discoverPollEndpoint(request, principal, body, targets);
    }
    event(request, principal);
    byte[] answer = invoker.invoke(Operations.GROUPS.get(operation), JsonTrees.bytes(request.event()));
    ObjectNode response = (ObjectNode) JsonTrees.read(answer);
    int status = response.path("statusCode").asInt(500);
    JsonNode responseBody = parseBody(response.path("body").asText(""));
    if (principal.isAgent() && operation.equals("DescribeTasks") && status == 200 && responseBody.isObject()) {
      agents.hideOthers(principal, (ObjectNode) responseBody);
      response.put("body", JsonTrees.text(responseBody));
      answer = JsonTrees.bytes(response);
    }
    List<String> names = new ArrayList<>();
    targets.forEach(t -> names.add(t.resource()));
    audit(new AuditTrail.Call(Api.ECS, operation, principal, principal.accessKeyId(), request, body,
        responseBody, status >= 400 ? responseBody.path("__type").asText("ServerException") : null,
        status >= 400 ? responseBody.path("message").asText("") : null, names, readOnly(operation)));
    return answer;
  }

  /**
   * DiscoverPollEndpoint, answered here because only the endpoint knows the address it was reached
   * at: Berth's own URL, for the agents' endpoint and telemetry alike (Berth's agent polls it).
   */
  private byte[] discoverPollEndpoint(HttpRequest request, Principal principal, ObjectNode body,
      List<EcsResources.Target> targets) {
    String url;
    try {
      url = ownUrl(request);
    } catch (EcsException e) {
      return Responses.json(e.status(), request.requestId(), error(e.code(), e.getMessage()));
    }
    ObjectNode response = JsonTrees.object().put("endpoint", url).put("telemetryEndpoint", url);
    List<String> names = new ArrayList<>();
    targets.forEach(t -> names.add(t.resource()));
    audit(new AuditTrail.Call(Api.ECS, DISCOVER_POLL_ENDPOINT, principal, principal.accessKeyId(), request, body,
        response, null, null, names, true));
    return Responses.json(200, request.requestId(), JsonTrees.text(response));
  }

  /**
   * The URL the request reached: API Gateway's domain name over the scheme it says it served (a local
   * run: the Host header over http).
   */
  private static String ownUrl(HttpRequest request) {
    String domain = request.event().path("requestContext").path("domainName").asText("");
    String host = domain.isEmpty() ? request.header("host") : domain;
    String scheme = request.header("x-forwarded-proto") != null ? request.header("x-forwarded-proto") : "http";
    if (host == null || !host.matches("[A-Za-z0-9.:\\[\\]-]+") || !scheme.matches("https?")) {
      throw EcsException.invalidParameter("The endpoint's own address is unknown.");
    }
    return scheme + "://" + host + "/";
  }

  private byte[] assumeInstanceIdentity(HttpRequest request, Caller caller, ObjectNode body) throws IOException {
    Principal principal = caller.principal();
    String[] target = agentCredentials.target(body);
    ObjectNode credentials;
    if (principal.isAgent()) {
      if (!AgentCredentials.isOwn(principal, target[1])) {
        throw AgentPolicy.denied(principal, "AssumeInstanceIdentity", target[1]);
      }
    } else if (principal.isInstanceRole()) {
      throttle.take(principal, "AssumeInstanceIdentity");
      credentials = agentCredentials.issueFor(principal, target[0], target[1]);
      return issued(request, principal, body, target[1], credentials);
    } else {
      // a bootstrap key: whoever may register an instance in the cluster may act as the instances it registers
      authorizer.authorize(caller, new PolicyAuthorizer.Request("ecs:RegisterContainerInstance", request.sourceIp(),
          List.of()), resources.targets("RegisterContainerInstance", body));
    }
    throttle.take(principal, "AssumeInstanceIdentity");
    credentials = agentCredentials.issue(target[0], target[1]);
    return issued(request, principal, body, target[1], credentials);
  }

  private byte[] issued(HttpRequest request, Principal principal, ObjectNode body, String instanceArn,
      ObjectNode credentials) {
    audit(new AuditTrail.Call(Api.ECS, "AssumeInstanceIdentity", principal, principal.accessKeyId(), request, body,
        null, null, null, List.of(instanceArn), false));
    return Responses.json(200, request.requestId(), JsonTrees.text(credentials));
  }

  /**
   * Berth's ProveInstanceRole (see {@link InstanceRoleLogin}): unsigned, throttled by the caller's
   * address before Berth asks STS anything, and audited whether it succeeds or is refused.
   */
  private byte[] proveInstanceRole(HttpRequest request) {
    ObjectNode body = null;
    try {
      EcsHttp.requireContentType(request.header("content-type"));
      body = RequestValidator.validate("ProveInstanceRole", request.body());
      throttle.take(Principal.user("anonymous", "source-ip/" + request.sourceIp(), ""), "ProveInstanceRole");
      InstanceRoleLogin.Login login = instanceRoles.prove(body, request.header("host"));
      audit(new AuditTrail.Call(Api.ECS, "ProveInstanceRole", login.principal(), login.principal().accessKeyId(),
          request, body, login.response(), null, null, List.of(), false));
      return Responses.json(200, request.requestId(), JsonTrees.text(login.response()));
    } catch (AuthException e) {
      audit(new AuditTrail.Call(Api.ECS, "ProveInstanceRole", null, null, request, body, null,
          e.error().jsonCode().replace("Exception", ""), e.getMessage(), List.of(), false));
      return Responses.json(e.error().jsonStatus(), request.requestId(), error(e.error().jsonCode(), e.getMessage()));
    } catch (EcsException e) {
      return Responses.json(e.status(), request.requestId(), error(e.code(), e.getMessage()));
    }
  }

  private byte[] iam(HttpRequest request, Caller caller) {
    IamApi.Request query = IamApi.Request.parse(request.bodyText());
    try {
      if (caller.principal().kind() != Principal.Kind.USER) {
        throw AgentPolicy.denied(caller.principal(), query.action(), "*");
      }
      if (!IamApi.ACTIONS.contains(query.action())) {
        throw new IamError("InvalidAction", 400, "Could not find operation " + query.action() + " for version "
            + "2010-05-08");
      }
      query = IamApi.validated(query);
      String subject = iam.subject(query, caller.principal().name());
      authorizer.authorize(caller, new PolicyAuthorizer.Request("iam:" + query.action(), request.sourceIp(),
          List.of()), List.of(new EcsResources.Target(query.action().equals("ListUsers") ? "*" : iam.userArn(subject),
              Map.of(), List::of)));
      throttle.take(caller.principal(), query.action());
      IamXml result = iam.handle(query, caller.principal().name());
      audit(new AuditTrail.Call(Api.IAM, query.action(), caller.principal(), caller.principal().accessKeyId(),
          request, JsonTrees.value(withoutAction(query)), null, null, null,
          IamApi.resourceNames(query), IamApi.READ_ONLY.contains(query.action())));
      return Responses.xml(200, request.requestId(), IamXml.response(query.action(), result, request.requestId()));
    } catch (IamError e) {
      audit(new AuditTrail.Call(Api.IAM, query.action(), caller.principal(), caller.principal().accessKeyId(),
          request, JsonTrees.value(withoutAction(query)), null, e.code(), e.getMessage(),
          IamApi.resourceNames(query), IamApi.READ_ONLY.contains(query.action())));
      return Responses.xml(e.status(), request.requestId(), IamXml.error(e.code(), e.getMessage(), request.requestId()));
    }
  }

  private byte[] cloudTrail(HttpRequest request, Caller caller) throws IOException {
    String target = request.header("x-amz-target");
    String operation = target.substring(Api.CLOUDTRAIL_PREFIX.length());
    try {
      if (caller.principal().kind() != Principal.Kind.USER) {
        throw AgentPolicy.denied(caller.principal(), operation, "*");
      }
      if (!operation.equals("LookupEvents")) {
        throw EcsException.unknownOperation("Unknown operation " + operation + ".");
      }
      EcsHttp.requireContentType(request.header("content-type"));
      ObjectNode body = CloudTrailApi.validated(request.body());
      authorizer.authorize(caller, new PolicyAuthorizer.Request("cloudtrail:LookupEvents", request.sourceIp(),
          List.of()), List.of(new EcsResources.Target("*", Map.of(), List::of)));
      throttle.take(caller.principal(), operation);
      return Responses.json(200, request.requestId(), JsonTrees.text(cloudTrail.lookupEvents(body)));
    } catch (EcsException e) {
      return Responses.json(e.status(), request.requestId(), error(e.code(), e.getMessage()));
    }
  }

  /** The caller, where a Lambda authorizer's context would be: the serving function reads it from there. */
  private static void event(HttpRequest request, Principal principal) {
    ObjectNode context = request.event().with("requestContext");
    ObjectNode authorizer = context.putObject("authorizer");
    ObjectNode lambda = authorizer.putObject(CALLER_CONTEXT);
    lambda.put("principalType", principal.kind().name());
    lambda.put("principalArn", principal.arn());
    lambda.put("accessKeyId", principal.accessKeyId());
    if (principal.isAgent()) {
      lambda.put("containerInstanceArn", principal.containerInstanceArn());
    }
  }

  private void auditRefusal(Api api, String operation, Caller caller, HttpRequest request, String code,
      String message) {
    audit(new AuditTrail.Call(api, operation, caller == null ? null : caller.principal(),
        accessKeyIdOf(request), request, null, null, code, message, List.of(), readOnly(operation)));
  }

  private void audit(AuditTrail.Call call) {
    try {
      audit.record(call);
    } catch (RuntimeException e) {
      // the call itself has happened; a failed audit write must not turn it into an error
      LOG.log(Level.SEVERE, "audit record of " + call.eventName() + " failed", e);
    }
  }

  private static String operationName(HttpRequest request, Api api) {
    if (api == Api.IAM) {
      return IamApi.Request.parse(request.bodyText()).action();
    }
    String target = request.header("x-amz-target");
    if (target == null) {
      return "Unknown";
    }
    int dot = target.lastIndexOf('.');
    return target.substring(dot + 1);
  }

  private static String accessKeyIdOf(HttpRequest request) {
    String authorization = request.header("authorization");
    if (authorization == null) {
      return null;
    }
    int at = authorization.indexOf("Credential=");
    if (at < 0) {
      return null;
    }
    int slash = authorization.indexOf('/', at);
    String id = slash < 0 ? "" : authorization.substring(at + "Credential=".length(), slash);
    return id.matches("[A-Z0-9]{16,128}") ? id : null;
  }

  static boolean readOnly(String operation) {
    return operation.startsWith("Describe") || operation.startsWith("List") || operation.startsWith("Get")
        || operation.startsWith("Lookup") || operation.equals("DiscoverPollEndpoint");
  }

  private static List<Tag> requestTags(JsonNode body) {
    List<Tag> tags = new ArrayList<>();
    for (JsonNode tag : body.path("tags")) {
      if (tag.path("key").isTextual()) {
        tags.add(new Tag(tag.path("key").textValue(), tag.path("value").asText("")));
      }
    }
    return tags;
  }

  private static Map<String, String> withoutAction(IamApi.Request query) {
    Map<String, String> params = new HashMap<>(query.params());
    params.remove("Action");
    params.remove("Version");
    return params;
  }

  private static JsonNode parseBody(String text) {
    try {
      JsonNode node = JsonTrees.read(text.getBytes(StandardCharsets.UTF_8));
      return node == null ? JsonTrees.object() : node;
    } catch (IOException e) {
      return JsonTrees.object();
    }
  }

  private static String error(String code, String message) {
    ObjectNode body = JsonTrees.object();
    body.put("__type", code);
    body.put("message", message);
    return JsonTrees.text(body);
  }
}
