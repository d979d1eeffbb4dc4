package dev.berth.core.services;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    assertEquals(List.of(check1, check2, pass1, unreadable, pass2),
        ReconcileTarget.clusterChecksFirst(List.of(pass1, check1, unreadable, pass2, check2), Function.identity()));
  }

  @Test
  void aMessageKeepsItsWakeupCountThroughJson() {
    ReconcileTarget woken = ReconcileTarget.woken("c", "web", 7);
    assertEquals(woken, ReconcileTarget.fromJson(woken.toJson()));
  }
}
