package dev.berth.auth.policy;

import java.util.Optional;

/**
 * An ARN pattern matched the way ArnEquals and ArnLike match: the six {@code :}-separated
 * components ({@code arn}, partition, service, region, account, resource) one by one, each with
 * {@code *} and {@code ?}. A wildcard in the region cannot reach into the account; the resource,
 * the last component, may itself contain {@code :} and {@code /}.
 */
final class ArnPattern {

  static final int COMPONENTS = 6;

  private final int[] tokens;
  /** Where each component starts in {@link #tokens}; component i ends at {@code starts[i + 1] - 1}. */
  private final int[] starts;

  private ArnPattern(int[] tokens, int[] starts) {
    this.tokens = tokens;
    this.starts = starts;
  }

  /** Empty when the pattern has fewer than six components. */
  static Optional<ArnPattern> of(WildcardPattern pattern) {
    int[] tokens = pattern.tokens();
    int[] starts = new int[COMPONENTS + 1];
    int found = 1;
    for (int i = 0; i < tokens.length && found < COMPONENTS; i++) {
      if (tokens[i] == ':') {
        starts[found++] = i + 1;
      }
    }
    if (found < COMPONENTS) {
      return Optional.empty();
    }
    starts[COMPONENTS] = tokens.length + 1;
    return Optional.of(new ArnPattern(tokens, starts));
  }

  boolean matches(String arn) {
    int from = 0;
    for (int component = 0; component < COMPONENTS; component++) {
      int to = component == COMPONENTS - 1 ? arn.length() : arn.indexOf(':', from);
      if (to < 0) {
        return false;
      }
      if (!WildcardPattern.matches(tokens, starts[component], starts[component + 1] - 1, arn, from, to)) {
        return false;
      }
      from = to + 1;
    }
    return true;
  }
}
