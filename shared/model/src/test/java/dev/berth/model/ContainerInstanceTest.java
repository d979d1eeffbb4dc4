package dev.berth.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContainerInstanceTest {
  private static final Resource CPU = Resource.integer("CPU", 2048);
  private static final Resource MEMORY = Resource.integer("MEMORY", 3936);
  private static final Resource PORTS = Resource.stringSet("PORTS", List.of("22", "2375", "2376", "51678", "51679"));
  private static final Resource PORTS_UDP = Resource.stringSet("PORTS_UDP", List.of());

  private static ContainerInstance instance(List<Resource> registered, int cpu, int memory, Set<Integer> tcp,
      Set<Integer> udp, String status, boolean connected) {
    return new ContainerInstance("default", "0123456789abcdef0123456789abcdef", "i-0abc", status, null, connected,
        registered, cpu, memory, tcp, udp, Map.of(), List.of(Attribute.of("ecs.availability-zone", "us-east-1a")),
        null, Instant.EPOCH, 1, null);
  }

  @Test
  void remainingResourcesReportsLedgerCpuAndMemory() {
    ContainerInstance ci = instance(List.of(CPU, MEMORY), 1024, 1000, Set.of(), Set.of(), "ACTIVE", true);
    assertEquals(List.of(Resource.integer("CPU", 1024), Resource.integer("MEMORY", 1000)), ci.remainingResources());
  }

  @Test
  void remainingResourcesListsPortsInUseSortedNumerically() {
    ContainerInstance ci = instance(List.of(CPU, MEMORY, PORTS, PORTS_UDP), 2048, 3936,
        Set.of(22, 2375, 2376, 51678, 51679, 8080, 80), Set.of(53), "ACTIVE", true);
    List<Resource> remaining = ci.remainingResources();
    assertEquals(List.of("22", "80", "2375", "2376", "8080", "51678", "51679"), remaining.get(2).stringSetValue());
    assertEquals("STRINGSET", remaining.get(2).type());
    assertEquals(Resource.stringSet("PORTS_UDP", List.of("53")), remaining.get(3));
  }

  @Test
  void remainingResourcesKeepsOtherResourcesAsRegistered() {
    Resource neuron = Resource.stringSet("NEURON_CORES", List.of("nc-0"));
    ContainerInstance ci = instance(List.of(CPU, neuron), 2048, 0, Set.of(), Set.of(), "ACTIVE", true);
    assertSame(neuron, ci.remainingResources().get(1));
  }

  @Test
  void remainingGpusAreTheRegisteredIdsNotInUse() {
    Resource gpu = Resource.stringSet("GPU", List.of("gpu-1", "gpu-0", "gpu-2"));
    ContainerInstance base = instance(List.of(CPU, gpu), 2048, 0, Set.of(), Set.of(), "ACTIVE", true);
    ContainerInstance ci = new ContainerInstance(base.cluster(), base.id(), base.ec2InstanceId(), base.status(),
        base.statusReason(), base.agentConnected(), base.registeredResources(), base.remainingCpu(),
        base.remainingMemory(), base.tcpPortsInUse(), base.udpPortsInUse(), Set.of("gpu-1"), base.reservations(),
        base.attributes(), base.versionInfo(), base.registeredAt(), base.version(), base.tags());
    assertEquals(Resource.stringSet("GPU", List.of("gpu-0", "gpu-2")), ci.remainingResources().get(1));
    assertEquals(List.of("gpu-0", "gpu-1", "gpu-2"), List.copyOf(base.freeGpus()));
  }

  @Test
  void registeredPortsParsesTheNamedStringSet() {
    ContainerInstance ci = instance(List.of(CPU, PORTS, Resource.stringSet("PORTS_UDP", List.of("123", "53"))), 0, 0,
        Set.of(), Set.of(), "ACTIVE", true);
    assertEquals(List.of(22, 2375, 2376, 51678, 51679), List.copyOf(ci.registeredPorts("PORTS")));
    assertEquals(List.of(53, 123), List.copyOf(ci.registeredPorts("PORTS_UDP")));
  }

  @Test
  void registeredPortsIsEmptyWhenNotRegistered() {
    ContainerInstance ci = instance(List.of(CPU), 0, 0, Set.of(), Set.of(), "ACTIVE", true);
    assertTrue(ci.registeredPorts("PORTS").isEmpty());
  }

  @Test
  void registeredCpuAndMemoryReadTheRegisteredAmounts() {
    ContainerInstance ci = instance(List.of(CPU, new Resource("MEMORY", "LONG", 0, 7800L, 0, null)), 0, 0, Set.of(),
        Set.of(), "ACTIVE", true);
    assertEquals(2048, ci.registeredCpu());
    assertEquals(7800, ci.registeredMemory());
    assertEquals(0, ci.registered("GPU"));
  }

  @Test
  void onlyActiveConnectedInstancesAcceptPlacements() {
    assertTrue(instance(List.of(CPU), 0, 0, Set.of(), Set.of(), "ACTIVE", true).acceptsPlacements());
    assertFalse(instance(List.of(CPU), 0, 0, Set.of(), Set.of(), "ACTIVE", false).acceptsPlacements());
    assertFalse(instance(List.of(CPU), 0, 0, Set.of(), Set.of(), "DRAINING", true).acceptsPlacements());
  }

  @Test
  void attributeLooksUpByName() {
    ContainerInstance ci = instance(List.of(CPU), 0, 0, Set.of(), Set.of(), "ACTIVE", true);
    assertEquals("us-east-1a", ci.attribute("ecs.availability-zone"));
    assertNull(ci.attribute("ecs.instance-type"));
  }
}
