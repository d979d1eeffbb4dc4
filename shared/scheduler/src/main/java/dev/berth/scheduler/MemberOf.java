package dev.berth.scheduler;

import dev.berth.model.Attribute;
import dev.berth.model.ContainerInstance;
import dev.berth.model.PlacementConstraint;
import dev.berth.scheduler.query.Expression;
import dev.berth.scheduler.query.QueryParser;
import dev.berth.scheduler.query.Subject;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code memberOf} constraint: only instances the cluster query expression matches. The same
 * adapter serves ListContainerInstances' {@code filter}.
 */
public final class MemberOf implements Constraint {
  private final String source;
  private final Expression expression;

  /** Compiles the expression (an unparsable one fails with the query parser's error). */
  public MemberOf(String expression) {
    if (expression == null || expression.isBlank()) {
      throw new InvalidPlacementException("A memberOf constraint needs an expression.");
    }
    this.source = expression;
    this.expression = QueryParser.parse(expression);
  }

  /** Whether the expression matches the instance. */
  public static boolean matches(Expression expression, ContainerInstance instance) {
    return expression.matches(subject(instance));
  }

  @Override
  public boolean allows(ContainerInstance instance, String group) {
    return matches(expression, instance);
  }

  @Override
  public String unsatisfied() {
    return "MemberOf placement constraint unsatisfied.";
  }

  @Override
  public PlacementConstraint toModel() {
    return new PlacementConstraint("memberOf", source);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MemberOf other && other.source.equals(source);
  }

  @Override
  public int hashCode() {
    return source.hashCode();
  }

  @Override
  public String toString() {
    return "memberOf(" + expression + ")";
  }

  /** The instance as the query language sees it; live tasks are those holding a reservation. */
  public static Subject subject(ContainerInstance instance) {
    return new Subject() {
      @Override
      public String attribute(String name) {
        for (Attribute a : instance.attributes()) {
          if (a.name().equals(name)) {
            return a.value() == null ? "" : a.value();
          }
        }
        return null;
      }

      @Override
      public String ec2InstanceId() {
        return instance.ec2InstanceId();
      }

      @Override
      public boolean agentConnected() {
        return instance.agentConnected();
      }

      @Override
      public String agentVersion() {
        return instance.versionInfo() == null ? null : instance.versionInfo().agentVersion();
      }

      @Override
      public Instant registeredAt() {
        return instance.registeredAt();
      }

      @Override
      public int runningTasksCount() {
        return instance.reservations().size();
      }

      @Override
      public Set<String> taskGroups() {
        return instance.taskGroups().collect(Collectors.toSet());
      }
    };
  }
}
