package dev.berth.core.tasks;

import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.model.ContainerInstance;
import dev.berth.model.Resources;
import dev.berth.scheduler.PlacementEngine;
import dev.berth.scheduler.PlacementRequest;
import dev.berth.scheduler.PlacementSession;
import java.time.Clock;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * The ledger commit of one placement (the first write in {@link dev.berth.core.ledger.Ledger}'s
 * rule; {@link TaskCommit} makes the second): choose an instance from the caller's view, reserve on
 * it with one conditional UpdateItem, and when the condition is refused (the instance changed since
 * the view was read) refresh that one instance from the refusal's answer and choose again, a
 * bounded number of times. The caller's view is kept current with every answer, and so is this
 * process's reading of the cluster ({@link ClusterViews}).
 */
@Singleton
public final class LedgerPlacer {
  /** Placement attempts per task before giving up on it. */
  public static final int ATTEMPTS_PER_TASK = 16;

  private final PlacementEngine engine;
  private final ContainerInstanceStore instances;
  private final Clock clock;
  private final ClusterViews views;

  @Inject
  public LedgerPlacer(PlacementEngine engine, ContainerInstanceStore instances, Clock clock, ClusterViews views) {
    this.engine = engine;
    this.instances = instances;
    this.clock = clock;
    this.views = views;
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

  /**
   * Places one task of the session's request; the session (the caller's view of the cluster) is
   * updated with every answer, so the next task of the same call sees this one.
   */
  public Outcome place(String cluster, String taskId, PlacementRequest request, PlacementSession session,
      RandomGenerator random) {
    int conflicts = 0;
    for (int attempt = 0; attempt < ATTEMPTS_PER_TASK; attempt++) {
      PlacementEngine.Decision decision = session.place(random);
      if (decision.chosen() == null) {
        return new Outcome(null, decision.rejections(), decision.constraintFailure(), conflicts);
      }
      ContainerInstance chosen = decision.chosen();
      var result = instances.reserve(chosen, taskId, withGpus(request.need(), chosen), request.group(),
          clock.instant());
      if (result.reserved()) {
        ContainerInstance after = result.instance().orElseThrow();
        session.update(after);
        views.saw(after);
        return new Outcome(after, List.of(), null, conflicts);
      }
      // Refused: this instance changed under us. Refresh it from the answer and choose again.
      conflicts++;
      result.instance().ifPresentOrElse(session::update, () -> session.remove(chosen.id()));
      result.instance().ifPresent(views::saw);
    }
    return new Outcome(null, List.of(), null, conflicts);
  }

  /**
   * The task's requirement with the GPU ids it will hold on this instance: the lowest free ids in
   * the caller's view. The reservation's condition refuses any id taken since, and the refusal's
   * answer refreshes the view, as for ports.
   */
  static Resources withGpus(Resources need, ContainerInstance instance) {
    if (need.gpus() == 0) {
      return need;
    }
    return need.withGpuIds(instance.freeGpus().stream().limit(need.gpus()).collect(Collectors.toSet()));
  }
}
