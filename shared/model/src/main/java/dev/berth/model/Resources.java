package dev.berth.model;

import java.util.Set;
import java.util.TreeSet;

/**
 * What one task holds on its container instance: CPU units, MiB of memory, and its static TCP and
 * UDP host ports. The same value is a task's requirement before placement and its reservation
 * entry on the instance after.
 */
public record Resources(int cpu, int memory, Set<Integer> tcpPorts, Set<Integer> udpPorts) {
  public static final Resources NONE = new Resources(0, 0, Set.of(), Set.of());

  public Resources {
    if (cpu < 0 || memory < 0) {
      throw new IllegalArgumentException("negative resources");
    }
    tcpPorts = Set.copyOf(new TreeSet<>(tcpPorts));
    udpPorts = Set.copyOf(new TreeSet<>(udpPorts));
  }
}
