package dev.berth.auth.policy;

import java.util.Optional;

/**
 * An IPv4 or IPv6 range such as {@code 203.0.113.0/24} or {@code 2001:db8::/32}; an address
 * without a prefix is a single host. Host bits set in the policy value are ignored, and an IPv4
 * range never contains an IPv6 address (or the reverse, including IPv4-mapped IPv6 addresses).
 */
final class Cidr {

  private final byte[] network;
  private final int prefix;

  private Cidr(byte[] network, int prefix) {
    this.network = network;
    this.prefix = prefix;
  }

  static Optional<Cidr> parse(String text) {
    int slash = text.indexOf('/');
    Optional<byte[]> address = IpAddresses.parse(slash < 0 ? text : text.substring(0, slash));
    if (address.isEmpty()) {
      return Optional.empty();
    }
    int bits = address.get().length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String length = text.substring(slash + 1);
      if (length.isEmpty() || length.length() > 3 || !length.chars().allMatch(Character::isDigit)) {
        return Optional.empty();
      }
      prefix = Integer.parseInt(length);
      if (prefix > bits) {
        return Optional.empty();
      }
    }
    return Optional.of(new Cidr(address.get(), prefix));
  }

  boolean contains(byte[] address) {
    if (address.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = 0xff << (8 - rest) & 0xff;
    return (address[full] & mask) == (network[full] & mask);
  }
}
