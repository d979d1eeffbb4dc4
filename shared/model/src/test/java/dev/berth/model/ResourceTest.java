package dev.berth.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceTest {

  @Test
  void amountReadsTheFieldItsTypeNames() {
    assertEquals(2048, new Resource("CPU", "INTEGER", 9.0, 9L, 2048, null).amount());
    assertEquals(4096, new Resource("MEMORY", "LONG", 9.0, 4096L, 9, null).amount());
    assertEquals(3, new Resource("X", "DOUBLE", 3.7, 9L, 9, null).amount());
  }

  @Test
  void stringSetHasNoAmount() {
    assertEquals(0, Resource.stringSet("PORTS", List.of("22")).amount());
  }

  @Test
  void nullStringSetBecomesEmpty() {
    assertEquals(List.of(), new Resource("CPU", "INTEGER", 0, 0, 1, null).stringSetValue());
  }

  @Test
  void integerFactorySetsOnlyIntegerValue() {
    Resource r = Resource.integer("CPU", 1024);
    assertEquals("INTEGER", r.type());
    assertEquals(1024, r.integerValue());
    assertEquals(0L, r.longValue());
    assertEquals(0.0, r.doubleValue());
  }
}
