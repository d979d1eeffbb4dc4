package dev.berth.auth.policy;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A string from a policy (a Resource or a condition value) split into literal text, escaped
 * characters and policy variables. A value without variables is resolved once, at parse time.
 */
final class PolicyValue {

  /** One piece of the value. */
  sealed interface Part permits Text, Escaped, Variable {}

  /** Text as written: in a pattern its {@code *} and {@code ?} are wildcards. */
  record Text(String text) implements Part {}

  /** {@code ${*}}, {@code ${?}} or {@code ${$}}: always the literal character. */
  record Escaped(char character) implements Part {}

  /** {@code ${key}} or {@code ${key, 'default'}}; {@code fallback} is null without a default. */
  record Variable(String key, String fallback) implements Part {}

  private final String raw;
  private final List<Part> parts;
  private final boolean hasVariables;
  /** Resolved once when there are no variables; null otherwise. */
  private final Optional<String> staticLiteral;
  private final Optional<WildcardPattern> staticPattern;

  PolicyValue(String raw, List<Part> parts) {
    this.raw = raw;
    this.parts = List.copyOf(parts);
    this.hasVariables = parts.stream().anyMatch(p -> p instanceof Variable);
    this.staticLiteral = hasVariables ? null : buildLiteral(VariableResolver.NONE);
    this.staticPattern = hasVariables ? null : buildPattern(VariableResolver.NONE);
  }

  String raw() {
    return raw;
  }

  boolean hasVariables() {
    return hasVariables;
  }

  /** The value as plain text (wildcard characters are just characters), or empty when a variable has no value. */
  Optional<String> literal(VariableResolver variables) {
    return hasVariables ? buildLiteral(variables) : staticLiteral;
  }

  private Optional<String> buildLiteral(VariableResolver variables) {
    StringBuilder text = new StringBuilder(raw.length() + 16);
    for (Part part : parts) {
      if (part instanceof Text t) {
        text.append(t.text());
      } else if (part instanceof Escaped e) {
        text.append(e.character());
      } else {
        Optional<String> value = resolve((Variable) part, variables);
        if (value.isEmpty()) {
          return Optional.empty();
        }
        text.append(value.get());
      }
    }
    return Optional.of(text.toString());
  }

  /**
   * The value as a wildcard pattern, or empty when a variable has no value. A variable's value
   * is inserted literally: a user named {@code *} must not match every resource.
   */
  Optional<WildcardPattern> pattern(VariableResolver variables) {
    return hasVariables ? buildPattern(variables) : staticPattern;
  }

  private Optional<WildcardPattern> buildPattern(VariableResolver variables) {
    IntList tokens = new IntList(raw.length() + 16);
    for (Part part : parts) {
      if (part instanceof Text t) {
        for (int i = 0; i < t.text().length(); i++) {
          tokens.add(WildcardPattern.token(t.text().charAt(i)));
        }
      } else if (part instanceof Escaped e) {
        tokens.add(e.character());
      } else {
        Optional<String> value = resolve((Variable) part, variables);
        if (value.isEmpty()) {
          return Optional.empty();
        }
        value.get().chars().forEach(tokens::add);
      }
    }
    return Optional.of(WildcardPattern.of(tokens.toArray()));
  }

  private static Optional<String> resolve(Variable variable, VariableResolver variables) {
    Optional<String> value = variables.variable(variable.key());
    return value.isPresent() || variable.fallback() == null ? value : Optional.of(variable.fallback());
  }

  /** A growable int array, to avoid boxing while building a pattern. */
  private static final class IntList {
    private int[] items;
    private int size;

    IntList(int capacity) {
      items = new int[capacity];
    }

    void add(int item) {
      if (size == items.length) {
        items = Arrays.copyOf(items, size * 2 + 1);
      }
      items[size++] = item;
    }

    int[] toArray() {
      return Arrays.copyOf(items, size);
    }
  }
}
