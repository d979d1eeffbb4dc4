package dev.berth.protocol;

import java.util.Map;

/**
 * Length limits for strings the ECS model leaves unbounded. ECS enforces limits its published model
 * does not carry (a task definition is at most 64 KiB; names and ARNs are short), so no single
 * string may exceed {@link #DEFAULT_MAX}, and members that name a resource may not exceed the
 * longest name or ARN ECS accepts. The finer limits (255-character names and the like) stay with
 * the operations, which answer them with ECS's own messages.
 */
public final class StringLimits {
  /** No string in a request may be longer than a whole task definition. */
  public static final int DEFAULT_MAX = 64 * 1024;
  private static final int IDENTIFIER_MAX = 2048;

  private static final Map<String, Integer> BY_MEMBER = Map.ofEntries(
      Map.entry("cluster", IDENTIFIER_MAX),
      Map.entry("clusterName", IDENTIFIER_MAX),
      Map.entry("containerInstance", IDENTIFIER_MAX),
      Map.entry("containerInstanceArn", IDENTIFIER_MAX),
      Map.entry("task", IDENTIFIER_MAX),
      Map.entry("taskArn", IDENTIFIER_MAX),
      Map.entry("taskDefinition", IDENTIFIER_MAX),
      Map.entry("service", IDENTIFIER_MAX),
      Map.entry("serviceName", IDENTIFIER_MAX),
      Map.entry("family", IDENTIFIER_MAX),
      Map.entry("familyPrefix", IDENTIFIER_MAX),
      Map.entry("startedBy", IDENTIFIER_MAX),
      Map.entry("group", IDENTIFIER_MAX),
      Map.entry("filter", IDENTIFIER_MAX),
      Map.entry("nextToken", 2 * IDENTIFIER_MAX),
      Map.entry("clientToken", IDENTIFIER_MAX),
      Map.entry("containerName", IDENTIFIER_MAX),
      Map.entry("status", IDENTIFIER_MAX));

  private StringLimits() {}

  /** The limit for a string member of this name; element strings of lists use the list's name. */
  public static int max(String member) {
    return member == null ? DEFAULT_MAX : BY_MEMBER.getOrDefault(member, DEFAULT_MAX);
  }
}
