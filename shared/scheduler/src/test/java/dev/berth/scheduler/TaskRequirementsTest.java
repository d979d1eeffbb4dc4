package dev.berth.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.model.ContainerDefinition;
import dev.berth.model.EcsException;
import dev.berth.model.PortMapping;
import dev.berth.model.Resources;
import dev.berth.model.TaskDefinition;
import dev.berth.model.TaskOverride;
import dev.berth.model.TaskOverride.ContainerOverride;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TaskRequirementsTest {

  private static ContainerDefinition container(String name, int cpu, Integer memory, Integer reservation,
      PortMapping... ports) {
    return new ContainerDefinition(name, "nginx", cpu, memory, reservation, true, List.of(ports), null, null, null,
        null);
  }

  private static TaskDefinition definition(String networkMode, String cpu, String memory,
      ContainerDefinition... containers) {
    return new TaskDefinition("web", 1, TaskDefinition.ACTIVE, networkMode, cpu, memory, List.of(containers), null,
        Instant.EPOCH, null, "{}", null);
  }

  private static PortMapping tcp(Integer containerPort, Integer hostPort) {
    return new PortMapping(containerPort, hostPort, "tcp");
  }

  private static PortMapping udp(Integer containerPort, Integer hostPort) {
    return new PortMapping(containerPort, hostPort, "udp");
  }

  private static TaskOverride taskOverride(String cpu, String memory, ContainerOverride... containers) {
    return new TaskOverride(List.of(containers), cpu, memory, null, null);
  }

  private static ContainerOverride containerOverride(String name, Integer cpu, Integer memory, Integer reservation) {
    return new ContainerOverride(name, null, null, cpu, memory, reservation);
  }

  @Test
  void containerValuesAreSummedWithoutTaskLevelValues() {
    Resources r = TaskRequirements.of(
        definition("bridge", null, null, container("a", 256, 512, null), container("b", 128, 256, null)),
        TaskOverride.NONE);
    assertEquals(384, r.cpu());
    assertEquals(768, r.memory());
  }

  @Test
  void taskLevelValuesWinOverContainerSums() {
    Resources r = TaskRequirements.of(
        definition("bridge", "1 vCPU", "2GB", container("a", 256, 512, null)), TaskOverride.NONE);
    assertEquals(1024, r.cpu());
    assertEquals(2048, r.memory());
  }

  @Test
  void memoryReservationCountsBeforeHardMemory() {
    Resources r = TaskRequirements.of(
        definition("bridge", null, null, container("a", 0, 1024, 300), container("b", 0, null, 200)),
        TaskOverride.NONE);
    assertEquals(500, r.memory());
  }

  @Test
  void containerWithoutAnyMemoryCountsZero() {
    Resources r = TaskRequirements.of(
        definition("bridge", null, null, container("a", 10, 100, null), container("b", 0, null, null)),
        TaskOverride.NONE);
    assertEquals(100, r.memory());
    assertEquals(10, r.cpu());
  }

  @Test
  void taskLevelOverridesReplaceDefinitionValues() {
    Resources r = TaskRequirements.of(definition("bridge", "256", "512", container("a", 0, 128, null)),
        taskOverride("2 vCPU", "1GB"));
    assertEquals(2048, r.cpu());
    assertEquals(1024, r.memory());
  }

  @Test
  void containerOverridesApplyBeforeSumming() {
    Resources r = TaskRequirements.of(
        definition("bridge", null, null, container("a", 256, 512, null), container("b", 128, 256, null)),
        taskOverride(null, null, containerOverride("b", 512, 1024, null)));
    assertEquals(768, r.cpu());
    assertEquals(1536, r.memory());
  }

  @Test
  void reservationOverrideWinsOverDefinitionHardMemory() {
    Resources r = TaskRequirements.of(definition("bridge", null, null, container("a", 0, 512, null)),
        taskOverride(null, null, containerOverride("a", null, null, 100)));
    assertEquals(100, r.memory());
  }

  @Test
  void hardMemoryOverrideDoesNotHideDefinitionReservation() {
    Resources r = TaskRequirements.of(definition("bridge", null, null, container("a", 0, 512, 256)),
        taskOverride(null, null, containerOverride("a", null, 2048, null)));
    assertEquals(256, r.memory());
  }

  @Test
  void overrideOfUnknownContainerChangesNothing() {
    Resources r = TaskRequirements.of(definition("bridge", null, null, container("a", 64, 128, null)),
        taskOverride(null, null, containerOverride("other", 4096, 4096, null)));
    assertEquals(new Resources(64, 128, Set.of(), Set.of()), r);
  }

  @Test
  void bridgeReservesStaticHostPortsOnly() {
    Resources r = TaskRequirements.of(definition("bridge", null, null,
        container("a", 0, 128, null, tcp(80, 8080), tcp(443, 0), tcp(9000, null))), TaskOverride.NONE);
    assertEquals(Set.of(8080), r.tcpPorts());
    assertEquals(Set.of(), r.udpPorts());
  }

  @Test
  void nullNetworkModeMeansBridge() {
    Resources r = TaskRequirements.of(definition(null, null, null, container("a", 0, 128, null, tcp(80, 8080))),
        TaskOverride.NONE);
    assertEquals(Set.of(8080), r.tcpPorts());
  }

  @Test
  void udpMappingsReserveUdpPorts() {
    Resources r = TaskRequirements.of(definition("bridge", null, null,
        container("dns", 0, 128, null, udp(53, 53), tcp(53, 53))), TaskOverride.NONE);
    assertEquals(Set.of(53), r.udpPorts());
    assertEquals(Set.of(53), r.tcpPorts());
  }

  @Test
  void hostModeReservesContainerPorts() {
    Resources r = TaskRequirements.of(definition("host", null, null,
        container("a", 0, 128, null, tcp(80, null), tcp(443, 443), udp(514, null))), TaskOverride.NONE);
    assertEquals(Set.of(80, 443), r.tcpPorts());
    assertEquals(Set.of(514), r.udpPorts());
  }

  @Test
  void awsvpcAndNoneReserveNoPorts() {
    for (String mode : List.of("awsvpc", "none")) {
      Resources r = TaskRequirements.of(definition(mode, null, null,
          container("a", 0, 128, null, tcp(80, 80))), TaskOverride.NONE);
      assertEquals(Set.of(), r.tcpPorts(), mode);
    }
  }

  @Test
  void sameHostPortTwiceIsAClientException() {
    TaskDefinition d = definition("bridge", null, null,
        container("a", 0, 128, null, tcp(80, 8080)), container("b", 0, 128, null, tcp(81, 8080)));
    EcsException e = assertThrows(EcsException.class, () -> TaskRequirements.of(d, TaskOverride.NONE));
    assertEquals("ClientException", e.code());
  }

  @Test
  void badTaskLevelCpuIsAClientException() {
    TaskDefinition d = definition("bridge", "lots", null, container("a", 0, 128, null));
    assertEquals("ClientException",
        assertThrows(EcsException.class, () -> TaskRequirements.of(d, TaskOverride.NONE)).code());
  }

  private static ContainerDefinition gpuContainer(String name, int gpus) {
    return new ContainerDefinition(name, "cuda", 0, 128, null, true, List.of(), null, null, null, null, gpus);
  }

  @Test
  void gpusAreSummedOverContainers() {
    Resources r = TaskRequirements.of(
        definition("bridge", null, null, gpuContainer("a", 2), container("b", 0, 128, null), gpuContainer("c", 1)),
        TaskOverride.NONE);
    assertEquals(3, r.gpus());
    assertEquals(Set.of(), r.gpuIds());
  }

  @Test
  void aContainerOverrideReplacesItsGpuRequirement() {
    TaskDefinition d = definition("bridge", null, null, gpuContainer("a", 2), gpuContainer("b", 1));
    TaskOverride o = taskOverride(null, null, new ContainerOverride("a", null, null, null, null, null, 1),
        containerOverride("b", 64, null, null));
    Resources r = TaskRequirements.of(d, o);
    assertEquals(2, r.gpus());
    assertEquals(64, r.cpu());
  }

  @Test
  void noGpuRequirementMeansNoGpus() {
    Resources r = TaskRequirements.of(definition("bridge", null, null, container("a", 0, 128, null)),
        TaskOverride.NONE);
    assertEquals(0, r.gpus());
    assertEquals(new Resources(0, 128, Set.of(), Set.of()), r);
  }
}
