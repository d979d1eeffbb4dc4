package dev.berth.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Idempotency records for client tokens: the first request with a token claims it with a
 * conditional put (recording a hash of the request and the task ids it will use), and stores its
 * result when done. Records expire after a day.
 */
public interface IdempotencyStore {
  /** A claimed token: the request's hash, the ids chosen for it, and its result once finished. */
  record Record(String key, String requestHash, List<String> ids, Instant claimedAt, String result, long version) {
    public boolean finished() {
      return result != null;
    }
  }

  /** Claims a token; empty if it was free, else the record that holds it. */
  Optional<Record> claim(Record record);

  /** Takes over an abandoned claim (its owner died before finishing); false if someone else did. */
  boolean takeOver(Record abandoned, Instant now);

  Optional<Record> get(String key);

  void finish(String key, String result);
}
