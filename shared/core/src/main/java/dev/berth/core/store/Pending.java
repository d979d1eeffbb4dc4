package dev.berth.core.store;

import java.time.Instant;

/** A task or container instance whose EventBridge event is not confirmed yet, and when it changed. */
public record Pending<T>(T value, Instant changedAt) {}
