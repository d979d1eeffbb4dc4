package dev.berth.agent.instance;

import dev.berth.agent.config.InstanceResources;
import dev.berth.agent.ecs.ControlPlane;
import dev.berth.agent.ecs.EcsError;
import dev.berth.agent.report.Backoff;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Registers this host as a container instance the way the ECS agent does: with its resources, the
 * {@code ecs.os-type} attribute and, on a first registration only, the custom attributes; into a
 * cluster it creates when told it does not exist; retrying failures that may pass (3 s doubling to
 * 192 s, for up to an hour) and giving up on a refusal.
 */
public final class Registrar {
  private static final Logger LOG = Logger.getLogger(Registrar.class.getName());
  static final Duration GIVE_UP_AFTER = Duration.ofHours(1);

  /** Waits between attempts (a sleep in the agent; instant in tests). */
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final ControlPlane ecs;
  private final String cluster;
  private final InstanceResources resources;
  private final Map<String, String> customAttributes;
  private final Map<String, String> capabilities;
  private final ControlPlane.VersionInfo version;
  private final Backoff backoff;
  private final Sleeper sleeper;
  private final Clock clock;

  public Registrar(ControlPlane ecs, String cluster, InstanceResources resources, Map<String, String> customAttributes,
      ControlPlane.VersionInfo version, Backoff backoff, Sleeper sleeper, Clock clock) {
    this(ecs, cluster, resources, customAttributes, Map.of(), version, backoff, sleeper, clock);
  }

  /** @param capabilities what the runtime can do, as ECS's capability attributes; sent with every registration */
  public Registrar(ControlPlane ecs, String cluster, InstanceResources resources, Map<String, String> customAttributes,
      Map<String, String> capabilities, ControlPlane.VersionInfo version, Backoff backoff, Sleeper sleeper,
      Clock clock) {
    this.capabilities = Map.copyOf(capabilities);
    this.ecs = ecs;
    this.cluster = cluster;
    this.resources = resources;
    this.customAttributes = Map.copyOf(customAttributes);
    this.version = version;
    this.backoff = backoff;
    this.sleeper = sleeper;
    this.clock = clock;
  }

  /**
   * Registers as {@code previousArn} again (a restart) or, when it is null, as a new instance;
   * returns the instance ARN (new if the previous instance is gone).
   *
   * @throws EcsError the control plane refused the registration for good
   */
  public String register(String previousArn) throws EcsError, IOException, InterruptedException {
    Instant deadline = clock.instant().plus(GIVE_UP_AFTER);
    boolean createdCluster = false;
    String arn = previousArn;
    boolean checked = previousArn == null;
    for (int attempt = 0; ; attempt++) {
      try {
        if (!checked) {
          if (!stillRegistered(arn)) {
            LOG.warning("container instance " + arn + " is no longer registered; registering as a new instance");
            arn = null;
          }
          checked = true;
        }
        return ecs.registerContainerInstance(cluster, arn, resources, attributes(arn == null), version);
      } catch (EcsError e) {
        if (e.is(EcsError.CLUSTER_NOT_FOUND) && !createdCluster) {
          LOG.info("cluster " + cluster + " does not exist; creating it");
          ecs.createCluster(cluster);
          createdCluster = true;
          continue;
        }
        if (!e.isTransient() || clock.instant().isAfter(deadline)) {
          throw e;
        }
        wait(attempt, e);
      } catch (IOException e) {
        if (clock.instant().isAfter(deadline)) {
          throw e;
        }
        wait(attempt, e);
      }
    }
  }

  /** Custom attributes go with a first registration only; ecs.os-type and the capabilities with every one. */
  private Map<String, String> attributes(boolean first) {
    Map<String, String> attributes = new LinkedHashMap<>();
    if (first) {
      attributes.putAll(customAttributes);
    }
    attributes.putAll(capabilities);
    attributes.put("ecs.os-type", "linux");
    return attributes;
  }

  /**
   * Whether the saved instance can be registered again. One that was deregistered or declared lost
   * (INACTIVE) cannot: registering as new instead also sends the custom attributes it will need.
   */
  private boolean stillRegistered(String arn) throws EcsError, IOException {
    try {
      return ecs.containerInstanceStatus(cluster, arn).filter(status -> !status.equals("INACTIVE")).isPresent();
    } catch (EcsError e) {
      if (e.is(EcsError.CLUSTER_NOT_FOUND)) {
        return false;
      }
      throw e;
    }
  }

  private void wait(int attempt, Exception cause) throws InterruptedException {
    Duration delay = backoff.delay(attempt);
    LOG.info("registration failed (" + cause + "); retrying in " + delay.toSeconds() + " s");
    sleeper.sleep(delay);
  }
}
