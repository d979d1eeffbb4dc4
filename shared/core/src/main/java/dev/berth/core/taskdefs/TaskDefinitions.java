package dev.berth.core.taskdefs;

import dev.berth.core.Retry;
import dev.berth.model.Arns;
import dev.berth.model.EcsException;
import dev.berth.model.TaskDefinition;
import dev.berth.store.TaskDefinitionStore;
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

  public TaskDefinition register(TaskDefinitionRequest request) {
    return Retry.onConflict(() -> {
      int revision = store.latestRevision(request.family()) + 1;
      TaskDefinition definition = new TaskDefinition(request.family(), revision, TaskDefinition.ACTIVE,
          request.networkMode(), request.cpu(), request.memory(), request.containers(), request.placementConstraints(),
          clock.instant(), null, request.document().toString(), request.tags(), request.requiresAttributes());
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
