package dev.berth.core.store.contract;

import static dev.berth.core.store.contract.Fixtures.T0;
import static dev.berth.core.store.contract.Fixtures.definition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.store.TaskDefinitionStore;
import dev.berth.model.OptimisticLockException;
import dev.berth.model.Tag;
import dev.berth.model.TaskDefinition;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every TaskDefinitionStore does: numbered revisions, each written once, moving through their statuses. */
public abstract class TaskDefinitionStoreContract {
  private TaskDefinitionStore store;
  private String family;

  protected abstract TaskDefinitionStore newStore();

  @BeforeEach
  void setUp() {
    store = newStore();
    family = Fixtures.unique("family");
  }

  @Test
  void aRevisionNumberIsTakenOnce() {
    assertEquals(0, store.latestRevision(family));
    assertTrue(store.latestActive(family).isEmpty());
    for (int r = 1; r <= 11; r++) {
      store.create(definition(family, r));
    }
    assertEquals(11, store.latestRevision(family), "numeric, not lexical, order");
    assertThrows(OptimisticLockException.class, () -> store.create(definition(family, 2)));
    assertEquals(definition(family, 2), store.get(family, 2).orElseThrow());
    assertTrue(store.get(family, 12).isEmpty());
    assertEquals(11, store.latestActive(family).orElseThrow().revision());
  }

  @Test
  void aRevisionIsDeactivatedOnceThenDeletedOnlyFromInactive() {
    store.create(definition(family, 1));
    store.create(definition(family, 2));
    var at = T0.plusSeconds(30);
    var inactive = store.deactivate(definition(family, 2).withStatus(TaskDefinition.INACTIVE, at));
    assertEquals(TaskDefinition.INACTIVE, inactive.status());
    assertEquals(at, inactive.deregisteredAt());
    assertEquals(1, store.latestActive(family).orElseThrow().revision(), "the newest ACTIVE one");
    assertEquals(2, store.latestRevision(family), "its number stays used");
    var again = store.deactivate(definition(family, 2).withStatus(TaskDefinition.INACTIVE, at.plusSeconds(9)));
    assertEquals(inactive, again, "deregistering twice changes nothing");

    assertEquals(TaskDefinition.ACTIVE, store.markDeleteInProgress(definition(family, 1)).status(),
        "an ACTIVE revision is not deleted");
    assertEquals(TaskDefinition.DELETE_IN_PROGRESS, store.markDeleteInProgress(inactive).status());
    assertEquals(TaskDefinition.DELETE_IN_PROGRESS, store.markDeleteInProgress(inactive).status());
    assertEquals(at, store.get(family, 2).orElseThrow().deregisteredAt());
  }

  @Test
  void tagsAreReplacedOnlyFromTheTagsRead() {
    store.create(definition(family, 1));
    var seen = store.get(family, 1).orElseThrow();
    store.setTags(seen, List.of(new Tag("team", "blue")));
    assertEquals(List.of(new Tag("team", "blue")), store.get(family, 1).orElseThrow().tags());
    assertThrows(OptimisticLockException.class, () -> store.setTags(seen, List.of()), "read before the change");
  }

  @Test
  void allListsByFamilyThenRevision() {
    String other = family + "-b";
    store.create(definition(other, 2));
    store.create(definition(family, 10));
    store.create(definition(other, 1));
    store.create(definition(family, 9));
    var ours = store.all().stream().filter(d -> d.family().equals(family) || d.family().equals(other))
        .map(d -> d.family() + ":" + d.revision()).toList();
    assertEquals(List.of(family + ":9", family + ":10", other + ":1", other + ":2"), ours);
  }
}
