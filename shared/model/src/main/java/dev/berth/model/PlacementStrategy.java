package dev.berth.model;

/** {@code random}, {@code spread} or {@code binpack}, with its field. */
public record PlacementStrategy(String type, String field) {}
