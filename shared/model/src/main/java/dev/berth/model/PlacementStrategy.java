package dev.berth.model;

/**
 * A placement strategy as ECS's API gives it and definitions and services store it: {@code random},
 * {@code spread} or {@code binpack}, with its field. The scheduler's {@code Strategy} is the parsed
 * value; only its {@code parse} decides which of these exist.
 */
public record PlacementStrategy(String type, String field) {}
