package dev.berth.agent.task;

/** A container port mapping; {@code hostPort} 0 asks for a port the runtime picks. */
public record PortMapping(int containerPort, int hostPort, String protocol) {}
