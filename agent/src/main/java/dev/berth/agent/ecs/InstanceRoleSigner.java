package dev.berth.agent.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/**
 * How an agent on EC2 proves itself with no Berth key: it signs an STS {@code GetCallerIdentity}
 * request with its instance role's credentials (the SDK's default chain: the instance profile), does
 * not send it, and gives Berth its headers and body in {@code ProveInstanceRole}. Berth sends it to
 * STS itself; when the operator allowed the role in the cluster, Berth answers a short-lived credential
 * that may register this EC2 instance and assume its identity. That credential signs what the
 * bootstrap key would sign otherwise, and a fresh proof renews it once three quarters of its life
 * have passed or when Berth refused it.
 */
public final class InstanceRoleSigner implements RequestSigner {
  private static final Logger LOG = Logger.getLogger(InstanceRoleSigner.class.getName());
  static final String PROVE = "ProveInstanceRole";
  static final String BODY = "Action=GetCallerIdentity&Version=2011-06-15";
  static final String SERVER_ID_HEADER = "X-Berth-Server-Id";

  private record Credential(RequestSigner signer, Instant renewAt) {}

  private final AwsCredentialsProvider role;
  private final URI sts;
  private final String region;
  private final URI endpoint;
  private final HttpClient http;
  private final String cluster;
  private final Clock clock;
  private volatile Credential current;

  /**
   * @param role the instance role's credentials
   * @param sts the STS endpoint Berth sends proofs to (the regional one unless configured otherwise)
   * @param endpoint Berth's endpoint: its host is the server id the proof names
   */
  public InstanceRoleSigner(AwsCredentialsProvider role, URI sts, String region, URI endpoint, HttpClient http,
      String cluster, Clock clock) {
    this.role = role;
    this.sts = sts;
    this.region = region;
    this.endpoint = endpoint;
    this.http = http;
    this.cluster = cluster;
    this.clock = clock;
  }

  /**
   * With no bootstrap key: the host's AWS credentials prove its role (the variables AWS_ACCESS_KEY_ID,
   * AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, else the SDK's default chain, which on EC2 ends at the
   * instance profile); with none at all, calls go unsigned. STS is AWS_ENDPOINT_URL_STS, else
   * AWS_ENDPOINT_URL, else the region's own, and must be where Berth sends proofs.
   */
  public static RequestSigner fromEnvironment(Map<String, String> env, String region, URI endpoint, HttpClient http,
      String cluster, Clock clock) {
    AwsCredentialsProvider credentials = credentials(env);
    try {
      credentials.resolveCredentials();
    } catch (SdkClientException none) {
      LOG.info("no bootstrap key and no AWS credentials found; calls go unsigned");
      return RequestSigner.unsigned();
    }
    URI sts = stsEndpoint(env, region);
    LOG.info("no bootstrap key: the agent proves its AWS role to Berth with STS at " + sts);
    return new InstanceRoleSigner(credentials, sts, region, endpoint, http, cluster, clock);
  }

  static AwsCredentialsProvider credentials(Map<String, String> env) {
    String id = env.get("AWS_ACCESS_KEY_ID");
    String secret = env.get("AWS_SECRET_ACCESS_KEY");
    if (id == null || id.isBlank() || secret == null || secret.isBlank()) {
      return DefaultCredentialsProvider.builder().build();
    }
    String token = env.get("AWS_SESSION_TOKEN");
    return StaticCredentialsProvider.create(token == null || token.isBlank() ? AwsBasicCredentials.create(id, secret)
        : AwsSessionCredentials.create(id, secret, token));
  }

  static URI stsEndpoint(Map<String, String> env, String region) {
    for (String name : new String[] {"AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL"}) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        return URI.create(value.strip());
      }
    }
    return URI.create("https://sts." + region + ".amazonaws.com");
  }

  @Override
  public Map<String, String> sign(URI uri, Map<String, String> headers, byte[] body) {
    return credential().signer().sign(uri, headers, body);
  }

  @Override
  public void refused(String errorCode) {
    current = null;
  }

  private synchronized Credential credential() {
    Credential held = current;
    if (held != null && held.renewAt().isAfter(clock.instant())) {
      return held;
    }
    try {
      current = prove();
      return current;
    } catch (EcsError e) {
      throw new Unavailable(e);
    } catch (IOException e) {
      throw new Unavailable(e);
    }
  }

  private Credential prove() throws EcsError, IOException {
    EcsTransport transport = new EcsTransport(endpoint, http, RequestSigner.unsigned(), Duration.ofSeconds(30));
    ObjectNode request = JsonNodeFactory.instance.objectNode().put("cluster", cluster);
    ObjectNode proof = request.putObject("callerIdentityRequest");
    proof.set("headers", proofHeaders(clock.instant()));
    proof.put("body", BODY);
    Instant asked = clock.instant();
    JsonNode answer = transport.call(PROVE, request);
    JsonNode c = answer.path("credentials");
    Instant expires = Instant.ofEpochSecond(c.path("expiration").asLong());
    AwsSessionCredentials credentials = AwsSessionCredentials.create(c.path("accessKeyId").asText(),
        c.path("secretAccessKey").asText(), c.path("sessionToken").asText());
    LOG.info("proved the instance role " + answer.path("callerArn").asText() + " for EC2 instance "
        + answer.path("ec2InstanceId").asText() + " until " + expires);
    return new Credential(RequestSigner.sigV4(StaticCredentialsProvider.create(credentials), region),
        asked.plus(Duration.between(asked, expires).multipliedBy(3).dividedBy(4)));
  }

  /** The headers of a GetCallerIdentity request to {@link #sts}, signed now with the role's credentials. */
  ObjectNode proofHeaders(Instant now) {
    SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(sts)
        .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
        .putHeader(SERVER_ID_HEADER, serverId(endpoint))
        .build();
    var signed = AwsV4HttpSigner.create().sign(r -> r.identity(role.resolveCredentials())
        .request(request)
        .payload(ContentStreamProvider.fromString(BODY, StandardCharsets.UTF_8))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sts")
        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
        .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(now, java.time.ZoneOffset.UTC)));
    ObjectNode headers = JsonNodeFactory.instance.objectNode();
    signed.request().headers().forEach((name, values) -> headers.put(name, String.join(",", values)));
    return headers;
  }

  /** The name of the Berth a proof is for: the host (and port) the agent reaches it at, as Berth sees it. */
  static String serverId(URI endpoint) {
    int port = endpoint.getPort();
    boolean defaultPort = port == -1 || ("https".equals(endpoint.getScheme()) && port == 443)
        || ("http".equals(endpoint.getScheme()) && port == 80);
    return defaultPort ? endpoint.getHost() : endpoint.getHost() + ":" + port;
  }
}
