package dev.berth.auth.policy;

/** The policy language versions IAM accepts. */
public enum PolicyVersion {
  /** The original language, and the default when {@code Version} is missing: no policy variables. */
  V2008_10_17("2008-10-17"),
  /** The current language: {@code ${...}} in Resource and condition values are policy variables. */
  V2012_10_17("2012-10-17");

  private final String text;

  PolicyVersion(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }

  public boolean expandsVariables() {
    return this == V2012_10_17;
  }

  static PolicyVersion parse(String text) {
    for (PolicyVersion version : values()) {
      if (version.text.equals(text)) {
        return version;
      }
    }
    throw new MalformedPolicyException("Policy document must be version 2012-10-17 or greater.");
  }
}
