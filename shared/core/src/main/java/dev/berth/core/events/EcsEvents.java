package dev.berth.core.events;

import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.core.store.EventBus;
import dev.berth.core.store.Pending;
import dev.berth.core.store.ServiceStore;
import dev.berth.core.store.TaskStore;
import dev.berth.model.Arns;
import dev.berth.model.ContainerInstance;
import dev.berth.model.Task;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * Sends ECS's task and container-instance state-change events, at least once. Every write of a task
 * or instance item marks it pending in the same conditional write (see the stores); after the write
 * the writer calls {@link #taskChanged} or {@link #instanceChanged}, which reads the item, puts its
 * event on the bus and removes the mark only if the item is still at the version it sent. A crash, a
 * refused PutEvents or a timeout in between leaves the mark; {@link #redrive} (the sweep, each
 * minute per cluster) sends what is still marked after {@link #REDRIVE_AFTER}. A re-sent event
 * carries the same {@code detail.version} as the lost or duplicated one, so consumers drop it as
 * ECS's consumers do. When a newer write lands before a pending event went out, the event sent is
 * the newer state's (the mark is per item): a consumer following versions would drop the older
 * one anyway, and ECS itself promises neither order nor every intermediate state.
 */
@Singleton
public final class EcsEvents {
  /** How long a mark may stay before the sweep re-sends it (its writer is normally done in milliseconds). */
  public static final Duration REDRIVE_AFTER = Duration.ofSeconds(30);

  /** How far back a service's first send looks (its creation, and what the pass after it logged). */
  static final Duration FIRST_LOOK = Duration.ofMinutes(5);

  private static final Logger LOG = Logger.getLogger(EcsEvents.class.getName());

  private final TaskStore tasks;
  private final ContainerInstanceStore instances;
  private final EventBus bus;
  private final EventDetails details;
  private final Arns arns;
  private final Clock clock;
  private final ServiceStore services;

  @Inject
  public EcsEvents(TaskStore tasks, ContainerInstanceStore instances, ServiceStore services, EventBus bus,
      EventDetails details, Arns arns, Clock clock) {
    this.services = services;
    this.tasks = tasks;
    this.instances = instances;
    this.bus = bus;
    this.details = details;
    this.arns = arns;
    this.clock = clock;
  }

  /** After a write of the task: sends its event unless someone already did. Never throws. */
  public void taskChanged(String cluster, String taskId) {
    try {
      tasks.pendingEvent(cluster, taskId).ifPresent(this::send);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "event of task " + cluster + "/" + taskId + " left for the sweep", e);
    }
  }

  /** After a write of the instance item: sends its event unless someone already did. Never throws. */
  public void instanceChanged(String cluster, String instanceId) {
    try {
      instances.pendingEvent(cluster, instanceId).ifPresent(this::sendInstance);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "event of container instance " + cluster + "/" + instanceId + " left for the sweep", e);
    }
  }

  /**
   * After a save of the service: sends the Service Action and Deployment State Change events of what
   * its log and deployments gained since the last send. Never throws. (The services function only
   * marks; the pass its change causes, or the sweep, sends.)
   */
  public void serviceChanged(String cluster, String name) {
    try {
      services.pendingEvents(cluster, name).ifPresent(this::sendService);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "events of service " + cluster + "/" + name + " left for the sweep", e);
    }
  }

  /** Events of a service are not versioned: a re-send repeats the same entries, which consumers match. */
  private void sendService(ServiceStore.PendingEvents pending) {
    // a service never sent before: what its log gained around the change that marked it
    Instant since = pending.sentThrough() != null ? pending.sentThrough() : pending.changedAt().minus(FIRST_LOOK);
    List<EventBus.Event> batch = ServiceActions.since(pending.state(), since, arns).stream()
        .map(n -> new EventBus.Event(n.detailType(), n.serviceArn(), details.service(n), n.at())).toList();
    if (!batch.isEmpty()) {
      bus.put(batch);
    }
    var service = pending.state().service();
    services.eventsSent(service.cluster(), service.name(), pending.version(), ServiceActions.newest(pending.state(), since));
  }

  /** The sweep's part: re-sends the events a crash or a failed PutEvents left pending; returns how many. */
  public int redrive(String cluster) {
    var before = clock.instant().minus(REDRIVE_AFTER);
    int sent = 0;
    for (String id : instances.pendingEventsBefore(cluster, before)) {
      Optional<Pending<ContainerInstance>> pending = instances.pendingEvent(cluster, id);
      if (pending.isPresent()) {
        sendInstance(pending.get());
        sent++;
      }
    }
    for (String name : services.pendingEventsBefore(cluster, before)) {
      var pending = services.pendingEvents(cluster, name);
      if (pending.isPresent()) {
        sendService(pending.get());
        sent++;
      }
    }
    for (String id : tasks.pendingEventsBefore(cluster, before)) {
      Optional<Pending<Task>> pending = tasks.pendingEvent(cluster, id);
      if (pending.isPresent()) {
        send(pending.get());
        sent++;
      }
    }
    return sent;
  }

  private void send(Pending<Task> pending) {
    Task t = pending.value();
    bus.put(List.of(new EventBus.Event(EventDetails.TASK_STATE_CHANGE, arns.task(t.cluster(), t.id()),
        details.task(t, pending.changedAt()), pending.changedAt())));
    tasks.clearPendingEvent(t.cluster(), t.id(), t.version());
  }

  private void sendInstance(Pending<ContainerInstance> pending) {
    ContainerInstance ci = pending.value();
    bus.put(List.of(new EventBus.Event(EventDetails.CONTAINER_INSTANCE_STATE_CHANGE,
        arns.containerInstance(ci.cluster(), ci.id()), details.containerInstance(ci, pending.changedAt()),
        pending.changedAt())));
    instances.clearPendingEvent(ci.cluster(), ci.id(), ci.version());
  }
}
