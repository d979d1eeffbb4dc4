package dev.berth.auth.policy;

/** One operator-and-key pair of a statement's {@code Condition} block. */
interface Condition {

  /** Whether the request satisfies it; looks up only the keys it names. */
  boolean holds(RequestScope request);
}
