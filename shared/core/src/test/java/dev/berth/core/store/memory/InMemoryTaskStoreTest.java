package dev.berth.core.store.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.store.TaskStore;
import dev.berth.core.store.contract.Fixtures;
import dev.berth.core.store.contract.ManualClock;
import dev.berth.core.store.contract.TaskStoreContract;
import dev.berth.model.Task;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryTaskStoreTest extends TaskStoreContract {
  @Override
  protected TaskStore newStore(Clock clock) {
    return new InMemoryTaskStore(clock, StoreHooks.NONE);
  }

  @Test
  void stoppedTasksAndTombstonesExpireAnHourOnAsDynamoDbsTtlDeletesThem() {
    var store = new InMemoryTaskStore(new ManualClock(Fixtures.T0), StoreHooks.NONE);
    Task running = Fixtures.task("c", "running", "ci-1", 1);
    Task done = Fixtures.task("c", "done", "ci-1", 1);
    store.create(running);
    store.create(done);
    store.replace(Fixtures.stopped(done, Fixtures.T0), 1);
    store.createTombstone("c", "orphan", "ci-1", Fixtures.T0);

    assertEquals(0, store.expire(Fixtures.T0.plus(InMemoryTaskStore.STOPPED_TASK_RETENTION)));
    assertEquals(2, store.expire(Fixtures.T0.plus(InMemoryTaskStore.STOPPED_TASK_RETENTION).plus(Duration.ofSeconds(1))));
    assertEquals(List.of("running"), store.inCluster("c").stream().map(Task::id).toList());
    assertEquals(List.of("running"), store.listByContainerInstance("ci-1").stream().map(Task::id).toList());
    assertTrue(store.createTombstone("c", "orphan", "ci-1", Fixtures.T0), "the id is free again");
  }
}
