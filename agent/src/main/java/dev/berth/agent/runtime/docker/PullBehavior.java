package dev.berth.agent.runtime.docker;

import java.util.Locale;

/**
 * ECS_IMAGE_PULL_BEHAVIOR: when the agent pulls an image and what it does when the pull fails.
 * {@code DEFAULT} pulls and falls back to a cached image when the pull fails; {@code ALWAYS} pulls
 * and fails the task when the pull fails; {@code ONCE} pulls only an image this agent has not
 * pulled before (still cached); {@code PREFER_CACHED} pulls only when no cached image exists.
 */
public enum PullBehavior {
  DEFAULT, ALWAYS, ONCE, PREFER_CACHED;

  public static PullBehavior parse(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT;
    }
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "ECS_IMAGE_PULL_BEHAVIOR must be default, always, once or prefer-cached, not " + value);
    }
  }
}
