package dev.berth.auth.policy;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * IpAddress (NotIpAddress is its negation, applied by the caller). Ranges are parsed once; IAM
 * allows no variables here. A request value that is not an IP address matches nothing.
 */
final class IpAddressMatcher implements ValueMatcher {

  private final Optional<Predicate<String>> test;

  IpAddressMatcher(List<PolicyValue> values) {
    List<Cidr> ranges = values.stream().map(v -> Cidr.parse(v.raw().trim())
        .orElseThrow(() -> new MalformedPolicyException("Invalid value for IpAddress condition: " + v.raw())))
        .toList();
    this.test = Optional.of(input -> IpAddresses.parse(input.trim())
        .map(address -> ranges.stream().anyMatch(r -> r.contains(address)))
        .orElse(false));
  }

  @Override
  public Optional<Predicate<String>> bind(VariableResolver variables) {
    return test;
  }
}
