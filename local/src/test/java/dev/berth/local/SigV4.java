package dev.berth.local;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** SigV4 signatures made by the SDK's own signer, for the raw requests of {@link RawEcs} and the tests. */
final class SigV4 {
  private SigV4() {}

  /** The headers SigV4 adds (Authorization, X-Amz-Date, and the token if any). */
  static Map<String, String> signature(URI uri, Map<String, String> headers, byte[] body, String[] key,
      String service, String region) {
    return signature("POST", uri, headers, body, key, service, region);
  }

  static Map<String, String> signature(String method, URI uri, Map<String, String> headers, byte[] body,
      String[] key, String service, String region) {
    SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
    headers.forEach(request::putHeader);
    AwsCredentialsIdentity identity = key.length > 2
        ? software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity.create(key[0], key[1], key[2])
        : AwsCredentialsIdentity.create(key[0], key[1]);
    var signed = AwsV4HttpSigner.create().sign(r -> r.identity(identity).request(request.build())
        .payload(ContentStreamProvider.fromByteArray(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
        .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    Map<String, String> added = new LinkedHashMap<>();
    signed.request().headers().forEach((name, values) -> {
      // java.net.http sets Host and Content-Length itself, to the values that were signed
      if (!headers.containsKey(name) && !name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
        added.put(name, String.join(",", values));
      }
    });
    return added;
  }
}
