package dev.berth.auth.policy;

/** The outcome of evaluating a request against a principal's policies. */
public enum Decision {
  /** An Allow statement applies and no Deny statement does. */
  ALLOW,
  /** A Deny statement applies; no Allow can override it. */
  EXPLICIT_DENY,
  /** No statement applies: the default answer. */
  IMPLICIT_DENY;

  public boolean allowed() {
    return this == ALLOW;
  }
}
