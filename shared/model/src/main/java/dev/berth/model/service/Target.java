package dev.berth.model.service;

import java.util.Objects;

/** An ELBv2 target in a target group: an EC2 instance id and the host port the container listens on. */
public record Target(String targetGroupArn, String id, int port) {
  public Target {
    Objects.requireNonNull(targetGroupArn, "targetGroupArn");
    Objects.requireNonNull(id, "id");
  }
}
