package dev.berth.core.taskdefs;

import dev.berth.core.Retry;
import dev.berth.core.store.TaskDefinitionStore;
import dev.berth.model.Arns;
import dev.berth.model.EcsException;
import dev.berth.model.TaskDefinition;
import java.time.Clock;
import java.util.List;
import javax.inject.Inject;
import javax.inject.Singleton;

/** Task-definition revisions: register (latest + 1, never reused), deregister, resolve references. */
@Singleton
public final class TaskDefinitions {
  private final TaskDefinitionStore store;
  private final Clock clock;

  @Inject
  public TaskDefinitions(TaskDefinitionStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  public TaskDefinition register(NewTaskDefinition request) {
    return Retry.onConflict(() -> {
      int revision = store.latestRevision(request.family()) + 1;
      TaskDefinition definition = new TaskDefinition(request.family(), revision, TaskDefinition.ACTIVE,
          request.networkMode(), request.cpu(), request.memory(), request.containers(), request.placementConstraints(),
          clock.instant(), null, request.document(), request.tags(), request.requiresAttributes());
      store.create(definition);
      return definition;
    });
  }

  /** Deregisters one explicit revision; a bare family is rejected, as ECS does. */
  public TaskDefinition deregister(String reference) {
    Arns.TaskDefinitionRef ref = Arns.taskDefinitionRef(reference);
    if (ref.revision() == null) {
      throw EcsException.clientException("Invalid revision number. Number: " + ref.family());
    }
    TaskDefinition definition = find(ref);
    return store.deactivate(definition.withStatus(TaskDefinition.INACTIVE, clock.instant()));
  }

  /** DeleteTaskDefinitions' answer: the revisions now DELETE_IN_PROGRESS, and a failure per other reference. */
  public record Deletion(List<TaskDefinition> deleted, List<String[]> failures) {}

  /**
   * Moves INACTIVE revisions to DELETE_IN_PROGRESS. Each reference names a revision; one that is
   * ACTIVE or does not exist is a failure, and the others go ahead. A revision being deleted can no
   * longer start tasks or services (it is not ACTIVE); those it already runs keep running.
   */
  public Deletion delete(List<String> references) {
    if (references == null || references.isEmpty() || references.size() > 10) {
      throw EcsException.invalidParameter("taskDefinitions must list between 1 and 10 task definitions.");
    }
    List<Arns.TaskDefinitionRef> refs = new java.util.ArrayList<>();
    for (String reference : references) {
      Arns.TaskDefinitionRef ref = Arns.taskDefinitionRef(reference);
      if (ref.revision() == null) {
        throw EcsException.invalidParameter("The specified task definition identifier is invalid. Specify a valid "
            + "name or ARN and revision: " + reference);
      }
      refs.add(ref);
    }
    List<TaskDefinition> deleted = new java.util.ArrayList<>();
    List<String[]> failures = new java.util.ArrayList<>();
    for (int i = 0; i < refs.size(); i++) {
      Arns.TaskDefinitionRef ref = refs.get(i);
      var found = store.get(ref.family(), ref.revision());
      if (found.isEmpty()) {
        failures.add(new String[] {references.get(i), "The specified task definition does not exist."});
        continue;
      }
      TaskDefinition after = store.markDeleteInProgress(found.get());
      if (TaskDefinition.ACTIVE.equals(after.status())) {
        failures.add(new String[] {references.get(i), "The specified task definition is still in ACTIVE status. "
            + "Deregister it first."});
      } else {
        deleted.add(after);
      }
    }
    return new Deletion(deleted, failures);
  }

  /** family (latest ACTIVE), family:revision, or an ARN. */
  public TaskDefinition resolve(String reference) {
    return find(Arns.taskDefinitionRef(reference));
  }

  private TaskDefinition find(Arns.TaskDefinitionRef ref) {
    var found = ref.revision() == null ? store.latestActive(ref.family()) : store.get(ref.family(), ref.revision());
    return found.orElseThrow(() -> EcsException.clientException("Unable to describe task definition."));
  }

  public List<TaskDefinition> all() {
    return store.all();
  }
}
