package dev.berth.scheduler;

import dev.berth.model.PlacementStrategy;
import java.util.ArrayList;
import java.util.List;

/**
 * A placement strategy, parsed once from ECS's {@code {type, field}} by {@link #parse}: the only
 * place that knows which strategies exist. The model keeps the {@link PlacementStrategy} record, the
 * form requests give and services store; {@link #toModel} turns a parsed value back into it.
 */
public sealed interface Strategy permits Strategy.Random, Strategy.Binpack, Strategy.Spread {
  /** How many strategies one request may give. */
  int MAX = 5;

  Random RANDOM = new Random();

  PlacementStrategy toModel();

  /** Places at random among the instances that fit; ends a scale-in order. */
  record Random() implements Strategy {
    @Override
    public PlacementStrategy toModel() {
      return new PlacementStrategy("random", null);
    }
  }

  /** Favours the instance with the least of {@code field} left. */
  record Binpack(Field field) implements Strategy {
    public enum Field { CPU, MEMORY }

    public Binpack {
      java.util.Objects.requireNonNull(field, "field");
    }

    @Override
    public PlacementStrategy toModel() {
      return new PlacementStrategy("binpack", field == Field.CPU ? "cpu" : "memory");
    }
  }

  /**
   * Favours the instances, or the values of an attribute, running the fewest of the group's tasks.
   * {@code field} is {@code instanceId}, {@code host} (the same) or {@code attribute:<name>}.
   */
  record Spread(String field) implements Strategy {
    private static final String ATTRIBUTE = "attribute:";

    public Spread {
      if (field == null || !(field.equals("instanceId") || field.equals("host")
          || field.startsWith(ATTRIBUTE) && field.length() > ATTRIBUTE.length())) {
        throw new InvalidPlacementException(
            "The spread placement strategy's field must be instanceId, host or attribute:<name>.");
      }
    }

    /** Spread over instances rather than over an attribute's values. */
    public boolean byInstance() {
      return !field.startsWith(ATTRIBUTE);
    }

    /** The attribute spread over; null when spreading over instances. */
    public String attribute() {
      return byInstance() ? null : field.substring(ATTRIBUTE.length());
    }

    @Override
    public PlacementStrategy toModel() {
      return new PlacementStrategy("spread", field);
    }
  }

  /** The strategy ECS's {@code {type, field}} names, or InvalidPlacementException with ECS's message. */
  static Strategy parse(PlacementStrategy given) {
    String field = given.field();
    switch (given.type() == null ? "" : given.type()) {
      case "random" -> {
        if (field != null) {
          throw new InvalidPlacementException("The random placement strategy takes no field.");
        }
        return RANDOM;
      }
      case "binpack" -> {
        if ("cpu".equals(field)) {
          return new Binpack(Binpack.Field.CPU);
        }
        if ("memory".equals(field)) {
          return new Binpack(Binpack.Field.MEMORY);
        }
        throw new InvalidPlacementException("The binpack placement strategy's field must be cpu or memory.");
      }
      case "spread" -> {
        return new Spread(field);
      }
      default -> throw new InvalidPlacementException("Invalid placement strategy type: " + given.type());
    }
  }

  /** A request's or a service's strategies (null: none), at most {@link #MAX}, each parsed. */
  static List<Strategy> parseAll(List<PlacementStrategy> given) {
    if (given == null) {
      return List.of();
    }
    if (given.size() > MAX) {
      throw new InvalidPlacementException("At most " + MAX + " placement strategies can be given.");
    }
    List<Strategy> out = new ArrayList<>(given.size());
    given.forEach(s -> out.add(parse(s)));
    return List.copyOf(out);
  }

  /** The stored form of parsed strategies. */
  static List<PlacementStrategy> toModel(List<Strategy> strategies) {
    return strategies.stream().map(Strategy::toModel).toList();
  }
}
