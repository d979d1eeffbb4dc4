package dev.berth.auth.identity;

import java.time.Instant;

/** A user's long-term access key as stored: never its secret, which is derived from the master key. */
public record AccessKey(String accessKeyId, String userName, boolean active, Instant createDate) {
  public String status() {
    return active ? "Active" : "Inactive";
  }
}
