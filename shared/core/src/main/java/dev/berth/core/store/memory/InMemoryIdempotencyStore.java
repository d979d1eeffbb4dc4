package dev.berth.core.store.memory;

import dev.berth.core.store.IdempotencyStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Client-token records in memory, with DynamoIdempotencyStore's conditions: a claim only of a free
 * token, a take-over only of the unfinished record at the version read. Records do not expire here
 * (DynamoDB's TTL deletes a day later, and nothing reads them that late).
 */
public final class InMemoryIdempotencyStore extends Guarded implements IdempotencyStore {
  private static final String ITEM = "";

  private final Table<Record> table = new Table<>();

  public InMemoryIdempotencyStore(Clock clock, StoreHooks hooks) {
    super("IdempotencyStore", clock, hooks);
  }

  @Override
  public Optional<Record> claim(Record record) {
    boolean claimed = write("claim", () -> {
      if (table.get(record.key(), ITEM).isPresent()) {
        return false;
      }
      table.put(record.key(), ITEM, new Record(record.key(), record.requestHash(),
          record.ids() == null ? null : java.util.List.copyOf(record.ids()), toMillis(record.claimedAt()),
          record.result(), record.version()));
      return true;
    });
    return claimed ? Optional.empty() : get(record.key());
  }

  @Override
  public boolean takeOver(Record abandoned, Instant now) {
    return write("takeOver", () -> {
      var r = table.get(abandoned.key(), ITEM).orElse(null);
      if (r == null || r.version() != abandoned.version() || r.result() != null) {
        return false;
      }
      table.put(r.key(), ITEM, new Record(r.key(), r.requestHash(), r.ids(), toMillis(now), null,
          abandoned.version() + 1));
      return true;
    });
  }

  @Override
  public Optional<Record> get(String key) {
    return readOne("get", () -> table.get(key, ITEM));
  }

  @Override
  public void finish(String key, String result) {
    // an unconditional update: it writes the result even where no claim is (DynamoDB creates the item)
    write("finish", () -> {
      var r = table.get(key, ITEM).orElse(new Record(key, null, null, null, null, 0));
      table.put(key, ITEM, new Record(key, r.requestHash(), r.ids(), r.claimedAt(), result, r.version()));
    });
  }
}
