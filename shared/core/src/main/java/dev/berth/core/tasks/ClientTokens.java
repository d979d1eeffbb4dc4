package dev.berth.core.tasks;

import dev.berth.json.JsonTrees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.MessageJson;
import dev.berth.core.Pause;
import dev.berth.core.store.IdempotencyStore;
import dev.berth.core.store.TaskStore;
import dev.berth.model.Arns;
import dev.berth.model.EcsException;
import dev.berth.model.IdSource;
import dev.berth.model.Task;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * RunTask/StartTask client tokens. The first request claims the token, fixing the task ids it will
 * use; a repeat of the same request gets the first result, a different request with the same token
 * a ConflictException. A claim abandoned by a crashed caller is taken over after a while, reusing
 * its task ids, so a task placed before the crash is returned rather than placed twice.
 */
@Singleton
public final class ClientTokens {
  static final Duration ABANDONED_AFTER = Duration.ofSeconds(30);
  private static final int WAIT_POLLS = 20;

  private final IdempotencyStore store;
  private final TaskStore tasks;
  private final IdSource ids;
  private final Clock clock;
  private final Arns arns;
  private final Pause pause;

  @Inject
  public ClientTokens(IdempotencyStore store, TaskStore tasks, IdSource ids, Clock clock, Arns arns, Pause pause) {
    this.pause = pause;
    this.store = store;
    this.tasks = tasks;
    this.ids = ids;
    this.clock = clock;
    this.arns = arns;
  }

  LaunchResult once(LaunchRequest request, int count, Function<List<String>, LaunchResult> work) {
    if (request.clientToken().isEmpty() || request.clientToken().length() > 64
        || !request.clientToken().chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      throw EcsException.invalidParameter("clientToken must be 1 to 64 printable ASCII characters.");
    }
    String key = request.cluster() + "/" + request.clientToken();
    String hash = sha256(request.fingerprint());
    List<String> taskIds = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      taskIds.add(ids.newId());
    }
    var claim = new IdempotencyStore.Record(key, hash, taskIds, clock.instant(), null, 1);
    Optional<IdempotencyStore.Record> holder = store.claim(claim);
    for (int poll = 0; holder.isPresent(); poll++) {
      IdempotencyStore.Record existing = holder.get();
      if (!existing.requestHash().equals(hash)) {
        throw EcsException.conflict("The client token was already used with different parameters.",
            existing.ids().stream().map(id -> arns.task(request.cluster(), id)).toList());
      }
      if (existing.finished()) {
        return replay(request.cluster(), existing.result());
      }
      if (existing.claimedAt().plus(ABANDONED_AFTER).isBefore(clock.instant()) && store.takeOver(existing, clock.instant())) {
        return finish(key, work.apply(existing.ids()));
      }
      if (poll >= WAIT_POLLS) {
        throw EcsException.server("A request with this client token is still in progress; retry it.");
      }
      sleep();
      holder = store.get(key);
    }
    return finish(key, work.apply(taskIds));
  }

  private LaunchResult finish(String key, LaunchResult result) {
    ObjectNode stored = MessageJson.object();
    result.tasks().forEach(t -> stored.withArray("tasks").add(t.id()));
    for (LaunchResult.Failure f : result.failures()) {
      ObjectNode n = stored.withArray("failures").addObject();
      n.put("arn", f.arn());
      n.put("reason", f.reason());
      n.put("detail", f.detail());
    }
    store.finish(key, JsonTrees.text(stored));
    return result;
  }

  private LaunchResult replay(String cluster, String result) {
    JsonNode node;
    try {
      node = MessageJson.read(result);
    } catch (IOException e) {
      throw new IllegalStateException("unreadable idempotency record", e);
    }
    List<Task> found = new ArrayList<>();
    node.path("tasks").forEach(id -> tasks.get(cluster, id.textValue()).ifPresent(found::add));
    List<LaunchResult.Failure> failures = new ArrayList<>();
    node.path("failures").forEach(f -> failures.add(new LaunchResult.Failure(
        f.path("arn").isTextual() ? f.path("arn").textValue() : null, f.path("reason").textValue(),
        f.path("detail").isTextual() ? f.path("detail").textValue() : null)));
    return new LaunchResult(found, failures);
  }

  private void sleep() {
    try {
      pause.pause(java.time.Duration.ofMillis(100));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw EcsException.server("Interrupted.");
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
