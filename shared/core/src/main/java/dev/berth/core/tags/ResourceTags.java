package dev.berth.core.tags;

import dev.berth.core.Retry;
import dev.berth.core.clusters.Clusters;
import dev.berth.core.services.Services;
import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.core.store.ServiceStore;
import dev.berth.core.store.TaskDefinitionStore;
import dev.berth.core.store.TaskStore;
import dev.berth.model.Arns;
import dev.berth.model.ContainerInstance;
import dev.berth.model.EcsException;
import dev.berth.model.Names;
import dev.berth.model.Tag;
import dev.berth.model.TagRules;
import dev.berth.model.Task;
import dev.berth.model.TaskDefinition;
import dev.berth.model.service.ServiceStatus;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * TagResource, UntagResource and ListTagsForResource on the five kinds of resource Berth keeps:
 * clusters, container instances, task definition revisions, services (long ARNs only) and tasks.
 * An ARN of another kind, or a malformed one, is an InvalidParameterException; one that names an
 * unknown cluster a ClusterNotFoundException; one that names nothing in a known cluster a
 * ResourceNotFoundException (ListTagsForResource, whose model has no such error: an
 * InvalidParameterException). Every change is one conditional write on the resource's own item.
 */
@Singleton
public final class ResourceTags {
  private final Clusters clusters;
  private final ContainerInstanceStore instances;
  private final TaskDefinitionStore definitions;
  private final TaskStore tasks;
  private final ServiceStore serviceStore;
  private final Services services;

  @Inject
  public ResourceTags(Clusters clusters, ContainerInstanceStore instances, TaskDefinitionStore definitions,
      TaskStore tasks, ServiceStore serviceStore, Services services) {
    this.clusters = clusters;
    this.instances = instances;
    this.definitions = definitions;
    this.tasks = tasks;
    this.serviceStore = serviceStore;
    this.services = services;
  }

  public List<Tag> list(String arn) {
    try {
      return read(Target.of(arn));
    } catch (EcsException e) {
      if (e.code().equals("ResourceNotFoundException")) {
        throw EcsException.invalidParameter("The specified resource could not be found: " + arn);
      }
      throw e;
    }
  }

  /** Adds the tags, replacing the values of keys the resource already has. */
  public void tag(String arn, List<Tag> tags) {
    List<Tag> added = TagRules.requested(tags);
    if (added.isEmpty()) {
      throw EcsException.invalidParameter("tags cannot be empty.");
    }
    change(Target.of(arn), current -> TagRules.merge(current, added));
  }

  /** Removes the tags of these keys; keys the resource does not have are ignored. */
  public void untag(String arn, List<String> keys) {
    List<String> removed = TagRules.requestedKeys(keys);
    if (removed.isEmpty()) {
      throw EcsException.invalidParameter("tagKeys cannot be empty.");
    }
    change(Target.of(arn), current -> TagRules.remove(current, removed));
  }

  private List<Tag> read(Target target) {
    return switch (target.type()) {
      case "cluster" -> clusters.require(target.cluster()).tags();
      case "container-instance" -> instance(target).tags();
      case "task-definition" -> definition(target).tags();
      case "service" -> {
        clusters.require(target.cluster());
        yield serviceStore.get(target.cluster(), target.name())
            .filter(s -> s.service().status() == ServiceStatus.ACTIVE)
            .orElseThrow(EcsException::resourceNotFound).service().tags();
      }
      default -> task(target).tags();
    };
  }

  private void change(Target target, UnaryOperator<List<Tag>> change) {
    switch (target.type()) {
      case "cluster" -> clusters.retag(target.cluster(), change);
      case "service" -> services.retag(target.cluster(), target.name(), change);
      case "container-instance" -> change(() -> instance(target), ContainerInstance::tags, instances::setTags, change);
      case "task-definition" -> change(() -> definition(target), TaskDefinition::tags, definitions::setTags, change);
      default -> change(() -> task(target), Task::tags, (seen, next) -> tasks.replace(seen.withTags(next),
          seen.version()), change);
    }
  }

  /** Read, change, and write only if the tags changed; a lost race reads again. */
  private static <T> void change(Supplier<T> read, Function<T, List<Tag>> tagsOf, BiConsumer<T, List<Tag>> write,
      UnaryOperator<List<Tag>> change) {
    Retry.onConflict(() -> {
      T seen = read.get();
      List<Tag> next = change.apply(tagsOf.apply(seen));
      if (!next.equals(tagsOf.apply(seen))) {
        write.accept(seen, next);
      }
      return next;
    });
  }

  private ContainerInstance instance(Target target) {
    clusters.require(target.cluster());
    return instances.get(target.cluster(), target.name()).orElseThrow(EcsException::resourceNotFound);
  }

  private TaskDefinition definition(Target target) {
    Arns.TaskDefinitionRef ref = Arns.taskDefinitionRef(target.name());
    return definitions.get(ref.family(), ref.revision()).orElseThrow(EcsException::resourceNotFound);
  }

  private Task task(Target target) {
    clusters.require(target.cluster());
    return tasks.get(target.cluster(), target.name()).orElseThrow(EcsException::resourceNotFound);
  }

  /** What a taggable ARN names: its type, its cluster (but for task definitions) and its name or id. */
  private record Target(String type, String cluster, String name) {
    static Target of(String arn) {
      Arns.ResourceArn parts = Arns.resource(arn);
      String path = parts.path();
      switch (parts.type()) {
        case "cluster" -> {
          return new Target("cluster", Arns.clusterName(arn), null);
        }
        case "task-definition" -> {
          if (!path.contains(":")) {
            throw EcsException.invalidParameter("A task definition ARN names a revision: " + arn);
          }
          Arns.taskDefinitionRef(arn);
          return new Target("task-definition", null, path);
        }
        case "service" -> {
          int slash = path.indexOf('/');
          if (slash < 0) {
            throw EcsException.invalidParameter("Long arn format must be used for tagging operations: " + arn);
          }
          String cluster = path.substring(0, slash);
          if (!Names.isName(cluster)) {
            throw EcsException.invalidParameter("Invalid service ARN: " + arn);
          }
          return new Target("service", cluster, Arns.serviceName(arn, cluster));
        }
        case "container-instance", "task" -> {
          int slash = path.indexOf('/');
          if (slash < 0) {
            throw EcsException.invalidParameter("Long arn format must be used for tagging operations: " + arn);
          }
          String cluster = path.substring(0, slash);
          if (!Names.isName(cluster)) {
            throw EcsException.invalidParameter("Invalid " + parts.type() + " ARN: " + arn);
          }
          return new Target(parts.type(), cluster, Arns.resourceId(parts.type(), arn, cluster));
        }
        default -> throw EcsException.invalidParameter("Berth cannot tag resources of type " + parts.type()
            + ": " + arn);
      }
    }
  }
}
