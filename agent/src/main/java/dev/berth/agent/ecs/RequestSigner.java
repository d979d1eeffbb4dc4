package dev.berth.agent.ecs;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/**
 * Signs ECS calls with SigV4 for the {@code ecs} service, as the ECS agent and the SDKs do, so an
 * endpoint behind an authorizer that verifies signatures accepts them. Berth itself does not check
 * signatures, so with no credentials anywhere the agent sends its calls unsigned.
 */
public interface RequestSigner {
  Logger LOG = Logger.getLogger(RequestSigner.class.getName());

  /** The headers to add to a POST of {@code body} to {@code uri} that already carries {@code headers}. */
  Map<String, String> sign(URI uri, Map<String, String> headers, byte[] body);

  /** Told when the control plane refused the credential a request was signed with (expired, unknown). */
  default void refused(String errorCode) {
  }

  /** The signer could not get the credential it signs with: Berth's refusal, or no answer. */
  final class Unavailable extends RuntimeException {
    private final EcsError error;
    private final IOException io;

    Unavailable(EcsError error) {
      super(error.getMessage(), error, false, false);
      this.error = error;
      this.io = null;
    }

    Unavailable(IOException io) {
      super(io.getMessage(), io, false, false);
      this.error = null;
      this.io = io;
    }

    /** Rethrows the cause as the checked exception it was. */
    void rethrow() throws EcsError, IOException {
      if (error != null) {
        throw error;
      }
      throw io;
    }
  }

  static RequestSigner unsigned() {
    return (uri, headers, body) -> Map.of();
  }

  /** SigV4 with credentials from the SDK's default chain, or unsigned when that chain has none. */
  static RequestSigner fromEnvironment(String region) {
    AwsCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
    try {
      credentials.resolveCredentials();
    } catch (SdkClientException none) {
      LOG.info("no AWS credentials found; ECS calls go unsigned");
      return unsigned();
    }
    return sigV4(credentials, region);
  }

  static RequestSigner sigV4(AwsCredentialsProvider credentials, String region) {
    AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    return (uri, headers, body) -> {
      SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri);
      headers.forEach(request::putHeader);
      var signed = signer.sign(r -> r.identity(credentials.resolveCredentials())
          .request(request.build())
          .payload(ContentStreamProvider.fromByteArray(body))
          .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "ecs")
          .putProperty(AwsV4HttpSigner.REGION_NAME, region));
      Map<String, String> added = new java.util.LinkedHashMap<>();
      signed.request().headers().forEach((name, values) -> {
        // java.net.http sets Host and Content-Length itself, to the values that were signed
        if (!headers.containsKey(name) && !name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
          added.put(name, String.join(",", values));
        }
      });
      return added;
    };
  }
}
