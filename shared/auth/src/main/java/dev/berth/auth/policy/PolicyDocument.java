package dev.berth.auth.policy;

import java.util.List;

/**
 * A parsed and validated identity-based policy. Parse once (when the policy is stored or loaded)
 * and evaluate many times: wildcard patterns and condition values are compiled here.
 */
public final class PolicyDocument {

  private final PolicyVersion version;
  private final List<Statement> statements;
  private final List<Statement> denies;
  private final List<Statement> allows;
  private final int nonWhitespaceLength;

  PolicyDocument(PolicyVersion version, List<Statement> statements, String json) {
    this.version = version;
    this.statements = List.copyOf(statements);
    this.denies = statements.stream().filter(s -> s.effect() == Effect.DENY).toList();
    this.allows = statements.stream().filter(s -> s.effect() == Effect.ALLOW).toList();
    this.nonWhitespaceLength = (int) json.chars().filter(c -> !Character.isWhitespace(c)).count();
  }

  /**
   * Parses an IAM policy document.
   *
   * @throws MalformedPolicyException when IAM would refuse the document; the message says why
   */
  public static PolicyDocument parse(String json) {
    return PolicyParser.parse(json);
  }

  public PolicyVersion version() {
    return version;
  }

  public List<Statement> statements() {
    return statements;
  }

  /**
   * The document's length without whitespace, which is what IAM counts against its size quotas
   * (2,048 characters for a user's inline policies, for example). The caller enforces the quota.
   */
  public int nonWhitespaceLength() {
    return nonWhitespaceLength;
  }

  List<Statement> denies() {
    return denies;
  }

  List<Statement> allows() {
    return allows;
  }
}
