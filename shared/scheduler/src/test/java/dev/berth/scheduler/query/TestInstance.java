package dev.berth.scheduler.query;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** A container instance for tests, built fluently. */
final class TestInstance implements Subject {
  private final Map<String, String> attributes = new HashMap<>();
  private String ec2InstanceId = "i-0abc";
  private boolean agentConnected = true;
  private String agentVersion = "1.15.0";
  private Instant registeredAt = Instant.parse("2025-06-18T12:00:00Z");
  private int runningTasksCount;
  private Set<String> taskGroups = Set.of();

  static TestInstance instance() {
    return new TestInstance();
  }

  TestInstance attribute(String name, String value) {
    attributes.put(name, value);
    return this;
  }

  TestInstance ec2InstanceId(String id) {
    this.ec2InstanceId = id;
    return this;
  }

  TestInstance agentConnected(boolean connected) {
    this.agentConnected = connected;
    return this;
  }

  TestInstance agentVersion(String version) {
    this.agentVersion = version;
    return this;
  }

  TestInstance registeredAt(String instant) {
    this.registeredAt = instant == null ? null : Instant.parse(instant);
    return this;
  }

  TestInstance runningTasksCount(int count) {
    this.runningTasksCount = count;
    return this;
  }

  TestInstance taskGroups(String... groups) {
    this.taskGroups = Set.of(groups);
    return this;
  }

  @Override
  public String attribute(String name) {
    return attributes.get(name);
  }

  @Override
  public String ec2InstanceId() {
    return ec2InstanceId;
  }

  @Override
  public boolean agentConnected() {
    return agentConnected;
  }

  @Override
  public String agentVersion() {
    return agentVersion;
  }

  @Override
  public Instant registeredAt() {
    return registeredAt;
  }

  @Override
  public int runningTasksCount() {
    return runningTasksCount;
  }

  @Override
  public Set<String> taskGroups() {
    return taskGroups;
  }
}
