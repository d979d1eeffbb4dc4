package dev.berth.auth.sts;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which EC2 instance roles may register agents in which clusters, as the operator writes it: entries
 * {@code <cluster>=<role ARN>} separated by commas or spaces, for example
 * {@code prod=arn:aws:iam::123456789012:role/berth-prod-host default=arn:aws:iam::123456789012:role/dev-*}.
 * The cluster may be {@code *} (any cluster); the role ARN may use IAM's {@code *} and {@code ?}
 * wildcards. A role ARN is written without the role's path, since STS's assumed-role ARN does not
 * carry it. Empty: no role may register anything, and agents on EC2 need a bootstrap key.
 */
public final class InstanceRoles {
  private static final Pattern CLUSTER = Pattern.compile("\\*|[A-Za-z0-9_-]{1,255}");
  private static final Pattern ROLE = Pattern.compile("arn:[a-z*?-]+:iam::[0-9*?]{1,12}:role/[\\w+=,.@*?-]{1,64}");

  private record Entry(String cluster, Pattern role) {}

  private final List<Entry> entries;
  private final String text;

  private InstanceRoles(List<Entry> entries, String text) {
    this.entries = List.copyOf(entries);
    this.text = text;
  }

  public static InstanceRoles none() {
    return new InstanceRoles(List.of(), "");
  }

  /** @throws IllegalArgumentException an entry that is not {@code <cluster>=<role ARN>} */
  public static InstanceRoles parse(String text) {
    if (text == null || text.isBlank()) {
      return none();
    }
    List<Entry> entries = new ArrayList<>();
    for (String entry : text.strip().split("[,\\s]+")) {
      int eq = entry.indexOf('=');
      String cluster = eq < 0 ? "" : entry.substring(0, eq);
      String role = eq < 0 ? "" : entry.substring(eq + 1);
      if (!CLUSTER.matcher(cluster).matches() || !ROLE.matcher(role).matches()) {
        throw new IllegalArgumentException("'" + entry + "' is not <cluster>=<role ARN> (a cluster name or *, and "
            + "arn:aws:iam::<account>:role/<name> without the role's path, * and ? allowed)");
      }
      entries.add(new Entry(cluster, wildcard(role)));
    }
    return new InstanceRoles(entries, text.strip());
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Whether the role {@code roleArn} may register agents in {@code cluster}. */
  public boolean allows(String cluster, String roleArn) {
    return entries.stream().anyMatch(e -> (e.cluster().equals("*") || e.cluster().equals(cluster))
        && e.role().matcher(roleArn).matches());
  }

  private static Pattern wildcard(String text) {
    StringBuilder regex = new StringBuilder();
    for (char c : text.toCharArray()) {
      regex.append(switch (c) {
        case '*' -> ".*";
        case '?' -> ".";
        default -> Pattern.quote(String.valueOf(c));
      });
    }
    return Pattern.compile(regex.toString());
  }

  @Override
  public String toString() {
    return text;
  }
}
