package dev.berth.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TaskStatusTest {

  @Test
  void lifecycleOrderIsPendingRunningStopped() {
    assertTrue(TaskStatus.RUNNING.after(TaskStatus.PENDING));
    assertTrue(TaskStatus.STOPPED.after(TaskStatus.RUNNING));
    assertTrue(TaskStatus.STOPPING.after(TaskStatus.DEACTIVATING));
    assertTrue(TaskStatus.PENDING.after(TaskStatus.PROVISIONING));
  }

  @Test
  void noStatusIsAfterItselfOrALaterOne() {
    assertFalse(TaskStatus.RUNNING.after(TaskStatus.RUNNING));
    assertFalse(TaskStatus.RUNNING.after(TaskStatus.STOPPED));
    assertFalse(TaskStatus.PENDING.after(TaskStatus.RUNNING));
  }

  @Test
  void everyStatusIsAfterNone() {
    assertTrue(TaskStatus.PROVISIONING.after(null));
  }

  @Test
  void parseReadsExactNames() {
    assertEquals(TaskStatus.RUNNING, TaskStatus.parse("RUNNING"));
    assertNull(TaskStatus.parse(null));
  }

  @Test
  void parseRejectsUnknownAndLowerCaseAsInvalidParameter() {
    assertEquals("InvalidParameterException", assertThrows(EcsException.class, () -> TaskStatus.parse("running")).code());
    assertEquals("InvalidParameterException", assertThrows(EcsException.class, () -> TaskStatus.parse("DEAD")).code());
  }
}
