package dev.berth.core.store.memory;

import dev.berth.core.store.TargetGroups;
import dev.berth.model.service.Target;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Target groups in memory, behaving as ELBv2 does for the calls the scheduler makes: a registered
 * target starts {@code initial} until someone (the simulation's load balancer) sets its health; a
 * deregistered one is {@code draining} for the group's deregistration delay and then gone;
 * deregistering an unknown target is no error. Groups are defined up front with {@link #define}.
 */
public final class InMemoryTargetGroups implements TargetGroups {
  private static final String NAME = "TargetGroups";

  private record Group(Info info, int delaySeconds, Map<String, Registered> targets) {}

  private record Registered(String id, int port, String state, String reason, Instant drainedAt) {}

  private final Clock clock;
  private final StoreHooks hooks;
  private final Map<String, Group> groups = new LinkedHashMap<>();

  public InMemoryTargetGroups(Clock clock, StoreHooks hooks) {
    this.clock = clock;
    this.hooks = hooks;
  }

  /** Creates a target group (CreateTargetGroup) with its deregistration delay. */
  public synchronized void define(Info info, int deregistrationDelaySeconds) {
    groups.put(info.arn(), new Group(info, deregistrationDelaySeconds, new LinkedHashMap<>()));
  }

  /** Sets a registered target's health, as the load balancer's checks would; false if it is not registered. */
  public synchronized boolean setHealth(String arn, String id, int port, String state, String reason) {
    Group g = groups.get(arn);
    Registered r = g == null ? null : g.targets().get(key(id, port));
    if (r == null || r.drainedAt() != null) {
      return false;
    }
    g.targets().put(key(id, port), new Registered(id, port, state, reason, null));
    return true;
  }

  @Override
  public synchronized Map<String, Info> describe(Collection<String> arns) {
    hooks.read(NAME, "describe", arns.size());
    Map<String, Info> found = new LinkedHashMap<>();
    arns.forEach(arn -> {
      Group g = groups.get(arn);
      if (g != null) {
        found.put(arn, g.info());
      }
    });
    return found;
  }

  @Override
  public synchronized int deregistrationDelaySeconds(String arn) {
    hooks.read(NAME, "deregistrationDelaySeconds", 1);
    return group(arn, "DescribeTargetGroupAttributes").delaySeconds();
  }

  @Override
  public void register(String arn, List<Target> targets) {
    if (targets.isEmpty()) {
      return;
    }
    hooks.beforeWrite(NAME, "register");
    synchronized (this) {
      Group g = group(arn, "RegisterTargets");
      for (Target t : targets) {
        Registered r = g.targets().get(key(t.id(), t.port()));
        if (r == null || r.drainedAt() != null) {
          g.targets().put(key(t.id(), t.port()), new Registered(t.id(), t.port(), "initial",
              "Elb.RegistrationInProgress", null));
        }
      }
    }
    hooks.afterWrite(NAME, "register");
  }

  @Override
  public void deregister(String arn, List<Target> targets) {
    if (targets.isEmpty()) {
      return;
    }
    hooks.beforeWrite(NAME, "deregister");
    synchronized (this) {
      Group g = groups.get(arn);
      if (g != null) {
        Instant drained = clock.instant().plusSeconds(g.delaySeconds());
        for (Target t : targets) {
          Registered r = g.targets().get(key(t.id(), t.port()));
          if (r != null && r.drainedAt() == null) {
            g.targets().put(key(t.id(), t.port()), new Registered(t.id(), t.port(), "draining",
                "Target.DeregistrationInProgress", drained));
          }
        }
      }
    }
    hooks.afterWrite(NAME, "deregister");
  }

  @Override
  public synchronized List<Health> health(String arn) {
    Group g = group(arn, "DescribeTargetHealth");
    Instant now = clock.instant();
    g.targets().values().removeIf(r -> r.drainedAt() != null && !now.isBefore(r.drainedAt()));
    List<Health> out = new ArrayList<>();
    g.targets().values().forEach(r -> out.add(new Health(r.id(), r.port(), r.state(), r.reason(), null)));
    hooks.read(NAME, "health", out.size());
    return out;
  }

  private Group group(String arn, String call) {
    Group g = groups.get(arn);
    if (g == null) {
      throw new Failure(call + " failed: target group " + arn + " not found", null);
    }
    return g;
  }

  private static String key(String id, int port) {
    return id + ":" + port;
  }
}
