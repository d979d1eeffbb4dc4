package dev.berth.model.service;

/**
 * A service's status. DeleteService moves it to {@code DRAINING} while its tasks stop, and to
 * {@code INACTIVE} once none is left pending or running.
 */
public enum ServiceStatus {
  ACTIVE, DRAINING, INACTIVE
}
