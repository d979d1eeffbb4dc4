package dev.berth.core.tasks;

import static dev.berth.core.store.contract.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.core.ledger.LedgerAudit;
import dev.berth.core.store.contract.Fixtures;
import dev.berth.core.store.contract.ManualClock;
import dev.berth.core.store.memory.InMemoryStores;
import dev.berth.core.testing.InMemoryCore;
import dev.berth.model.Cluster;
import dev.berth.model.ContainerDefinition;
import dev.berth.model.TaskDefinition;
import dev.berth.model.TaskOverride;
import dev.berth.model.service.TaskTagging;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * RunTask from many threads at once on the in-memory ledger, as RunTaskConcurrencyIT does on the
 * emulator: every reservation is one atomic conditional write, so exactly what fits is placed and
 * the ledger ends without drift.
 */
class ConcurrentRunTaskTest {
  private static final String CLUSTER = "c";

  @Test
  void concurrentPlacementsPlaceExactlyWhatFitsAndLeaveNoDrift() throws Exception {
    var clock = new ManualClock(T0);
    var stores = new InMemoryStores(clock);
    stores.clusters.put(new Cluster(CLUSTER, Cluster.ACTIVE, T0, 1, List.of(), List.of()), 0);
    for (String id : List.of("a", "b", "c")) {
      stores.containerInstances.put(Fixtures.instance(CLUSTER, id, 1024, 4096, Set.of(), List.of()), 0);
    }
    stores.taskDefinitions.create(new TaskDefinition("web", 1, TaskDefinition.ACTIVE, "bridge", null, null,
        List.of(new ContainerDefinition("app", "nginx", 256, 128, null, true, null, null, null, null, null)), null, T0,
        null, "{}", List.of()));
    var launcher = InMemoryCore.over(stores, clock).launcher();
    var request = new LaunchRequest(CLUSTER, "web", 1, null, null, TaskOverride.NONE, null, List.of(), null, null,
        null, "{}", TaskTagging.DEFAULT);

    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<LaunchResult>> results = new ArrayList<>();
    try {
      List<Callable<LaunchResult>> calls = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        calls.add(() -> launcher.runTask(request));
      }
      results.addAll(pool.invokeAll(calls));
    } finally {
      pool.shutdown();
    }
    int placed = 0;
    for (Future<LaunchResult> r : results) {
      placed += r.get().tasks().size();
    }
    assertEquals(12, placed, "3 instances of 1024 CPU hold 12 tasks of 256");
    assertEquals(12, stores.tasks.inCluster(CLUSTER).size());
    stores.containerInstances.inCluster(CLUSTER).forEach(ci -> assertEquals(0, ci.remainingCpu(), ci.id()));
    assertEquals(List.of(), new LedgerAudit(stores.containerInstances, stores.tasks, clock).check(CLUSTER));
  }
}
