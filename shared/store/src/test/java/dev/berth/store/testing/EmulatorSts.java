package dev.berth.store.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * STS on the emulator, as an EC2 host meets it: {@code AssumeRole} gives the session credentials an
 * instance profile would (the session named after the instance), and {@link #proof} signs the
 * {@code GetCallerIdentity} request an agent hands Berth, exactly as the agent does.
 */
public final class EmulatorSts {
  public static final String ACCOUNT = "123456789012";
  public static final String GET_CALLER_IDENTITY = "Action=GetCallerIdentity&Version=2011-06-15";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** Temporary credentials: key id, secret, session token. */
  public record Session(String accessKeyId, String secretAccessKey, String sessionToken) {
    public String[] key() {
      return new String[] {accessKeyId, secretAccessKey, sessionToken};
    }
  }

  private EmulatorSts() {}

  public static String roleArn(String role) {
    return "arn:aws:iam::" + ACCOUNT + ":role/" + role;
  }

  /** The credentials of a session of {@code role} named {@code sessionName} (an EC2 instance id, for a host). */
  public static Session assumeRole(String role, String sessionName) throws IOException, InterruptedException {
    String body = "Action=AssumeRole&Version=2011-06-15&RoleArn=" + roleArn(role) + "&RoleSessionName=" + sessionName
        + "&DurationSeconds=3600";
    Map<String, String> headers = sign(Emulator.endpoint(), body, "sts", AwsCredentialsIdentity.create("test", "test"),
        Instant.now(), Map.of());
    HttpRequest.Builder request = HttpRequest.newBuilder(Emulator.endpoint()).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach((name, value) -> {
      if (!name.equalsIgnoreCase("host")) {
        request.header(name, value);
      }
    });
    HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("AssumeRole answered " + response.statusCode() + ": " + response.body());
    }
    return new Session(element(response.body(), "AccessKeyId"), element(response.body(), "SecretAccessKey"),
        element(response.body(), "SessionToken"));
  }

  /**
   * The headers of a GetCallerIdentity request to the emulator's STS signed at {@code at} by
   * {@code session}, naming the Berth {@code serverId}, as an agent makes its proof.
   */
  public static Map<String, String> proof(Session session, String serverId, Instant at) {
    return proof(session, Emulator.endpoint(), serverId, at);
  }

  /** The same, signed for the STS at {@code sts}. */
  public static Map<String, String> proof(Session session, URI sts, String serverId, Instant at) {
    return sign(sts, GET_CALLER_IDENTITY, "sts", AwsSessionCredentialsIdentity.create(session.accessKeyId(),
        session.secretAccessKey(), session.sessionToken()), at,
        Map.of("X-Berth-Server-Id", serverId));
  }

  private static Map<String, String> sign(URI uri, String body, String service, AwsCredentialsIdentity identity,
      Instant at, Map<String, String> extra) {
    SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri)
        .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
    extra.forEach(request::putHeader);
    var signed = AwsV4HttpSigner.create().sign(r -> r.identity(identity).request(request.build())
        .payload(ContentStreamProvider.fromString(body, StandardCharsets.UTF_8))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
        .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)));
    Map<String, String> headers = new LinkedHashMap<>();
    signed.request().headers().forEach((name, values) -> headers.put(name, String.join(",", values)));
    return headers;
  }

  private static String element(String xml, String name) throws IOException {
    Matcher m = Pattern.compile("<" + name + ">([^<]+)</" + name + ">").matcher(xml);
    if (!m.find()) {
      throw new IOException("no " + name + " in " + xml);
    }
    return m.group(1);
  }
}
