package dev.berth.scheduler;

import dev.berth.model.ContainerDefinition;
import dev.berth.model.EcsException;
import dev.berth.model.PortMapping;
import dev.berth.model.Resources;
import dev.berth.model.TaskDefinition;
import dev.berth.model.TaskOverride;
import java.util.HashSet;
import java.util.Set;

/**
 * What one task of a definition needs on a container instance, per ECS: task-level cpu/memory when
 * set, else the sum over containers (memoryReservation before memory), overrides applied first;
 * static host ports by network mode; GPUs as the sum of the containers' GPU requirements (a
 * container override's requirement replacing its definition's).
 */
public final class TaskRequirements {

  public static Resources of(TaskDefinition definition, TaskOverride overrides) {
    int containerCpu = 0;
    int containerMemory = 0;
    int gpus = 0;
    for (ContainerDefinition c : definition.containerDefinitions()) {
      TaskOverride.ContainerOverride o = overrides.forContainer(c.name());
      int cpu = o != null && o.cpu() != null ? o.cpu() : c.cpu();
      Integer hard = o != null && o.memory() != null ? o.memory() : c.memory();
      Integer soft = o != null && o.memoryReservation() != null ? o.memoryReservation() : c.memoryReservation();
      containerCpu += cpu;
      containerMemory += soft != null ? soft : hard != null ? hard : 0;
      gpus += gpus(c, o);
    }
    String taskCpu = overrides.cpu() != null ? overrides.cpu() : definition.cpu();
    String taskMemory = overrides.memory() != null ? overrides.memory() : definition.memory();
    int cpu = taskCpu != null ? Units.cpu(taskCpu) : containerCpu;
    int memory = taskMemory != null ? Units.memory(taskMemory) : containerMemory;

    Set<Integer> tcp = new HashSet<>();
    Set<Integer> udp = new HashSet<>();
    String mode = definition.networkMode() == null ? "bridge" : definition.networkMode();
    for (ContainerDefinition c : definition.containerDefinitions()) {
      for (PortMapping p : c.portMappings()) {
        Integer port = switch (mode) {
          case "host" -> p.containerPort();
          case "bridge" -> p.hostPort() != null && p.hostPort() > 0 ? p.hostPort() : null;
          default -> null;
        };
        if (port == null) {
          continue;
        }
        if (!(p.udp() ? udp : tcp).add(port)) {
          throw EcsException.clientException("Host port " + port + " is mapped more than once in the task definition.");
        }
      }
    }
    return new Resources(cpu, memory, tcp, udp, gpus, java.util.Set.of());
  }

  /** The GPUs one container needs: its override's requirement when given, else its definition's. */
  public static int gpus(ContainerDefinition c, TaskOverride.ContainerOverride o) {
    return o != null && o.gpu() != null ? o.gpu() : c.gpu();
  }

  private TaskRequirements() {}
}
