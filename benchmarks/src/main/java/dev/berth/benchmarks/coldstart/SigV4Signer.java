package dev.berth.benchmarks.coldstart;

import dev.berth.auth.sigv4.SigV4Verifier;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs an awsJson POST to "/" the way the AWS CLI does, for the benchmarks' raw HTTP calls and events. */
public final class SigV4Signer {
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private SigV4Signer() {}

  /** The headers to send (host included) for {@code target} with {@code body}, signed with {@code key}. */
  public static Map<String, String> sign(String host, String target, String body, String[] key, String region,
      Instant now) {
    String date = AMZ_DATE.format(now);
    Map<String, String> headers = new TreeMap<>();
    headers.put("content-type", "application/x-amz-json-1.1");
    headers.put("host", host);
    headers.put("x-amz-date", date);
    headers.put("x-amz-target", target);
    StringBuilder canonical = new StringBuilder("POST\n/\n\n");
    headers.forEach((name, value) -> canonical.append(name).append(':').append(value.strip()).append('\n'));
    String signed = String.join(";", headers.keySet());
    canonical.append('\n').append(signed).append('\n').append(hex(sha256(body)));
    String scope = date.substring(0, 8) + "/" + region + "/ecs/aws4_request";
    String toSign = "AWS4-HMAC-SHA256\n" + date + "\n" + scope + "\n" + hex(sha256(canonical.toString()));
    String signature = hex(hmac(SigV4Verifier.signingKey(key[1], date.substring(0, 8), region, "ecs"), toSign));
    headers.put("authorization", "AWS4-HMAC-SHA256 Credential=" + key[0] + "/" + scope + ", SignedHeaders=" + signed
        + ", Signature=" + signature);
    return headers;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
