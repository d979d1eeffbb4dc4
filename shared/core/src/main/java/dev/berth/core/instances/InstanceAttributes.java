package dev.berth.core.instances;

import dev.berth.core.Page;
import dev.berth.core.Retry;
import dev.berth.core.clusters.Clusters;
import dev.berth.core.services.ServiceTriggers;
import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.model.Arns;
import dev.berth.model.Attribute;
import dev.berth.model.ContainerInstance;
import dev.berth.model.EcsException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * PutAttributes, DeleteAttributes and ListAttributes: custom attributes of container instances, kept
 * next to the built-in ones in the instance's {@code attributes}, so the next placement, a
 * {@code memberOf} expression and ListContainerInstances' filter see a change at once. A change wakes
 * the cluster's DAEMON services: an instance may have started or stopped qualifying for one.
 */
@Singleton
public final class InstanceAttributes {
  public static final String TARGET_TYPE = "container-instance";
  public static final int MAX_CUSTOM = 10;
  private static final int MAX_PER_REQUEST = 10;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_./\\\\-]{1,128}");
  private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_./\\\\@: -]{1,128}");

  private final Clusters clusters;
  private final ContainerInstanceStore store;
  private final ServiceTriggers triggers;
  private final Arns arns;

  @Inject
  public InstanceAttributes(Clusters clusters, ContainerInstanceStore store, ServiceTriggers triggers, Arns arns) {
    this.clusters = clusters;
    this.store = store;
    this.triggers = triggers;
    this.arns = arns;
  }

  /** ECS's syntax for an attribute's name and (optional) value. */
  public static void requireValid(Attribute a) {
    if (a.name() == null || !NAME.matcher(a.name()).matches()) {
      throw EcsException.invalidParameter("Invalid attribute name: " + a.name() + ". Names are 1-128 letters, "
          + "digits, hyphens, underscores, periods, forward and back slashes.");
    }
    if (a.value() != null && (!VALUE.matcher(a.value()).matches() || !a.value().strip().equals(a.value()))) {
      throw EcsException.invalidParameter("Invalid value for attribute " + a.name() + ". Values are 1-128 letters, "
          + "digits, hyphens, underscores, periods, at signs, forward and back slashes, colons and spaces, with no "
          + "leading or trailing whitespace.");
    }
  }

  /** Built-in attributes ({@code ecs.*} and the agent's capabilities) are not the user's to set. */
  public static boolean builtIn(String name) {
    return name.startsWith("ecs.") || name.startsWith("com.amazonaws.ecs.");
  }

  /**
   * Creates or overwrites custom attributes; all or nothing: every target is checked (found, within
   * its 10 custom attributes) before any is written.
   */
  public List<Attribute> put(String cluster, List<Attribute> attributes) {
    clusters.require(cluster);
    Map<String, List<Attribute>> byTarget = byTarget(cluster, attributes, true);
    for (String id : byTarget.keySet()) {
      withPut(target(cluster, id), byTarget.get(id));
    }
    for (String id : byTarget.keySet()) {
      Retry.onConflict(() -> {
        ContainerInstance instance = target(cluster, id);
        List<Attribute> next = withPut(instance, byTarget.get(id));
        if (!next.equals(instance.attributes())) {
          store.setAttributes(instance, next);
        }
        return next;
      });
    }
    triggers.wakeDaemons(cluster);
    return List.copyOf(attributes);
  }

  /** Removes custom attributes; the response lists those that were there. */
  public List<Attribute> delete(String cluster, List<Attribute> attributes) {
    clusters.require(cluster);
    Map<String, List<Attribute>> byTarget = byTarget(cluster, attributes, false);
    byTarget.keySet().forEach(id -> target(cluster, id));
    List<Attribute> deleted = new ArrayList<>();
    for (var entry : byTarget.entrySet()) {
      List<Attribute> removed = Retry.onConflict(() -> {
        ContainerInstance instance = target(cluster, entry.getKey());
        List<Attribute> next = new ArrayList<>(instance.attributes());
        List<Attribute> gone = new ArrayList<>();
        for (Attribute a : entry.getValue()) {
          next.stream().filter(e -> e.name().equals(a.name())).findFirst().ifPresent(e -> {
            next.remove(e);
            gone.add(new Attribute(e.name(), e.value(), TARGET_TYPE, arns.containerInstance(cluster, instance.id())));
          });
        }
        if (!gone.isEmpty()) {
          store.setAttributes(instance, next);
        }
        return gone;
      });
      deleted.addAll(removed);
    }
    if (!deleted.isEmpty()) {
      triggers.wakeDaemons(cluster);
    }
    return deleted;
  }

  /** ListAttributes: one entry per instance and attribute, built-in ones included, by instance then name. */
  public Page<Attribute> list(String cluster, String targetType, String name, String value, Integer maxResults,
      String nextToken) {
    clusters.require(cluster);
    if (!TARGET_TYPE.equals(targetType)) {
      throw EcsException.invalidParameter("targetType must be container-instance.");
    }
    if (value != null && name == null) {
      throw EcsException.invalidParameter("attributeName is required when attributeValue is given.");
    }
    List<Attribute> all = new ArrayList<>();
    for (ContainerInstance instance : store.inCluster(cluster)) {
      if (ContainerInstance.INACTIVE.equals(instance.status())) {
        continue;
      }
      for (Attribute a : instance.attributes()) {
        if ((name == null || name.equals(a.name())) && (value == null || value.equals(a.value()))) {
          all.add(new Attribute(a.name(), a.value(), TARGET_TYPE, arns.containerInstance(cluster, instance.id())));
        }
      }
    }
    all.sort(Comparator.comparing(InstanceAttributes::key));
    return Page.of(all, InstanceAttributes::key, maxResults, nextToken, 100);
  }

  private static String key(Attribute a) {
    return a.targetId() + " " + a.name();
  }

  /** The instance's attributes with these put: refused when it would hold more than 10 custom ones. */
  private static List<Attribute> withPut(ContainerInstance instance, List<Attribute> put) {
    List<Attribute> next = new ArrayList<>(instance.attributes());
    for (Attribute a : put) {
      int at = indexOf(next, a.name());
      Attribute stored = new Attribute(a.name(), a.value(), null, null);
      if (at >= 0) {
        next.set(at, stored);
      } else {
        next.add(stored);
      }
    }
    long custom = next.stream().filter(a -> !builtIn(a.name())).count();
    if (custom > MAX_CUSTOM) {
      throw EcsException.attributeLimitExceeded("A container instance can have at most " + MAX_CUSTOM
          + " custom attributes; this request would give " + instance.id() + " " + custom + ".");
    }
    return next;
  }

  private static int indexOf(List<Attribute> attributes, String name) {
    for (int i = 0; i < attributes.size(); i++) {
      if (attributes.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** The request's attributes, checked, grouped by the id of the instance each names. */
  private static Map<String, List<Attribute>> byTarget(String cluster, List<Attribute> attributes, boolean put) {
    if (attributes == null || attributes.isEmpty()) {
      throw EcsException.invalidParameter("attributes cannot be empty.");
    }
    if (attributes.size() > MAX_PER_REQUEST) {
      throw EcsException.invalidParameter("At most " + MAX_PER_REQUEST + " attributes can be given at once.");
    }
    Map<String, List<Attribute>> byTarget = new LinkedHashMap<>();
    for (Attribute a : attributes) {
      requireValid(new Attribute(a.name(), put ? a.value() : null, null, null));
      if (builtIn(a.name())) {
        throw EcsException.invalidParameter("The attribute " + a.name() + " is set by ECS and cannot be changed.");
      }
      if (a.targetType() != null && !TARGET_TYPE.equals(a.targetType())) {
        throw EcsException.invalidParameter("targetType must be container-instance.");
      }
      if (a.targetId() == null || a.targetId().isEmpty()) {
        throw EcsException.invalidParameter("Every attribute needs a targetId.");
      }
      if (!a.targetId().startsWith("arn:") && a.targetType() == null) {
        throw EcsException.invalidParameter("targetType is required when targetId is not an ARN.");
      }
      byTarget.computeIfAbsent(targetId(a.targetId(), cluster), k -> new ArrayList<>()).add(a);
    }
    return byTarget;
  }

  /** The instance id a targetId names; an ARN of another cluster names no target of this one. */
  private static String targetId(String ref, String cluster) {
    if (ref.startsWith("arn:")) {
      Arns.ResourceArn parts = Arns.resource(ref);
      if (!parts.type().equals(TARGET_TYPE)) {
        throw EcsException.invalidParameter("targetId must name a container instance: " + ref);
      }
      int slash = parts.path().indexOf('/');
      if (slash >= 0 && !parts.path().substring(0, slash).equals(cluster)) {
        throw EcsException.targetNotFound(ref);
      }
    }
    return Arns.resourceId(TARGET_TYPE, ref, cluster);
  }

  private ContainerInstance target(String cluster, String id) {
    Optional<ContainerInstance> found = store.get(cluster, id)
        .filter(ci -> !ContainerInstance.INACTIVE.equals(ci.status()));
    return found.orElseThrow(() -> EcsException.targetNotFound(arns.containerInstance(cluster, id)));
  }
}
