package dev.berth.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Checks the parameters of a Query-protocol request (IAM's form-encoded {@code Action=...&Name=value})
 * against the operation's input shape in a service model: required members, string lengths (in code
 * points), patterns (matched against the whole value), enums, integer bounds, and lists
 * ({@code Tags.member.1.Key}) with their size. Every violation is reported, in AWS's wording, as one
 * {@link ModelViolation}. Returns the parameters the shape knows; others are left out.
 */
public final class QueryValidator {
  private static final int MAX_LIST = 1000;

  private final ServiceModel model;

  public QueryValidator(ServiceModel model) {
    this.model = model;
  }

  /** Whether the model has the operation. */
  public boolean knows(String operation) {
    return model.input(operation) != null;
  }

  /**
   * @throws ModelViolation what breaks the model
   * @throws IllegalArgumentException an operation the model does not have
   */
  public Map<String, String> validate(String operation, Map<String, String> params) {
    ServiceModel.Shape input = model.input(operation);
    if (input == null) {
      throw new IllegalArgumentException("no model for " + operation);
    }
    List<String> violations = new ArrayList<>();
    List<String> members = new ArrayList<>();
    Map<String, String> known = new LinkedHashMap<>();
    structure(input, "", "", params, known, violations, members);
    if (!violations.isEmpty()) {
      throw new ModelViolation(violations, members.get(0));
    }
    return known;
  }

  private void structure(ServiceModel.Shape shape, String prefix, String path, Map<String, String> params,
      Map<String, String> known, List<String> violations, List<String> members) {
    for (var field : shape.members().entrySet()) {
      String name = prefix + field.getKey();
      String where = path + lowerFirst(field.getKey());
      ServiceModel.Shape member = model.shape(field.getValue());
      int before = violations.size();
      if (member.type().equals("list")) {
        list(member, name, where, params, known, violations);
      } else if (member.type().equals("structure")) {
        structure(member, name + ".", where + ".", params, known, violations, null);
      } else {
        String value = params.get(name);
        if (value == null) {
          if (shape.required().contains(field.getKey())) {
            violations.add("Value null at '" + where + "' failed to satisfy constraint: Member must not be null");
          }
        } else {
          scalar(member, value, where, violations);
          known.put(name, value);
        }
      }
      if (members != null && violations.size() > before && members.isEmpty()) {
        members.add(field.getKey()); // top level only: nested calls pass null
      }
    }
  }

  private void list(ServiceModel.Shape shape, String name, String where, Map<String, String> params,
      Map<String, String> known, List<String> violations) {
    TreeSet<Integer> indexes = new TreeSet<>();
    String prefix = name + ".member.";
    for (String key : params.keySet()) {
      if (key.startsWith(prefix)) {
        String rest = key.substring(prefix.length());
        int dot = rest.indexOf('.');
        String index = dot < 0 ? rest : rest.substring(0, dot);
        if (!index.matches("[1-9][0-9]{0,3}")) {
          violations.add("Value '" + shown(key) + "' at '" + where + "' failed to satisfy constraint: Member must "
              + "be numbered from 1");
          return;
        }
        indexes.add(Integer.parseInt(index));
      }
    }
    if (indexes.isEmpty()) {
      return;
    }
    if (indexes.last() != indexes.size() || indexes.size() > MAX_LIST) {
      violations.add("Value at '" + where + "' failed to satisfy constraint: Member must be numbered 1, 2, 3 and "
          + "so on, without gaps");
      return;
    }
    bounds(shape, indexes.size(), "Value with " + indexes.size() + " elements at '" + where + "'",
        "Member must have length", violations);
    ServiceModel.Shape element = model.shape(shape.member());
    for (int i : indexes) {
      String elementName = prefix + i;
      String elementWhere = where + "." + i + ".member";
      if (element.type().equals("structure")) {
        structure(element, elementName + ".", elementWhere + ".", params, known, violations, null);
      } else {
        String value = params.get(elementName);
        if (value == null) {
          violations.add("Value null at '" + elementWhere + "' failed to satisfy constraint: Member must not be null");
        } else {
          scalar(element, value, elementWhere, violations);
          known.put(elementName, value);
        }
      }
    }
  }

  private static void scalar(ServiceModel.Shape shape, String value, String where, List<String> violations) {
    String at = "Value '" + shown(value) + "' at '" + where + "'";
    switch (shape.type()) {
      case "string" -> {
        if (shape.enums() != null && !shape.enums().contains(value)) {
          violations.add(at + " failed to satisfy constraint: Member must satisfy enum value set: "
              + new TreeSet<>(shape.enums()));
          return;
        }
        bounds(shape, value.codePointCount(0, value.length()), at, "Member must have length", violations);
        if (shape.pattern() != null && !shape.pattern().matcher(value).matches()) {
          violations.add(at + " failed to satisfy constraint: Member must satisfy regular expression pattern: "
              + shape.pattern().pattern());
        }
      }
      case "integer", "long" -> {
        long n;
        try {
          n = Long.parseLong(value);
        } catch (NumberFormatException e) {
          violations.add(at + " failed to satisfy constraint: Member must be a whole number");
          return;
        }
        bounds(shape, n, at, "Member must have value", violations);
      }
      case "boolean" -> {
        if (!value.equals("true") && !value.equals("false")) {
          violations.add(at + " failed to satisfy constraint: Member must be true or false");
        }
      }
      default -> throw new IllegalStateException("unsupported Query shape type " + shape.type() + " at " + where);
    }
  }

  private static void bounds(ServiceModel.Shape shape, double n, String at, String what, List<String> violations) {
    if (shape.min() != null && n < shape.min()) {
      violations.add(at + " failed to satisfy constraint: " + what + " greater than or equal to "
          + (long) (double) shape.min());
    }
    if (shape.max() != null && n > shape.max()) {
      violations.add(at + " failed to satisfy constraint: " + what + " less than or equal to "
          + (long) (double) shape.max());
    }
  }

  private static String lowerFirst(String name) {
    return name.isEmpty() ? name : name.substring(0, 1).toLowerCase(Locale.ROOT) + name.substring(1);
  }

  /** A value as quoted in a message: cut short, since it comes from the client. */
  private static String shown(String value) {
    return value.length() <= 128 ? value : value.substring(0, 128) + "...";
  }
}
