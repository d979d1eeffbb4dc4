package dev.berth.scheduler;

import java.util.List;

/**
 * The placement strategies ECS applies when a request names none. Each method returns the given
 * list unchanged when it is non-empty, and the default otherwise (a null list counts as empty).
 *
 * <ul>
 *   <li>Standalone tasks (RunTask, StartTask): {@code random}. The developer guide's strategy page
 *       says the defaults depend on whether a task is standalone or part of a service and gives a
 *       default only for services; placing uniformly at random among the instances that fit is
 *       what the engine does with no strategy at all, so the two are the same placement.
 *   <li>REPLICA services: spread by {@code attribute:ecs.availability-zone}, then spread by
 *       {@code instanceId}. The strategy page names the zone spread as the services' default; the
 *       guide's "Update Amazon ECS service parameters" page spells out the second level: the
 *       scheduler sorts the valid instances by how few of the service's tasks their zone runs and,
 *       within the best zones, favours the instances running the fewest of the service's tasks.
 *   <li>DAEMON services: none. A daemon runs one task on every instance that meets its constraints,
 *       so there is nothing to order; ECS does not accept strategies for it (rejecting a non-empty
 *       list is the API layer's job, so this method still hands one back unchanged).
 * </ul>
 */
public final class DefaultStrategies {
  /** The container instance attribute that holds the Availability Zone. */
  public static final String ZONE_ATTRIBUTE = "ecs.availability-zone";

  public static final Strategy RANDOM = Strategy.RANDOM;
  public static final Strategy SPREAD_BY_ZONE = new Strategy.Spread("attribute:" + ZONE_ATTRIBUTE);
  public static final Strategy SPREAD_BY_INSTANCE = new Strategy.Spread("instanceId");

  /** The scheduling strategies a service may have. */
  public static final String REPLICA = "REPLICA";
  public static final String DAEMON = "DAEMON";

  private static final List<Strategy> STANDALONE = List.of(RANDOM);
  private static final List<Strategy> REPLICA_SERVICE = List.of(SPREAD_BY_ZONE, SPREAD_BY_INSTANCE);

  /** RunTask: the given strategies, else {@code random}. */
  public static List<Strategy> forRunTask(List<Strategy> given) {
    return orDefault(given, STANDALONE);
  }

  /**
   * StartTask: the given strategies, else {@code random}. StartTask names its instances, so this
   * only decides the order in which the named instances are tried.
   */
  public static List<Strategy> forStartTask(List<Strategy> given) {
    return orDefault(given, STANDALONE);
  }

  /** A REPLICA service: the given strategies, else spread by zone then by instance. */
  public static List<Strategy> forReplicaService(List<Strategy> given) {
    return orDefault(given, REPLICA_SERVICE);
  }

  /** A DAEMON service: the given strategies (which the API refuses), else none. */
  public static List<Strategy> forDaemonService(List<Strategy> given) {
    return orDefault(given, List.of());
  }

  /**
   * A service by its scheduling strategy ({@code REPLICA}, the default when null, or
   * {@code DAEMON}).
   */
  public static List<Strategy> forService(String schedulingStrategy, List<Strategy> given) {
    if (schedulingStrategy == null || REPLICA.equals(schedulingStrategy)) {
      return forReplicaService(given);
    }
    if (DAEMON.equals(schedulingStrategy)) {
      return forDaemonService(given);
    }
    throw new IllegalArgumentException("Unknown scheduling strategy: " + schedulingStrategy);
  }

  private static List<Strategy> orDefault(List<Strategy> given, List<Strategy> fallback) {
    return given == null || given.isEmpty() ? fallback : given;
  }

  private DefaultStrategies() {}
}
