package dev.berth.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.store.ServiceStore;
import dev.berth.core.store.ServiceStore.Saved;
import dev.berth.core.store.contract.Fixtures;
import dev.berth.core.store.contract.ServiceStoreContract;
import dev.berth.model.service.ServiceState;
import dev.berth.store.testing.Emulator;
import dev.berth.store.testing.FreshTables;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The ServiceStore contract, on DynamoDB (the emulator), in tables of its own; and what only
 * DynamoDB has: service items written before the task ids and targets moved out of them.
 */
class DynamoServiceStoreContractIT extends ServiceStoreContract {
  @RegisterExtension
  static final FreshTables TABLES = new FreshTables("service-contract");

  @Override
  protected ServiceStore newStore(java.time.Clock clock) {
    return new DynamoServiceStore(Emulator.dynamo(), TABLES.config(), clock);
  }

  /** The item as the store wrote it, straight from the table. */
  private Map<String, AttributeValue> rawItem(String name) {
    return Emulator.dynamo().getItem(b -> b.tableName(TABLES.config().servicesTable()).consistentRead(true)
        .key(Map.of("cluster", Items.s(cluster), "name", Items.s(name)))).item();
  }

  @Test
  void anItemOfTheOldShapeHasItsTaskIdsAndTargetsMovedOutByTheFirstHolder() {
    ServiceState state = Fixtures.service(cluster, "web", 1);
    var item = ServiceItems.stateAttributes(state);
    item.put("cluster", Items.s(cluster));
    item.put("name", Items.s("web"));
    item.put("version", Items.n(1));
    item.put(ServiceItems.WAKEUPS, Items.n(1));
    item.put(ServiceItems.TASK_IDS, Items.ss(Set.of("t1", "t2")));
    item.put(ServiceItems.TARGETS, ServiceItems.legacyTargetsValue(
        Map.of("t1", targets("i-1", 32768, true), "t2", targets("i-2", 32769, true))));
    Emulator.dynamo().putItem(b -> b.tableName(TABLES.config().servicesTable()).item(item));

    assertEquals(Map.of(), store.get(cluster, "web").orElseThrow().targets(), "the API's read leaves them out");
    var first = acquire("web", "pass-1");
    assertEquals(Set.of("t1", "t2"), first.state().taskIds());
    assertEquals(Map.of("t1", targets("i-1", 32768, true), "t2", targets("i-2", 32769, true)),
        first.state().targets());

    // The holder sees t2 turn unhealthy, then dies before its save: the item keeps its old targets.
    assertTrue(store.recordTargets(cluster, "web", "pass-1", first.lease(), Map.of("t2", targets("i-2", 32769, false))));
    clock.advance(LEASE.plusMillis(1));
    var second = acquire("web", "pass-2");
    assertEquals(targets("i-2", 32769, false), second.state().targets().get("t2"),
        "moved again, but only where no record is: the newer one stays");

    assertEquals(Saved.RELEASED, store.save(second.state(), "pass-2", second.wakeups(), null));
    var saved = rawItem("web");
    assertFalse(saved.containsKey(ServiceItems.TARGETS), "the save takes them off the item");
    assertFalse(saved.containsKey(ServiceItems.TASK_IDS));
    var third = acquire("web", "pass-3");
    assertEquals(Set.of("t1", "t2"), third.state().taskIds());
    assertEquals(Map.of("t1", targets("i-1", 32768, true), "t2", targets("i-2", 32769, false)),
        third.state().targets());
  }
}
