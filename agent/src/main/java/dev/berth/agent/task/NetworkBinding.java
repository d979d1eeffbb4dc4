package dev.berth.agent.task;

/** Where a container port ended up on the host, as ECS reports it in {@code networkBindings}. */
public record NetworkBinding(String bindIP, int containerPort, int hostPort, String protocol) {}
