package dev.berth.model;

/** A container port mapping; hostPort null or 0 means a dynamic port that reserves nothing. */
public record PortMapping(Integer containerPort, Integer hostPort, String protocol) {
  public boolean udp() {
    return "udp".equals(protocol);
  }
}
