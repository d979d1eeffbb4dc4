package dev.berth.core.services;

import dev.berth.core.Retry;
import dev.berth.core.store.ServiceStore;
import dev.berth.core.store.TargetGroups;
import dev.berth.core.store.TaskStore;
import dev.berth.model.Container;
import dev.berth.model.ContainerInstance;
import dev.berth.model.NetworkBinding;
import dev.berth.model.Task;
import dev.berth.model.TaskStatus;
import dev.berth.model.service.LoadBalancer;
import dev.berth.model.service.ServiceState;
import dev.berth.model.service.Target;
import dev.berth.model.service.TaskTargets;
import dev.berth.scheduler.service.ServiceEvents;
import dev.berth.scheduler.service.ServicePlan;
import dev.berth.scheduler.service.ServiceTask;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * A load-balanced service's part of a reconcile pass, in ECS's order: read target health (one
 * DescribeTargetHealth per target group per pass; a service in its steady state has no passes);
 * deregister the tasks the plan stops and hold them DEACTIVATING for the target group's
 * deregistration delay; hand drained tasks to their agents (STOPPING); deregister targets whose
 * task is gone; register RUNNING (and HEALTHY) tasks. A failed ELB call leaves its work to the next
 * pass.
 *
 * <p>What each task is registered as is recorded apart from the service item, one record per task
 * ({@link ServiceStore#recordTargets}), and a holder's read carries the records as {@link
 * ServiceState#targets()}. The rule the writes keep: <em>a target is never in a group without a
 * record of it</em>. A record without a target is harmless (the next health read finds it missing,
 * and deregistering what is not registered is no error); a target without a record is the one thing
 * no later pass can repair, as nothing would deregister it when its task stops (a target left in
 * its group forever) and a stop of its task would not wait for it to drain. So:
 *
 * <ol>
 *   <li><b>Register</b>: record the tasks' targets (not yet healthy), then RegisterTargets. A crash
 *       between the two leaves a record without a target: the next pass finds it missing in its
 *       group's health and registers it again if its task still runs, or forgets it. A crash after
 *       the call leaves both, as a finished pass does. A registration whose call failed in some
 *       group keeps its record too (it may have joined the other groups); the next health read
 *       finds what is missing.
 *   <li><b>Deregister</b>: DeregisterTargets, then (for a stop) the task DEACTIVATING, and at the
 *       end of the pass the record forgotten ({@link ServiceStore#forgetTargets}). A crash before
 *       the forget leaves a record of a draining target: the next pass finds it draining (so no
 *       longer registered) and forgets it, or, if it cannot read the group's health, deregisters it
 *       again. A task is handed to its agent (STOPPING) only once DEACTIVATING has run its course,
 *       so a crash anywhere here never stops a task whose target is still in its group.
 *   <li><b>Health</b>: a change of a target's health is recorded at the end of the pass. Lost in a
 *       crash, it is read again by the next pass.
 * </ol>
 *
 * The service save that ends the pass writes none of this, so a crash between the records and the
 * save loses only the pass's events and counts, which the next pass works out again.
 *
 * <p>A pass that lost its lease (its holder ran past its lease, and another pass took the service)
 * must not undo a newer holder's records. The task-id writes are fenced only by a lease check before
 * an unconditional batch write; that is enough for them, as an extra id is harmless. For targets it
 * is enough to add a record, not to forget one: between a stale pass's check and its delete, the new
 * holder may have recorded (and registered) the same task again, and the delete would leave its
 * target without a record. So every record carries the number of the lease that wrote it (each
 * acquire takes a higher one) and is replaced or deleted only by a writer whose number is not lower;
 * a refused write tells the pass it has lost the service, and it stops before registering anything
 * more. What no write can fence is an ELB call itself: a pass that outlives its lease between its
 * record and its RegisterTargets could register after the new holder read the records and chose to
 * stop the task. So each call is made only while the pass may still act
 * ({@link ServiceReconciler#ACT_WITHIN} of its lease's last renewal), as for its stops; one it may
 * not make counts as failed, and is the next pass's.
 *
 * <p>A task's id and its record are kept apart, so forgetting the id of a stopped task (once its
 * stop is counted) leaves its record: if its deregistration failed, the next pass finds a record
 * whose task it no longer knows, which counts as gone, and deregisters it.
 */
@Singleton
public final class ServiceTargets {
  private static final Logger LOG = Logger.getLogger(ServiceTargets.class.getName());
  /** How soon a pass looks again at targets not yet healthy (or tasks not yet registered). */
  static final Duration HEALTH_RECHECK = Duration.ofSeconds(10);

  private final TargetGroups elb;
  private final TaskStore tasks;
  private final ServiceStore services;

  @Inject
  public ServiceTargets(TargetGroups elb, TaskStore tasks, ServiceStore services) {
    this.elb = elb;
    this.tasks = tasks;
    this.services = services;
  }

  /**
   * Starts a pass's target work for the holder of a service's lease ({@code owner}, the lease's
   * {@code number}); target health is read here, before planning. {@code fresh} says whether the
   * holder may still act (asked before each register and deregister call).
   */
  public Round begin(ServiceState state, Map<String, Task> found, List<ContainerInstance> instances, Instant now,
      String owner, long lease, BooleanSupplier fresh) {
    Round round = new Round(state, found, instances, now, owner, lease, fresh);
    if (round.active()) {
      round.readHealth();
    }
    return round;
  }

  /** An unhealthy target, as the load balancer reported it. */
  public record Unhealthy(String taskId, Target target, String reason) {}

  /** One pass's target work and what it found. */
  public final class Round {
    private final ServiceState state;
    private final Map<String, Task> found;
    private final Map<String, ContainerInstance> instances = new HashMap<>();
    private final Instant now;
    private final String owner;
    private final long lease;
    private final BooleanSupplier fresh;
    /** What the store's records say, as far as this pass knows: what it read, and what it wrote since. */
    private final Map<String, TaskTargets> recorded;
    private final Map<String, TaskTargets> registered;
    private final Map<String, Unhealthy> unhealthy = new LinkedHashMap<>();
    private final List<String> events = new ArrayList<>(); // oldest first
    private Instant due;
    private boolean settled = true;

    private Round(ServiceState state, Map<String, Task> found, List<ContainerInstance> clusterInstances, Instant now,
        String owner, long lease, BooleanSupplier fresh) {
      this.state = state;
      this.found = found;
      this.now = now;
      this.owner = owner;
      this.lease = lease;
      this.fresh = fresh;
      this.recorded = new HashMap<>(state.targets());
      this.registered = new HashMap<>(state.targets());
      clusterInstances.forEach(i -> instances.put(i.id(), i));
    }

    /** Whether the service has load balancers, or targets left registered from when it had. */
    public boolean active() {
      return state.service().loadBalanced() || !state.targets().isEmpty();
    }

    public Map<String, TaskTargets> registered() {
      return Map.copyOf(registered);
    }

    public boolean isRegistered(String taskId) {
      return registered.containsKey(taskId);
    }

    public Map<String, Unhealthy> unhealthy() {
      return Map.copyOf(unhealthy);
    }

    /** New service events, oldest first. */
    public List<String> events() {
      return List.copyOf(events);
    }

    /** When the targets next need a pass (null: nothing of theirs is waiting). */
    public Instant dueAt() {
      return due;
    }

    /** Nothing of the targets is waiting: no drain, no registration, no health result to come. */
    public boolean settled() {
      return settled;
    }

    private void dueBy(Instant at) {
      settled = false;
      due = due == null || at.isBefore(due) ? at : due;
    }

    /**
     * The load balancer health of a task of the service: HEALTHY, UNHEALTHY or INITIAL; null when
     * the service has no load balancers.
     */
    public String health(String taskId) {
      if (!state.service().loadBalanced()) {
        return null;
      }
      TaskTargets t = registered.get(taskId);
      if (t != null && t.healthy()) {
        return ServiceTask.HEALTHY;
      }
      return unhealthy.containsKey(taskId) ? ServiceTask.UNHEALTHY
          : ServiceTask.INITIAL;
    }

    public String failingTargetGroup(String taskId) {
      Unhealthy u = unhealthy.get(taskId);
      return u == null ? null : u.target().targetGroupArn();
    }

    /**
     * One DescribeTargetHealth per target group the service's tasks are registered in. A pass only
     * runs when something woke the service or it was due (a steady service has no passes), so this
     * is also where a target that left its group behind Berth's back is found and registered again.
     */
    private void readHealth() {
      if (registered.isEmpty()) {
        return;
      }
      Set<String> groups = new TreeSet<>();
      registered.values().forEach(t -> t.targets().forEach(x -> groups.add(x.targetGroupArn())));
      Map<String, Map<String, TargetGroups.Health>> byGroup = new HashMap<>();
      for (String group : groups) {
        try {
          Map<String, TargetGroups.Health> health = new HashMap<>();
          elb.health(group).forEach(h -> health.put(h.id() + ":" + h.port(), h));
          byGroup.put(group, health);
        } catch (TargetGroups.Failure e) {
          LOG.warning("service " + state.service().name() + ": " + e.getMessage());
        }
      }
      for (var e : List.copyOf(registered.entrySet())) {
        String taskId = e.getKey();
        boolean healthy = true;
        boolean missing = false;
        for (Target target : e.getValue().targets()) {
          Map<String, TargetGroups.Health> group = byGroup.get(target.targetGroupArn());
          if (group == null) {
            healthy = e.getValue().healthy(); // not read this pass: as last known
            continue;
          }
          TargetGroups.Health h = group.get(target.id() + ":" + target.port());
          String s = h == null ? "unused" : h.state();
          switch (s) {
            case "healthy", "unavailable" -> { }
            case "unhealthy" -> {
              healthy = false;
              unhealthy.putIfAbsent(taskId, new Unhealthy(taskId, target,
                  h.description() != null ? h.description() : h.reason() != null ? h.reason() : "Health checks failed"));
            }
            case "initial" -> healthy = false;
            default -> missing = true; // draining, unused: no longer registered
          }
        }
        if (missing) {
          registered.remove(taskId); // registered again below if its task still runs
        } else {
          registered.put(taskId, e.getValue().asHealthy(healthy));
        }
      }
    }

    /**
     * Carries out the plan's stops of registered tasks: deregisters them from every target group,
     * then marks them DEACTIVATING until the longest deregistration delay of their groups has
     * passed. Returns the stops done; a stop whose deregistration failed is left to the next pass.
     */
    public List<String> deactivate(List<ServicePlan.TaskStop> stops) {
      Map<String, List<Target>> byGroup = new LinkedHashMap<>();
      List<ServicePlan.TaskStop> mine = stops.stream().filter(s -> registered.containsKey(s.taskId())).toList();
      for (ServicePlan.TaskStop stop : mine) {
        registered.get(stop.taskId()).targets()
            .forEach(t -> byGroup.computeIfAbsent(t.targetGroupArn(), k -> new ArrayList<>()).add(t));
      }
      Map<String, Integer> delays = new HashMap<>();
      Set<String> failed = eachGroup(byGroup, (group, targets) -> {
        delays.put(group, elb.deregistrationDelaySeconds(group));
        elb.deregister(group, targets);
      }, ServiceEvents::deregisteredTargets);
      List<String> done = new ArrayList<>();
      Map<String, Integer> drainingByDeployment = new LinkedHashMap<>();
      for (ServicePlan.TaskStop stop : mine) {
        List<Target> targets = registered.get(stop.taskId()).targets();
        if (targets.stream().anyMatch(t -> failed.contains(t.targetGroupArn()))) {
          settled = false;
          continue;
        }
        int delay = targets.stream().mapToInt(t -> delays.getOrDefault(t.targetGroupArn(), 0)).max().orElse(0);
        Instant drained = now.plusSeconds(delay);
        Task written = Retry.onConflict(() -> tasks.get(state.service().cluster(), stop.taskId())
            .filter(t -> !t.stopped())
            .map(t -> {
              Task next = t.deactivating(stop.stopCode(), stop.reason(), drained);
              tasks.replace(next, t.version());
              return next;
            }).orElse(null));
        registered.remove(stop.taskId());
        done.add(stop.taskId());
        if (written != null) {
          dueBy(drained);
          drainingByDeployment.merge(written.startedBy() == null ? "" : written.startedBy(), 1, Integer::sum);
        }
      }
      drainingByDeployment.forEach((deployment, count) -> events.add(dev.berth.scheduler.service.ServiceEvents
          .beganDraining(state.service().name(), deployment, count)));
      return done;
    }

    /**
     * After the plan's stops and launches: drains that ended, repair, and new registrations (of
     * tasks other than {@code stopped}, those the plan just told to stop); then the records brought
     * up to date. False if the service's lease was lost on the way (nothing more is registered then,
     * and the pass must not save).
     */
    public boolean finish(Set<String> stopped) {
      if (!active()) {
        return true;
      }
      handOverDrained();
      deregisterGone();
      if (state.service().loadBalanced() && !registerRunning(stopped)) {
        return false;
      }
      if (registered.values().stream().anyMatch(t -> !t.healthy())) {
        dueBy(now.plus(HEALTH_RECHECK));
      }
      return record();
    }

    /**
     * Brings the records to what this pass ended with: health changes written, the targets it
     * deregistered (or found gone from their groups) forgotten, after their calls.
     */
    private boolean record() {
      Map<String, TaskTargets> changed = new HashMap<>();
      registered.forEach((taskId, t) -> {
        if (!t.equals(recorded.get(taskId))) {
          changed.put(taskId, t);
        }
      });
      Set<String> gone = new TreeSet<>(recorded.keySet());
      gone.removeAll(registered.keySet());
      String cluster = state.service().cluster();
      String name = state.service().name();
      if (!services.recordTargets(cluster, name, owner, lease, changed)) {
        return false;
      }
      recorded.putAll(changed);
      boolean forgotten = gone.isEmpty() || services.forgetTargets(cluster, name, lease, gone);
      gone.forEach(recorded::remove);
      return forgotten;
    }

    private void handOverDrained() {
      for (Task t : found.values()) {
        if (t.status() == TaskStatus.DEACTIVATING) {
          Instant drained = t.stoppingAt();
          if (drained == null || !now.isBefore(drained)) {
            Retry.onConflict(() -> {
              tasks.get(t.cluster(), t.id()).filter(x -> x.status() == TaskStatus.DEACTIVATING)
                  .ifPresent(x -> tasks.replace(x.stopping(now), x.version()));
              return null;
            });
            settled = false; // the agent's STOPPED report wakes the service again
          } else {
            dueBy(drained);
          }
        } else if (t.status() == TaskStatus.STOPPING) {
          settled = false;
        }
      }
    }

    /** What an event says of {@code count} targets in a group. */
    private interface GroupEvent {
      String message(String service, int count, String targetGroupArn);
    }

    /**
     * One ELBv2 call per target group, each followed by its event; returns the groups whose call
     * failed (their work is left to the next pass).
     */
    private Set<String> eachGroup(Map<String, List<Target>> byGroup,
        java.util.function.BiConsumer<String, List<Target>> call, GroupEvent event) {
      Set<String> failed = new TreeSet<>();
      for (var group : byGroup.entrySet()) {
        if (!fresh.getAsBoolean()) {
          failed.add(group.getKey()); // the lease may be another pass's by now: the next pass does it
          continue;
        }
        try {
          call.accept(group.getKey(), group.getValue());
          events.add(event.message(state.service().name(), group.getValue().size(), group.getKey()));
        } catch (TargetGroups.Failure e) {
          LOG.warning("service " + state.service().name() + ": " + e.getMessage());
          failed.add(group.getKey());
        }
      }
      return failed;
    }

    /** Targets whose task stopped, was told to stop outside the scheduler, or is gone altogether. */
    private void deregisterGone() {
      Map<String, List<Target>> byGroup = new LinkedHashMap<>();
      List<String> gone = new ArrayList<>();
      for (var e : registered.entrySet()) {
        Task t = found.get(e.getKey());
        if (t == null || t.stopped() || TaskStatus.STOPPED.name().equals(t.desiredStatus())) {
          gone.add(e.getKey());
          e.getValue().targets().forEach(x -> byGroup.computeIfAbsent(x.targetGroupArn(), k -> new ArrayList<>()).add(x));
        }
      }
      Set<String> failed = eachGroup(byGroup, elb::deregister, ServiceEvents::deregisteredTargets);
      for (String taskId : gone) {
        if (registered.get(taskId).targets().stream().anyMatch(x -> failed.contains(x.targetGroupArn()))) {
          dueBy(now.plus(HEALTH_RECHECK));
        } else {
          registered.remove(taskId);
        }
      }
    }

    /** Records, then registers, the tasks ready to join their groups; false if the lease was lost. */
    private boolean registerRunning(Set<String> stopped) {
      Map<String, List<Target>> byGroup = new LinkedHashMap<>();
      Map<String, TaskTargets> byTask = new LinkedHashMap<>();
      for (Task t : found.values()) {
        if (registered.containsKey(t.id()) || stopped.contains(t.id()) || t.status() != TaskStatus.RUNNING
            || !TaskStatus.RUNNING.name().equals(t.desiredStatus())) {
          continue;
        }
        if (t.healthStatus() != null && !ServiceTask.HEALTHY.equals(t.healthStatus())) {
          settled = false; // registered once its container health checks pass; a health report wakes the service
          continue;
        }
        List<Target> targets = targets(t);
        if (targets == null) {
          dueBy(now.plus(HEALTH_RECHECK));
          continue;
        }
        byTask.put(t.id(), new TaskTargets(targets, false));
        targets.forEach(x -> byGroup.computeIfAbsent(x.targetGroupArn(), k -> new ArrayList<>()).add(x));
      }
      if (!services.recordTargets(state.service().cluster(), state.service().name(), owner, lease, byTask)) {
        return false; // a newer holder has the service: it registers what it finds unregistered
      }
      recorded.putAll(byTask);
      Set<String> failed = eachGroup(byGroup, elb::register, ServiceEvents::registeredTargets);
      byTask.forEach((taskId, t) -> {
        // One whose call failed in a group stays recorded (it may have joined the others): the next
        // pass finds it missing there, and registers it again or deregisters it.
        registered.put(taskId, t);
        if (t.targets().stream().anyMatch(x -> failed.contains(x.targetGroupArn()))) {
          dueBy(now.plus(HEALTH_RECHECK));
        }
      });
      return true;
    }

    /**
     * The task's target in each of the service's groups: its instance's EC2 id and the host port its
     * agent reported for the container port. Null while either is unknown.
     */
    private List<Target> targets(Task task) {
      ContainerInstance instance = instances.get(task.containerInstanceId());
      if (instance == null || instance.ec2InstanceId() == null) {
        LOG.warning("task " + task.id() + ": its container instance has no EC2 instance id, so it can not be "
            + "registered with a load balancer");
        return null;
      }
      List<Target> out = new ArrayList<>();
      for (LoadBalancer lb : state.service().loadBalancers()) {
        Integer port = hostPort(task, lb);
        if (port == null) {
          return null;
        }
        out.add(new Target(lb.targetGroupArn(), instance.ec2InstanceId(), port));
      }
      return out;
    }

    private static Integer hostPort(Task task, LoadBalancer lb) {
      for (Container c : task.containers()) {
        if (c.name().equals(lb.containerName())) {
          for (NetworkBinding b : c.networkBindings()) {
            if (b.containerPort() != null && b.containerPort() == lb.containerPort() && b.hostPort() != null
                && (b.protocol() == null || "tcp".equals(b.protocol()))) {
              return b.hostPort();
            }
          }
        }
      }
      return null;
    }
  }
}
