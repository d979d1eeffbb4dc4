package dev.berth.auth.identity;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** A Berth IAM user: its inline policies (name to JSON document) and the ids of its access keys. */
public record IamUser(String userName, String userId, String arn, String path, Instant createDate,
    Map<String, String> policies, Set<String> accessKeyIds) {
  public IamUser {
    policies = Map.copyOf(policies);
    accessKeyIds = Set.copyOf(accessKeyIds);
  }
}
