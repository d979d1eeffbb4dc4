package dev.berth.core.store;

import dev.berth.model.OptimisticLockException;
import dev.berth.model.Tag;
import dev.berth.model.TaskDefinition;
import java.util.List;
import java.util.Optional;

/**
 * Task-definition revisions, keyed by family and revision number. A new revision is the latest
 * plus one, written with a conditional put so two concurrent registrations never share a number.
 */
public interface TaskDefinitionStore {
  Optional<TaskDefinition> get(String family, int revision);

  /** The highest revision number a family has used, 0 for a new family. */
  int latestRevision(String family);

  /** The newest ACTIVE revision of a family. */
  Optional<TaskDefinition> latestActive(String family);

  /** Writes a new revision; fails with {@link OptimisticLockException} if its number was taken. */
  void create(TaskDefinition definition);

  /** Marks a revision INACTIVE if it is still ACTIVE; returns it as stored afterwards. */
  TaskDefinition deactivate(TaskDefinition definition);

  /** Replaces a revision's tags if they are still those {@code seen} has; an OptimisticLockException if not. */
  void setTags(TaskDefinition seen, List<Tag> tags);

  /**
   * Marks an INACTIVE revision DELETE_IN_PROGRESS; returns it as stored afterwards (unchanged when
   * it was not INACTIVE: ACTIVE, or already being deleted).
   */
  TaskDefinition markDeleteInProgress(TaskDefinition definition);

  /** Every revision of every family, ordered by family then revision. */
  List<TaskDefinition> all();
}
