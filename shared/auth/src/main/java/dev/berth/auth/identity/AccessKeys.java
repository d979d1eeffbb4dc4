package dev.berth.auth.identity;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Access key ids and their secrets. A secret is never stored: it is the master key's MAC of the key id,
 * so whoever holds the master (KMS) can recompute it and nobody who reads the tables can.
 * User keys start {@code BKIA}, agents' temporary keys {@code BSIA}, after AWS's AKIA/ASIA.
 */
public final class AccessKeys {
  public static final String USER_PREFIX = "BKIA";
  public static final String TEMPORARY_PREFIX = "BSIA";
  private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private AccessKeys() {}

  /** A new 20-character key id with the given prefix. */
  public static String newKeyId(String prefix) {
    StringBuilder id = new StringBuilder(prefix);
    while (id.length() < 20) {
      id.append(BASE32[RANDOM.nextInt(BASE32.length)]);
    }
    return id.toString();
  }

  /** The 40-character secret of {@code accessKeyId} under {@code master}. */
  public static String secretFor(MasterKey master, String accessKeyId) {
    byte[] mac = master.mac(("berth/v1/key/" + accessKeyId).getBytes(StandardCharsets.UTF_8));
    return Base64.getEncoder().encodeToString(Arrays.copyOf(mac, 30));
  }

  public static boolean isUserKey(String accessKeyId) {
    return accessKeyId.length() == 20 && accessKeyId.startsWith(USER_PREFIX);
  }

  public static boolean isTemporaryKey(String accessKeyId) {
    return accessKeyId.length() == 20 && accessKeyId.startsWith(TEMPORARY_PREFIX);
  }
}
