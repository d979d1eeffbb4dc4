package dev.berth.auth.identity;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** A master key held in memory: the local runtime's (read from a file) and the tests'. */
public final class LocalMasterKey implements MasterKey {
  private final SecretKeySpec key;

  public LocalMasterKey(byte[] key) {
    if (key.length < 32) {
      throw new IllegalArgumentException("a master key needs at least 32 bytes");
    }
    this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
  }

  public static byte[] generate() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }

  @Override
  public byte[] mac(byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
