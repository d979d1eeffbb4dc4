package dev.berth.auth.identity;

/**
 * The one secret Berth keeps: a keyed MAC. Deployed it is a KMS HMAC key used through GenerateMac, so
 * the key never leaves KMS; locally it is a key file under {@code .tools/}. Every access key's secret
 * and every agent token is derived from it, so no secret is stored anywhere.
 */
@FunctionalInterface
public interface MasterKey {
  /** HMAC-SHA256 of {@code message} under the master key. */
  byte[] mac(byte[] message);
}
