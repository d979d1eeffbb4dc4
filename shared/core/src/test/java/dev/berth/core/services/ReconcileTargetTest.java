package dev.berth.core.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ReconcileTargetTest {
  @Test
  void aBatchHandlesItsClusterChecksFirstAndKeepsTheRestInOrder() {
    String pass1 = ReconcileTarget.woken("c", "web", 3).toJson();
    String check1 = ReconcileTarget.cluster("c").toJson();
    String unreadable = "{not json";
    String pass2 = ReconcileTarget.service("c", "api").toJson();
    String check2 = ReconcileTarget.cluster("d").toJson();
    String lost = ReconcileTarget.lostInstance("c", "i-1").toJson();
    assertEquals(List.of(check1, lost, check2, pass1, unreadable, pass2),
        ReconcileTarget.clusterChecksFirst(List.of(pass1, check1, unreadable, lost, pass2, check2),
            Function.identity()));
  }

  @Test
  void aLostInstanceMessageIsNeitherAPassNorTheClusterCheck() {
    ReconcileTarget lost = ReconcileTarget.fromJson(ReconcileTarget.lostInstance("c", "i-1").toJson());
    assertEquals(ReconcileTarget.lostInstance("c", "i-1"), lost);
    assertTrue(lost.isInstance());
    assertFalse(lost.isCluster());
    assertEquals(null, lost.service());
    assertTrue(ReconcileTarget.fromJson(ReconcileTarget.cluster("c").toJson()).isCluster());
    assertFalse(ReconcileTarget.fromJson(ReconcileTarget.service("c", "web").toJson()).isInstance());
  }

  @Test
  void aMessageKeepsItsWakeupCountThroughJson() {
    ReconcileTarget woken = ReconcileTarget.woken("c", "web", 7);
    assertEquals(woken, ReconcileTarget.fromJson(woken.toJson()));
  }
}
