package dev.berth.functions.endpoint;

import dev.berth.json.JsonTrees;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.auth.identity.MasterKey;
import dev.berth.auth.sts.InstanceRoles;
import dev.berth.core.Config;
import dev.berth.model.EcsException;
import dev.berth.protocol.EcsHttp;
import dev.berth.protocol.logging.JsonLogging;
import dev.berth.store.SnapStartPriming;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The one URL the AWS CLI, SDKs and agents talk to: authenticates, authorises, throttles and audits
 * each request (see {@link Endpoint}), then hands ECS operations to the function that serves them.
 * Invoked directly with {@code {"berth":"bootstrap-admin"}} (which needs lambda:InvokeFunction in the
 * AWS account, so only the stack's operator can), it answers the administrator's access key.
 */
public final class EndpointHandler implements RequestStreamHandler {
  private static final Logger LOG = Logger.getLogger(EndpointHandler.class.getName());
  static final String ADMINISTRATOR = "berth-admin";
  static final String ADMIN_POLICY = "AdministratorAccess";
  private static final String ALLOW_ALL =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";

  private final Endpoint endpoint;

  /** Lambda's constructor. Deployed, authentication is always on: nothing in the template can turn it off. */
  public EndpointHandler() {
    JsonLogging.install(); // Lambda: structured lines on standard output
    EndpointComponent component = DaggerEndpointComponent.create();
    this.endpoint = Endpoints.create(component.config(), component.dynamo(), component.masterKey(),
        Clock.systemUTC(), component.invoker(),
        Endpoints.Settings.DEPLOYED.withAgentRoles(InstanceRoles.parse(System.getenv("BERTH_AGENT_ROLES"))));
    SnapStartPriming.register("endpoint", () -> prime(component.config(), component.dynamo(), component.masterKey()));
  }

  /** The local runtime's and the tests' constructor. */
  public EndpointHandler(Config config, DynamoDbClient dynamo, MasterKey master, Clock clock, Invoker invoker,
      Endpoints.Settings settings) {
    this.endpoint = Endpoints.create(config, dynamo, master, clock, invoker, settings);
  }

  /**
   * What a first call costs beyond the constructor: the DynamoDB client's first request (a key that
   * cannot exist), the master key's first MAC, and reading an event. Nothing is written: a request
   * through {@link Endpoint} would be audited.
   */
  public static void prime(Config config, DynamoDbClient dynamo, MasterKey master) {
    new dev.berth.store.IdentityStore(dynamo, config).accessKey("BKIA0000000000000000");
    master.mac("berth/snapstart-priming".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    try {
      HttpRequest.of((com.fasterxml.jackson.databind.node.ObjectNode) JsonTrees.read(
          "{\"headers\":{\"x-amz-target\":\"AmazonEC2ContainerServiceV20141113.ListClusters\"},\"body\":\"{}\"}"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    byte[] event = input.readAllBytes();
    byte[] response;
    try {
      JsonNode bootstrap = event.length < 100 ? JsonTrees.read(event).path("berth") : null;
      if (bootstrap != null && "bootstrap-admin".equals(bootstrap.asText())) {
        String[] key = administratorKey();
        response = JsonTrees.bytes(JsonTrees.value(java.util.Map.of("userName", ADMINISTRATOR,
            "accessKeyId", key[0], "secretAccessKey", key[1])));
      } else {
        response = endpoint.handle(event);
      }
    } catch (EcsException e) {
      response = Responses.json(e.status(), "unknown", "{\"__type\":\"" + e.code() + "\",\"message\":"
          + JsonTrees.text(JsonTrees.value(e.getMessage())) + "}");
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "request failed", e);
      response = Responses.json(500, "unknown", "{\"__type\":\"ServerException\",\"message\":\"An internal error occurred.\"}");
    }
    output.write(response);
  }

  /**
   * The administrator's access key: created with its allow-all policy on first use, and afterwards
   * the same key again (its secret is derived, so it can be recomputed, never read).
   */
  public String[] administratorKey() {
    IamApi iam = endpoint.iam();
    var user = iam.ensureUser(ADMINISTRATOR);
    if (!user.policies().containsKey(ADMIN_POLICY)) {
      iam.putPolicy(ADMINISTRATOR, ADMIN_POLICY, ALLOW_ALL);
    }
    return iam.existingOrNewKey(ADMINISTRATOR);
  }

  /** A user with {@code policy}, and its key: the local runtime's agent bootstrap user, and tests' users. */
  public String[] userWithPolicy(String userName, String policy) {
    IamApi iam = endpoint.iam();
    iam.ensureUser(userName);
    iam.putPolicy(userName, "policy", policy);
    return iam.existingOrNewKey(userName);
  }
}
