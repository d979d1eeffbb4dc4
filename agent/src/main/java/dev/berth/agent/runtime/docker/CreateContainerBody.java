package dev.berth.agent.runtime.docker;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.agent.task.ContainerSpec;
import dev.berth.agent.task.PortMapping;
import dev.berth.agent.task.TaskSpec;

/**
 * The body of Docker's {@code POST /containers/create} for a container, mapped as the ECS agent
 * maps a container definition: entry point and command (the image's own when absent), environment,
 * ECS labels, port bindings (host port 0 lets Docker pick one), {@code memory} to
 * HostConfig.Memory, {@code memoryReservation} to HostConfig.MemoryReservation (both in bytes) and
 * {@code cpu} to HostConfig.CpuShares (at least 2, Docker's minimum).
 */
final class CreateContainerBody {
  static final long MIB = 1024L * 1024L;
  static final int MIN_CPU_SHARES = 2;

  static ObjectNode of(TaskSpec task, ContainerSpec c) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("Image", c.image());
    if (!c.entryPoint().isEmpty()) {
      c.entryPoint().forEach(body.putArray("Entrypoint")::add);
    }
    if (!c.command().isEmpty()) {
      c.command().forEach(body.putArray("Cmd")::add);
    }
    ArrayNode env = body.putArray("Env");
    c.environment().forEach((name, value) -> env.add(name + "=" + value));
    body.putObject("Labels")
        .put("com.amazonaws.ecs.task-arn", task.taskArn())
        .put("com.amazonaws.ecs.container-name", c.name())
        .put("com.amazonaws.ecs.task-definition-family", task.family())
        .put("com.amazonaws.ecs.task-definition-version", String.valueOf(task.revision()));
    ObjectNode exposed = body.putObject("ExposedPorts");
    ObjectNode host = body.putObject("HostConfig");
    ObjectNode bindings = host.putObject("PortBindings");
    for (PortMapping p : c.portMappings()) {
      String key = p.containerPort() + "/" + p.protocol();
      exposed.putObject(key);
      bindings.withArray(key).addObject().put("HostPort", p.hostPort() > 0 ? String.valueOf(p.hostPort()) : "");
    }
    if (c.memory() != null) {
      host.put("Memory", c.memory() * MIB);
    }
    if (c.memoryReservation() != null) {
      host.put("MemoryReservation", c.memoryReservation() * MIB);
    }
    host.put("CpuShares", Math.max(MIN_CPU_SHARES, c.cpu()));
    return body;
  }

  private CreateContainerBody() {}
}
