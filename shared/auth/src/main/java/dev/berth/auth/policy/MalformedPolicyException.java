package dev.berth.auth.policy;

/**
 * A policy document IAM would refuse with {@code MalformedPolicyDocument}. The message reads like
 * IAM's, so a caller can hand it to the client unchanged.
 */
public final class MalformedPolicyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** IAM's catch-all answer for JSON it cannot read or members it does not know. */
  static final String SYNTAX = "Syntax errors in policy.";

  public MalformedPolicyException(String message) {
    super(message);
  }

  static MalformedPolicyException syntax() {
    return new MalformedPolicyException(SYNTAX);
  }
}
