package dev.berth.auth.policy;

/** A statement's {@code Effect}. */
public enum Effect {
  ALLOW("Allow"),
  DENY("Deny");

  private final String json;

  Effect(String json) {
    this.json = json;
  }

  /** IAM spells the effect exactly {@code Allow} or {@code Deny}; other spellings are malformed. */
  static Effect parse(String text) {
    for (Effect effect : values()) {
      if (effect.json.equals(text)) {
        return effect;
      }
    }
    throw new MalformedPolicyException("Invalid effect: " + text);
  }

  @Override
  public String toString() {
    return json;
  }
}
