package dev.berth.model;

/** An attribute of a container instance (ECS's Attribute shape). */
public record Attribute(String name, String value, String targetType, String targetId) {
  public static Attribute of(String name, String value) {
    return new Attribute(name, value, null, null);
  }
}
