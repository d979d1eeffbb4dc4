package dev.berth.model;

import java.util.List;

/** ECS's Resource shape: one named amount, typed INTEGER, LONG, DOUBLE or STRINGSET. */
public record Resource(String name, String type, double doubleValue, long longValue, int integerValue,
    List<String> stringSetValue) {

  public Resource {
    stringSetValue = stringSetValue == null ? List.of() : List.copyOf(stringSetValue);
  }

  public static Resource integer(String name, int value) {
    return new Resource(name, "INTEGER", 0.0, 0L, value, List.of());
  }

  public static Resource stringSet(String name, List<String> values) {
    return new Resource(name, "STRINGSET", 0.0, 0L, 0, values);
  }

  /** The numeric value the type says is meaningful. */
  public long amount() {
    return switch (type) {
      case "INTEGER" -> integerValue;
      case "LONG" -> longValue;
      case "DOUBLE" -> (long) doubleValue;
      default -> 0L;
    };
  }
}
