package dev.berth.auth.policy;

import java.util.Optional;

/**
 * Parses IPv4 and IPv6 literals into bytes without ever resolving a name (unlike
 * {@code InetAddress.getByName}, which falls back to DNS for text it does not recognise).
 */
final class IpAddresses {

  private IpAddresses() {}

  /** Four bytes for IPv4, sixteen for IPv6; empty when the text is not an address. */
  static Optional<byte[]> parse(String text) {
    return text.indexOf(':') >= 0 ? ipv6(text) : ipv4(text);
  }

  /** Dotted quad, four decimal parts of 0-255 without leading zeros (which some read as octal). */
  static Optional<byte[]> ipv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return Optional.empty();
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      String part = parts[i];
      if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')
          || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return Optional.empty();
      }
      int value = Integer.parseInt(part);
      if (value > 255) {
        return Optional.empty();
      }
      bytes[i] = (byte) value;
    }
    return Optional.of(bytes);
  }

  /** Eight hex groups, one {@code ::} allowed, an IPv4 tail allowed; no zone index. */
  static Optional<byte[]> ipv6(String text) {
    int gap = text.indexOf("::");
    if (gap >= 0 && (text.indexOf("::", gap + 1) >= 0 || text.substring(0, gap).indexOf('.') >= 0)) {
      return Optional.empty();
    }
    int[] head = gap < 0 ? groups(text) : groups(text.substring(0, gap));
    int[] tail = gap < 0 ? new int[0] : groups(text.substring(gap + 2));
    if (head == null || tail == null) {
      return Optional.empty();
    }
    int count = head.length + tail.length;
    if (gap < 0 ? count != 8 : count > 7) {
      return Optional.empty();
    }
    byte[] bytes = new byte[16];
    for (int i = 0; i < head.length; i++) {
      put(bytes, i, head[i]);
    }
    for (int i = 0; i < tail.length; i++) {
      put(bytes, 8 - tail.length + i, tail[i]);
    }
    return Optional.of(bytes);
  }

  /** 16-bit groups separated by {@code :}; a final dotted quad counts as two groups. Null when invalid. */
  private static int[] groups(String text) {
    if (text.isEmpty()) {
      return new int[0];
    }
    String[] parts = text.split(":", -1);
    String last = parts[parts.length - 1];
    boolean ipv4Tail = last.indexOf('.') >= 0;
    int[] groups = new int[parts.length + (ipv4Tail ? 1 : 0)];
    for (int i = 0; i < parts.length - (ipv4Tail ? 1 : 0); i++) {
      String part = parts[i];
      if (part.isEmpty() || part.length() > 4 || !part.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
        return null;
      }
      groups[i] = Integer.parseInt(part, 16);
    }
    if (ipv4Tail) {
      Optional<byte[]> v4 = ipv4(last);
      if (v4.isEmpty()) {
        return null;
      }
      byte[] b = v4.get();
      groups[parts.length - 1] = (b[0] & 0xff) << 8 | (b[1] & 0xff);
      groups[parts.length] = (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }
    return groups;
  }

  private static void put(byte[] bytes, int group, int value) {
    bytes[group * 2] = (byte) (value >>> 8);
    bytes[group * 2 + 1] = (byte) value;
  }
}
