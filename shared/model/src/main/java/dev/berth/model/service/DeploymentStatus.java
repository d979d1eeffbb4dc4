package dev.berth.model.service;

/**
 * {@code PRIMARY}: the newest deployment. {@code ACTIVE}: an older one that still has tasks.
 * {@code INACTIVE}: fully replaced; it then drops off the service's list.
 */
public enum DeploymentStatus {
  PRIMARY, ACTIVE, INACTIVE
}
