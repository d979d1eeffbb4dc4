package dev.berth.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.model.EcsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UnitsTest {

  @Test
  void plainCpuIsUnits() {
    assertEquals(512, Units.cpu("512"));
  }

  @Test
  void vcpuIs1024Units() {
    assertEquals(1024, Units.cpu("1 vCPU"));
    assertEquals(2048, Units.cpu("2 vcpu"));
    assertEquals(4096, Units.cpu("4vCPUs"));
  }

  @Test
  void fractionalVcpu() {
    assertEquals(512, Units.cpu("0.5 vcpu"));
    assertEquals(256, Units.cpu("0.25 vCPU"));
  }

  @Test
  void plainMemoryIsMib() {
    assertEquals(512, Units.memory("512"));
    assertEquals(512, Units.memory("512 MiB"));
    assertEquals(300, Units.memory("300mb"));
  }

  @Test
  void gigabytesAre1024Mib() {
    assertEquals(2048, Units.memory("2GB"));
    assertEquals(1536, Units.memory("1.5 GB"));
    assertEquals(3072, Units.memory("3 gib"));
  }

  @Test
  void surroundingWhitespaceIsIgnored() {
    assertEquals(1024, Units.cpu("  1024 "));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "-1", "1 GHz", "1.5", "1 vCPU extra", "99999999999"})
  void badCpuStringsAreClientExceptions(String value) {
    EcsException e = assertThrows(EcsException.class, () -> Units.cpu(value));
    assertEquals("ClientException", e.code());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "lots", "2 TB", "0.3", "1..5GB"})
  void badMemoryStringsAreClientExceptions(String value) {
    EcsException e = assertThrows(EcsException.class, () -> Units.memory(value));
    assertEquals("ClientException", e.code());
  }

  @Test
  void nullIsAClientException() {
    assertEquals("ClientException", assertThrows(EcsException.class, () -> Units.cpu(null)).code());
    assertEquals("ClientException", assertThrows(EcsException.class, () -> Units.memory(null)).code());
  }
}
