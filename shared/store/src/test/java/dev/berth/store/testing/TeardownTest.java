package dev.berth.store.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TeardownTest {
  @Test
  void releasesEverythingTheLastFirstAndReportsTheFirstFailureWithTheOthersSuppressed() {
    List<String> released = new ArrayList<>();
    Teardown teardown = new Teardown();
    teardown.add("tables", released::add);
    teardown.add("queues", q -> {
      released.add(q);
      throw new IllegalStateException("queues");
    });
    teardown.add("server", s -> {
      released.add(s);
      throw new IllegalStateException("server");
    });
    IllegalStateException thrown = assertThrows(IllegalStateException.class, teardown::close);
    assertEquals(List.of("server", "queues", "tables"), released);
    assertEquals("server", thrown.getMessage());
    assertEquals("queues", thrown.getSuppressed()[0].getMessage());

    teardown.close(); // each release runs once
    assertEquals(3, released.size());
  }

  @Test
  void aSetUpThatFailsPartWayReleasesWhatItOpenedAndItsOwnFailureIsTheOneThrown() {
    List<String> released = new ArrayList<>();
    IllegalStateException setUp = new IllegalStateException("the server did not start");
    IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> Teardown.open(teardown -> {
      teardown.add("tables", released::add);
      teardown.add("queues", q -> {
        released.add(q);
        throw new IllegalStateException("could not delete the queues");
      });
      throw setUp;
    }));
    assertSame(setUp, thrown);
    assertEquals(List.of("queues", "tables"), released);
    assertEquals("could not delete the queues", thrown.getSuppressed()[0].getMessage());
  }
}
