package dev.berth.core.tasks;

import dev.berth.model.ContainerInstance;
import dev.berth.scheduler.PlacementRequest;
import dev.berth.scheduler.PlacementEngine;
import dev.berth.store.ContainerInstanceStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * The ledger commit of one placement: choose an instance from the caller's view, reserve on it
 * with one conditional UpdateItem, and when the condition is refused (the instance changed since
 * the view was read) refresh that one instance from the refusal's answer and choose again, a
 * bounded number of times. The caller's view is kept current with every answer.
 */
@Singleton
public final class LedgerPlacer {
  /** Placement attempts per task before giving up on it. */
  public static final int ATTEMPTS_PER_TASK = 16;

  private final PlacementEngine engine;
  private final ContainerInstanceStore instances;
  private final Clock clock;

  @Inject
  public LedgerPlacer(PlacementEngine engine, ContainerInstanceStore instances, Clock clock) {
    this.engine = engine;
    this.instances = instances;
    this.clock = clock;
  }

  /**
   * The outcome: the instance as it stands after the reservation (null if none was made), the
   * rejections of the last decision when nothing fit, and how many reservations were refused on the
   * way (conflicts with concurrent placements).
   */
  public record Outcome(ContainerInstance placedOn, List<PlacementEngine.Rejection> rejections,
      String constraintFailure, int conflicts) {
    public boolean placed() {
      return placedOn != null;
    }
  }

  public Outcome place(String cluster, String taskId, PlacementRequest request, List<ContainerInstance> candidates,
      Map<String, ContainerInstance> view, RandomGenerator random) {
    List<ContainerInstance> current = new ArrayList<>(candidates);
    int conflicts = 0;
    for (int attempt = 0; attempt < ATTEMPTS_PER_TASK; attempt++) {
      PlacementEngine.Decision decision = engine.place(request, current, random);
      if (decision.chosen() == null) {
        return new Outcome(null, decision.rejections(), decision.constraintFailure(), conflicts);
      }
      ContainerInstance chosen = decision.chosen();
      var result = instances.reserve(chosen, taskId, request.need(), request.group(), clock.instant());
      if (result.reserved()) {
        ContainerInstance after = result.instance().orElseThrow();
        view.put(after.id(), after);
        return new Outcome(after, List.of(), null, conflicts);
      }
      conflicts++;
      current.removeIf(ci -> ci.id().equals(chosen.id()));
      result.instance().ifPresentOrElse(fresh -> {
        view.put(fresh.id(), fresh);
        current.add(fresh);
      }, () -> view.remove(chosen.id()));
    }
    return new Outcome(null, List.of(), null, conflicts);
  }
}
