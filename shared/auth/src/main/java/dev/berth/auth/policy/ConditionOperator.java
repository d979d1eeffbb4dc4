package dev.berth.auth.policy;

/**
 * A condition operator as written: an optional set qualifier ({@code ForAnyValue:} or
 * {@code ForAllValues:}), a {@link BaseOperator}, and an optional {@code IfExists} suffix.
 */
record ConditionOperator(Qualifier qualifier, BaseOperator base, boolean ifExists) {

  enum Qualifier { NONE, FOR_ANY_VALUE, FOR_ALL_VALUES }

  private static final String FOR_ANY_VALUE = "ForAnyValue:";
  private static final String FOR_ALL_VALUES = "ForAllValues:";
  private static final String IF_EXISTS = "IfExists";

  /**
   * Parses an operator name. {@code Null} takes neither {@code IfExists} (it already tests
   * existence) nor a set qualifier; Berth refuses both rather than guess a meaning.
   */
  static ConditionOperator parse(String name) {
    Qualifier qualifier = Qualifier.NONE;
    String rest = name;
    if (rest.startsWith(FOR_ANY_VALUE)) {
      qualifier = Qualifier.FOR_ANY_VALUE;
      rest = rest.substring(FOR_ANY_VALUE.length());
    } else if (rest.startsWith(FOR_ALL_VALUES)) {
      qualifier = Qualifier.FOR_ALL_VALUES;
      rest = rest.substring(FOR_ALL_VALUES.length());
    }
    boolean ifExists = rest.endsWith(IF_EXISTS);
    if (ifExists) {
      rest = rest.substring(0, rest.length() - IF_EXISTS.length());
    }
    BaseOperator base = BaseOperator.named(rest);
    if (base == null || (base == BaseOperator.NULL && (ifExists || qualifier != Qualifier.NONE))) {
      throw new MalformedPolicyException("Invalid Condition type : " + name);
    }
    return new ConditionOperator(qualifier, base, ifExists);
  }
}
