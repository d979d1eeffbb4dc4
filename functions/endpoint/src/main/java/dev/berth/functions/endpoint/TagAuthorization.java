package dev.berth.functions.endpoint;

import dev.berth.core.account.AccountSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * ECS's tagging authorization: with the account setting {@code tagResourceAuthorization} on for the
 * caller, a call that creates a resource and tags it in the same request also needs
 * {@code ecs:TagResource} on the new resource, with {@code ecs:CreateAction} naming the call. The
 * caller's effective setting is read through the account settings and kept for a minute, so a change
 * takes effect within a minute, as a policy change does.
 */
final class TagAuthorization {
  /** The calls that create a resource and may tag it as they do. */
  static final Set<String> CREATE_ACTIONS = Set.of("CreateCluster", "RegisterContainerInstance",
      "RegisterTaskDefinition", "RunTask", "StartTask", "CreateService");
  static final String SETTING = "tagResourceAuthorization";
  private static final Duration KEPT = Duration.ofMinutes(1);

  private final AccountSettings settings;
  private final TtlCache<String, Boolean> on;

  TagAuthorization(AccountSettings settings, Clock clock) {
    this.settings = settings;
    this.on = new TtlCache<>(clock, 10_000);
  }

  /** Whether {@code operation}, carrying tags, also needs ecs:TagResource from this principal. */
  boolean required(String operation, boolean tagged, String principalArn) {
    if (!tagged || !CREATE_ACTIONS.contains(operation)) {
      return false;
    }
    return on.get(principalArn, arn -> "on".equals(settings.effective(arn, SETTING).value()), value -> KEPT);
  }
}
