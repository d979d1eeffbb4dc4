package dev.berth.model;

/**
 * A placement constraint as ECS's API gives it and definitions and services store it:
 * {@code distinctInstance}, or {@code memberOf} with a cluster query language expression. The
 * scheduler's {@code Constraint} is the parsed value (the expression compiled).
 */
public record PlacementConstraint(String type, String expression) {}
