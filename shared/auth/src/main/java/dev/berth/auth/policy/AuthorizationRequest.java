package dev.berth.auth.policy;

import java.util.Objects;

/**
 * One question for the evaluator: may the caller perform {@code action} on {@code resource}?
 *
 * @param action   the IAM action, such as {@code ecs:RunTask}
 * @param resource the resource's ARN, or {@code "*"} for an action without resource-level
 *                 permissions (only a {@code Resource} pattern that matches the text {@code *},
 *                 such as {@code "*"}, covers it)
 * @param context  the request's condition keys, read lazily
 */
public record AuthorizationRequest(String action, String resource, ContextKeys context) {

  public AuthorizationRequest {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(context, "context");
  }
}
