package dev.berth.model.service;

/**
 * {@code REPLICA} keeps desiredCount tasks across the cluster; {@code DAEMON} keeps one task on
 * every ACTIVE container instance that meets the service's constraints.
 */
public enum SchedulingStrategy {
  REPLICA, DAEMON
}
