package dev.berth.agent.config;

import java.util.List;

/**
 * What the agent registers as the instance's {@code totalResources}, computed the way the ECS agent
 * computes them: CPU = logical CPUs x 1024, MEMORY = MemTotal (MiB) minus ECS_RESERVED_MEMORY,
 * PORTS and PORTS_UDP = the reserved port lists.
 */
public record InstanceResources(int cpu, int memory, List<Integer> ports, List<Integer> udpPorts) {

  public InstanceResources {
    ports = List.copyOf(ports);
    udpPorts = List.copyOf(udpPorts);
  }

  public static InstanceResources of(AgentConfig config, Host host) {
    int cpu = config.cpuUnits().orElse(host.logicalCpus() * 1024);
    long total = config.hostMemoryMiB().orElse(host.memTotalMiB());
    long memory = total - config.reservedMemoryMiB();
    if (memory < 0) {
      // ECS refuses to register rather than offer memory the host does not have
      throw new IllegalStateException("ECS_RESERVED_MEMORY (" + config.reservedMemoryMiB()
          + " MiB) is more than the host's memory (" + total + " MiB)");
    }
    return new InstanceResources(cpu, (int) Math.min(memory, Integer.MAX_VALUE), config.reservedPorts(),
        config.reservedUdpPorts());
  }
}
