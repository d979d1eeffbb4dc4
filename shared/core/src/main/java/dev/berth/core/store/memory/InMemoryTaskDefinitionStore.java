package dev.berth.core.store.memory;

import dev.berth.core.store.TaskDefinitionStore;
import dev.berth.model.OptimisticLockException;
import dev.berth.model.Tag;
import dev.berth.model.TaskDefinition;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Task-definition revisions in memory, keyed by family and revision, with DynamoTaskDefinitionStore's conditions. */
public final class InMemoryTaskDefinitionStore extends Guarded implements TaskDefinitionStore {
  /** Revision numbers as zero-padded range keys, so that a partition iterates in numeric order. */
  private final Table<TaskDefinition> table = new Table<>();

  public InMemoryTaskDefinitionStore(Clock clock, StoreHooks hooks) {
    super("TaskDefinitionStore", clock, hooks);
  }

  private static String key(int revision) {
    return String.format("%010d", revision);
  }

  @Override
  public Optional<TaskDefinition> get(String family, int revision) {
    return readOne("get", () -> table.get(family, key(revision)));
  }

  @Override
  public int latestRevision(String family) {
    return read("latestRevision", () -> {
      List<TaskDefinition> all = table.partition(family);
      return all.isEmpty() ? 0 : all.get(all.size() - 1).revision();
    }, r -> r == 0 ? 0 : 1);
  }

  @Override
  public Optional<TaskDefinition> latestActive(String family) {
    List<TaskDefinition> revisions = read("latestActive", () -> table.partition(family), List::size);
    for (int i = revisions.size() - 1; i >= 0; i--) {
      if (revisions.get(i).active()) {
        return Optional.of(revisions.get(i));
      }
    }
    return Optional.empty();
  }

  @Override
  public void create(TaskDefinition definition) {
    write("create", () -> {
      if (table.get(definition.family(), key(definition.revision())).isPresent()) {
        throw new OptimisticLockException("task definition " + definition.family() + ":" + definition.revision());
      }
      table.put(definition.family(), key(definition.revision()), definition);
    });
  }

  @Override
  public TaskDefinition deactivate(TaskDefinition definition) {
    write("deactivate", () -> {
      table.get(definition.family(), key(definition.revision())).filter(TaskDefinition::active).ifPresent(d ->
          table.put(d.family(), key(d.revision()), d.withStatus(TaskDefinition.INACTIVE, definition.deregisteredAt())));
    });
    return get(definition.family(), definition.revision()).orElseThrow();
  }

  @Override
  public void setTags(TaskDefinition seen, List<Tag> tags) {
    write("setTags", () -> {
      var d = table.get(seen.family(), key(seen.revision())).orElse(null);
      if (d == null || !d.tags().equals(seen.tags())) {
        throw new OptimisticLockException("task definition " + seen.family() + ":" + seen.revision());
      }
      table.put(d.family(), key(d.revision()), new TaskDefinition(d.family(), d.revision(), d.status(),
          d.networkMode(), d.cpu(), d.memory(), d.containerDefinitions(), d.placementConstraints(), d.registeredAt(),
          d.deregisteredAt(), d.document(), tags, d.requiresAttributes()));
    });
  }

  @Override
  public TaskDefinition markDeleteInProgress(TaskDefinition definition) {
    write("markDeleteInProgress", () -> {
      table.get(definition.family(), key(definition.revision()))
          .filter(d -> TaskDefinition.INACTIVE.equals(d.status()))
          .ifPresent(d -> table.put(d.family(), key(d.revision()),
              d.withStatus(TaskDefinition.DELETE_IN_PROGRESS, d.deregisteredAt())));
    });
    return get(definition.family(), definition.revision()).orElseThrow();
  }

  @Override
  public List<TaskDefinition> all() {
    return read("all", table::all, List::size);
  }
}
