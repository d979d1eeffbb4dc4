package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.services.ServiceReconciler;
import dev.berth.store.testing.Emulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.NetworkBinding;
import software.amazon.awssdk.services.ecs.model.PlacementConstraintType;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.Resource;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Services behind ELBv2 target groups on the emulator, through the endpoint, the reconcile queue
 * and a fake agent that reports dynamic host ports. The emulator keys a target group's targets by
 * instance id alone, so every task here runs on an instance of its own (distinctInstance), each
 * with its own EC2 instance. Target health comes from the emulator (always healthy) through
 * {@link ElbStub}, which can hold chosen targets unhealthy and throttle ELBv2 calls.
 */
class LoadBalancedServiceIT {
  private static final Duration PAST_RECHECK = Duration.ofSeconds(11);
  /**
   * The groups' deregistration delay. The test clock is the real clock plus an offset, so every
   * virtual step must leave a margin for the real time a busy machine takes between two checks.
   */
  private static final int DELAY = 300;
  private static final int MARGIN = 120;
  private static OffsetClock clock;
  private static ElbStub stub;
  private static Berth berth;
  private static ElbFixture elb;
  private static String groupA;
  private static String groupB;
  private static final AtomicInteger CLUSTERS = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    clock = new OffsetClock();
    stub = new ElbStub(Emulator.endpoint());
    berth = Berth.startWithoutPoller("it-elb", clock, stub.url());
    elb = new ElbFixture();
    groupA = elb.targetGroup("a", "instance", true, DELAY);
    groupB = elb.targetGroup("b", "instance", true, DELAY);
    for (String image : List.of("web:1", "web:2")) {
      berth.ecs.registerTaskDefinition(b -> b.family("web").containerDefinitions(ContainerDefinition.builder()
          .name("web").image(image).cpu(256).memory(128)
          .portMappings(PortMapping.builder().containerPort(80).hostPort(0).build()).build()));
    }
  }

  @AfterAll
  static void stop() {
    berth.close();
    stub.close();
  }

  /** A cluster of {@code size} instances, each with an EC2 instance of its own; returns the agent. */
  private static FakeAgent cluster(String name, int size) throws Exception {
    berth.createCluster(name);
    for (String ec2 : elb.instances(size)) {
      String identity = "{\"instanceId\":\"" + ec2 + "\",\"availabilityZone\":\"us-east-1a\"}";
      berth.ecs.registerContainerInstance(b -> b.cluster(name).instanceIdentityDocument(identity).totalResources(
          Resource.builder().name("CPU").type("INTEGER").integerValue(1024).build(),
          Resource.builder().name("MEMORY").type("INTEGER").integerValue(1024).build()));
    }
    FakeAgent agent = new FakeAgent(berth, name);
    agent.bindings = t -> List.of(NetworkBinding.builder().containerPort(80).hostPort(hostPort(t.taskArn()))
        .protocol("tcp").bindIP("0.0.0.0").build());
    return agent;
  }

  /** A task's dynamic host port, as Docker would pick one from the ephemeral range. */
  private static int hostPort(String taskArn) {
    return 32768 + Math.floorMod(taskArn.hashCode(), 20000);
  }

  private static String createService(String cluster, int desired, int grace, String... groups) {
    List<LoadBalancer> lbs = new ArrayList<>();
    for (String g : groups) {
      lbs.add(LoadBalancer.builder().targetGroupArn(g).containerName("web").containerPort(80).build());
    }
    berth.ecs.createService(b -> b.cluster(cluster).serviceName("web").taskDefinition("web:1").desiredCount(desired)
        .loadBalancers(lbs).healthCheckGracePeriodSeconds(grace)
        .placementConstraints(c -> c.type(PlacementConstraintType.DISTINCT_INSTANCE))
        .deploymentConfiguration(c -> c.minimumHealthyPercent(100).maximumPercent(200)));
    return cluster;
  }

  private static Service describe(String cluster) {
    return berth.ecs.describeServices(b -> b.cluster(cluster).services("web")).services().get(0);
  }

  /** "ec2 id:host port" of the cluster's tasks matching {@code lastStatus}. */
  private static Set<String> targetsOf(String cluster, FakeAgent agent, String lastStatus) {
    Map<String, String> ec2 = new HashMap<>();
    berth.ecs.describeContainerInstances(b -> b.cluster(cluster).containerInstances(
            berth.ecs.listContainerInstances(l -> l.cluster(cluster)).containerInstanceArns()))
        .containerInstances().forEach(ci -> ec2.put(ci.containerInstanceArn(), ci.ec2InstanceId()));
    return agent.tasks().stream().filter(t -> lastStatus.equals(t.lastStatus()))
        .map(t -> ec2.get(t.containerInstanceArn()) + ":" + hostPort(t.taskArn()))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Rounds of passes, agent reports and health rechecks until the service is steady with {@code desired} tasks. */
  private static void converge(FakeAgent agent, String cluster, int desired, String revision, Runnable check)
      throws Exception {
    for (int round = 0; round < 30; round++) {
      agent.reconcile();
      check.run();
      agent.report();
      agent.reconcile();
      check.run();
      clock.advance(PAST_RECHECK);
      agent.heartbeat();
      agent.sweep();
      check.run();
      Service web = describe(cluster);
      if (web.deployments().size() == 1 && web.deployments().get(0).taskDefinition().endsWith(revision)
          && "COMPLETED".equals(web.deployments().get(0).rolloutStateAsString()) && web.runningCount() == desired
          && web.events().get(0).message().endsWith("has reached a steady state.")) {
        return;
      }
    }
    throw new AssertionError("no steady state: " + describe(cluster));
  }

  private static List<String> messages(String cluster) {
    List<String> out = new ArrayList<>(describe(cluster).events().stream().map(ServiceEvent::message).toList());
    java.util.Collections.reverse(out); // oldest first
    return out;
  }

  private static int registeredIn(List<String> messages, String group) {
    return messages.stream().filter(m -> m.startsWith("(service web) registered ") && m.endsWith("(target-group "
        + group + ")")).mapToInt(m -> Integer.parseInt(m.split(" ")[3])).sum();
  }

  @Test
  void fourTasksJoinBothGroupsAndScaleInDrainsTwoBeforeTheyStop() throws Exception {
    String cluster = "elb-" + CLUSTERS.incrementAndGet();
    FakeAgent agent = cluster(cluster, 6);
    createService(cluster, 4, 0, groupA, groupB);
    converge(agent, cluster, 4, "web:1", () -> { });

    Set<String> running = targetsOf(cluster, agent, "RUNNING");
    assertEquals(4, running.size());
    assertEquals(running, elb.targets(groupA), "group a holds exactly the tasks' (instance, host port) pairs");
    assertEquals(running, elb.targets(groupB), "group b holds exactly the tasks' (instance, host port) pairs");
    Service web = describe(cluster);
    assertEquals(Set.of(groupA, groupB), web.loadBalancers().stream().map(LoadBalancer::targetGroupArn)
        .collect(Collectors.toSet()));
    assertTrue(web.loadBalancers().stream().allMatch(lb -> lb.containerName().equals("web")
        && lb.containerPort() == 80));
    List<String> events = messages(cluster);
    assertEquals(4, registeredIn(events, groupA), events.toString());
    assertEquals(4, registeredIn(events, groupB), events.toString());
    int started = events.indexOf(events.stream().filter(m -> m.contains("has started")).findFirst().orElseThrow());
    int registered = events.indexOf(events.stream().filter(m -> m.contains(" registered ")).findFirst().orElseThrow());
    assertTrue(started < registered, "tasks start, then join: " + events);

    // Scale in to 2: two tasks leave both groups, DEACTIVATING, still holding their reservations.
    berth.ecs.updateService(b -> b.cluster(cluster).service("web").desiredCount(2));
    agent.reconcile();
    List<Task> draining = agent.tasks().stream().filter(t -> "DEACTIVATING".equals(t.lastStatus())).toList();
    assertEquals(2, draining.size(), agent.state());
    assertTrue(draining.stream().allMatch(t -> "STOPPED".equals(t.desiredStatus())), "told to stop");
    Set<String> staying = targetsOf(cluster, agent, "RUNNING");
    assertEquals(2, staying.size());
    assertEquals(staying, elb.targets(groupA), "the two left group a before being stopped");
    assertEquals(staying, elb.targets(groupB), "the two left group b before being stopped");
    for (Task t : draining) {
      assertEquals(768, Berth.remaining(berth.describeInstance(cluster, t.containerInstanceArn()), "CPU"),
          "a draining task keeps its reservation");
    }
    List<String> scaleIn = messages(cluster);
    int stopped = lastIndexContaining(scaleIn, "has stopped 2 running tasks");
    int deregA = lastIndexContaining(scaleIn, "deregistered 2 targets in (target-group " + groupA + ")");
    int deregB = lastIndexContaining(scaleIn, "deregistered 2 targets in (target-group " + groupB + ")");
    int drainingEvent = lastIndexContaining(scaleIn, "has begun draining connections on 2 tasks.");
    assertTrue(stopped >= 0 && stopped < deregA && deregA < drainingEvent && deregB < drainingEvent, scaleIn.toString());
    assertTrue(scaleIn.get(drainingEvent).startsWith("(service web, taskSet ecs-svc/"), scaleIn.get(drainingEvent));

    // The agent leaves them alone during the delay; the sweep before its end changes nothing.
    agent.report();
    clock.advance(Duration.ofSeconds(DELAY - MARGIN));
    agent.sweep();
    assertEquals(2, agent.tasks().stream().filter(t -> "DEACTIVATING".equals(t.lastStatus())).count(), agent.state());

    // Once the delay is over the service is due: they go STOPPING, the agent stops them, resources return.
    clock.advance(Duration.ofSeconds(MARGIN + 1));
    agent.sweep();
    assertEquals(2, agent.tasks().stream().filter(t -> "STOPPING".equals(t.lastStatus())).count(), agent.state());
    agent.report();
    agent.reconcile();
    for (Task t : draining) {
      Task now = berth.ecs.describeTasks(b -> b.cluster(cluster).tasks(t.taskArn())).tasks().get(0);
      assertEquals("STOPPED", now.lastStatus());
      assertEquals(1024, Berth.remaining(berth.describeInstance(cluster, t.containerInstanceArn()), "CPU"));
    }
    assertEquals(staying, elb.targets(groupA));
    assertEquals(List.of(), berth.ledgerDrift(cluster));
  }

  private static int lastIndexContaining(List<String> messages, String part) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).contains(part)) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void aDeploymentWithMinimumHealthy100NeverHasFewerThanFourHealthyTargets() throws Exception {
    String group = elb.targetGroup("roll", "instance", true, 0);
    String cluster = "elb-" + CLUSTERS.incrementAndGet();
    FakeAgent agent = cluster(cluster, 9);
    createService(cluster, 4, 0, group);
    converge(agent, cluster, 4, "web:1", () -> { });
    Set<String> old = targetsOf(cluster, agent, "RUNNING");
    assertEquals(old, elb.targets(group, "healthy"));

    int from = stub.changes.size();
    berth.ecs.updateService(b -> b.cluster(cluster).service("web").taskDefinition("web:2"));
    converge(agent, cluster, 4, "web:2", () -> { });
    // Every registration and deregistration, replayed: the emulator reports each registered target
    // healthy, so the group's membership after each call is its healthy targets at that step.
    List<Set<String>> steps = stub.membershipAfterEachChange(group, old, from);
    assertTrue(!steps.isEmpty());
    for (Set<String> step : steps) {
      assertTrue(step.size() >= 4, "healthy registered targets fell to " + step.size() + ": " + steps);
    }
    Set<String> now = targetsOf(cluster, agent, "RUNNING");
    assertEquals(4, now.size());
    assertTrue(now.stream().noneMatch(old::contains), "every task was replaced");
    assertEquals(now, elb.targets(group), "only the new revision's tasks remain registered");
    assertEquals(now, steps.get(steps.size() - 1));
    int firstLeave = 0;
    while (steps.get(firstLeave).containsAll(old)) {
      firstLeave++;
    }
    assertTrue(firstLeave > 0 && steps.get(firstLeave - 1).size() == 8,
        "all four new targets joined before an old one left: " + steps);
  }

  @Test
  void aTargetHeldUnhealthyPastTheGracePeriodIsReplaced() throws Exception {
    String group = elb.targetGroup("sick", "instance", true, 0);
    String cluster = "elb-" + CLUSTERS.incrementAndGet();
    FakeAgent agent = cluster(cluster, 4);
    createService(cluster, 2, MARGIN, group);
    agent.reconcile();
    List<Task> placed = agent.tasks();
    Task sick = placed.get(0);
    String sickTarget = targetsOfTask(cluster, sick);
    stub.unhealthy.add(sickTarget);
    try {
      agent.report();       // RUNNING
      agent.reconcile();    // registered
      assertTrue(elb.targets(group).contains(sickTarget));
      clock.advance(PAST_RECHECK);
      agent.sweep();        // unhealthy, but inside the grace period: kept
      Task during = describeTask(cluster, sick.taskArn());
      assertEquals("RUNNING", during.lastStatus());
      assertEquals("RUNNING", during.desiredStatus());

      clock.advance(Duration.ofSeconds(MARGIN));
      agent.sweep();        // past the grace period: replaced
      Task replaced = describeTask(cluster, sick.taskArn());
      assertEquals("STOPPED", replaced.desiredStatus());
      assertEquals("Task failed ELB health checks in (target-group " + group + ")", replaced.stoppedReason());
      assertTrue(!elb.targets(group).contains(sickTarget), "deregistered before it stops");
      List<String> events = messages(cluster);
      assertTrue(events.stream().anyMatch(m -> m.startsWith("(service web) (task " + sick.taskArn()
          .substring(sick.taskArn().lastIndexOf('/') + 1) + ") (instance ") && m.contains(") is unhealthy in "
          + "(target-group " + group + ") due to (reason Health checks failed with these codes: [502])")), events.toString());
      converge(agent, cluster, 2, "web:1", () -> { });
      Set<String> running = targetsOf(cluster, agent, "RUNNING");
      assertEquals(2, running.size());
      assertTrue(!running.contains(sickTarget));
      assertEquals(running, elb.targets(group, "healthy"));
    } finally {
      stub.unhealthy.remove(sickTarget);
    }
  }

  private static Task describeTask(String cluster, String arn) {
    return berth.ecs.describeTasks(b -> b.cluster(cluster).tasks(arn)).tasks().get(0);
  }

  private static String targetsOfTask(String cluster, Task t) {
    String ec2 = berth.describeInstance(cluster, t.containerInstanceArn()).ec2InstanceId();
    return ec2 + ":" + hostPort(t.taskArn());
  }

  @Test
  void throttlingCrashesDuplicatesAndALostInstanceLeaveNoStaleOrMissingTarget() throws Exception {
    String group = elb.targetGroup("repair", "instance", true, 0);
    String cluster = "elb-" + CLUSTERS.incrementAndGet();
    FakeAgent agent = cluster(cluster, 5);
    createService(cluster, 3, 0, group);

    // Throttled RegisterTargets calls are retried with backoff, and the pass that registered dies
    // before saving the service. It recorded the targets before registering them, so the next pass
    // finds them registered and healthy, and registers nothing again.
    stub.throttle.put("RegisterTargets", new AtomicInteger(2));
    stub.crashAfterNextRegistration = true;
    int before = stub.count("elbv2:RegisterTargets");
    agent.reconcile();
    agent.report();
    agent.reconcile();
    assertTrue(stub.crashing, "the pass registered, then could not save");
    stub.crashing = false;
    assertEquals(0, stub.throttle.get("RegisterTargets").get());
    assertTrue(stub.count("elbv2:RegisterTargets") - before >= 3, "two throttled calls and a retry that succeeded");
    assertEquals(targetsOf(cluster, agent, "RUNNING"), elb.targets(group), "registered before the crash");
    clock.advance(ServiceReconciler.LEASE.plusSeconds(1)); // the dead pass's lease runs out
    agent.heartbeat();
    converge(agent, cluster, 3, "web:1", () -> { });
    assertEquals(targetsOf(cluster, agent, "RUNNING"), elb.targets(group));
    List<String> events = messages(cluster);
    assertEquals(0, registeredIn(events, group), "only the crashed pass registered (its events were lost): " + events);
    assertEquals(3, stub.count("elbv2:RegisterTargets") - before, "no registration after the crash");

    // Duplicate reconcile messages and passes change nothing.
    var reconciler = berth.reconcilerAt(clock).services();
    reconciler.reconcile(cluster, "web");
    reconciler.reconcile(cluster, "web");
    agent.reconcile();
    assertEquals(targetsOf(cluster, agent, "RUNNING"), elb.targets(group));
    assertEquals(0, registeredIn(messages(cluster), group), "nothing registered again");

    // A target that left its group behind Berth's back is registered again by the next pass.
    String someTarget = elb.targets(group).iterator().next();
    new ElbDirect().deregister(group, someTarget);
    berth.ecs.updateService(b -> b.cluster(cluster).service("web").desiredCount(3)); // a pass, with no change
    agent.reconcile();
    assertEquals(targetsOf(cluster, agent, "RUNNING"), elb.targets(group), "the missing target is registered again");

    // A lost instance: its task stops, its target leaves, its replacement joins.
    Task victim = agent.tasks().stream().filter(t -> "RUNNING".equals(t.lastStatus())).findFirst().orElseThrow();
    String victimTarget = targetsOfTask(cluster, victim);
    agent.kill(victim.containerInstanceArn());
    clock.advance(Duration.ofMinutes(11));
    agent.heartbeat();
    agent.sweep();
    agent.sweep();
    converge(agent, cluster, 3, "web:1", () -> { });
    assertEquals("STOPPED", describeTask(cluster, victim.taskArn()).lastStatus());
    Set<String> running = targetsOf(cluster, agent, "RUNNING");
    assertTrue(!elb.targets(group).contains(victimTarget), "no target left for the lost task");
    assertEquals(running, elb.targets(group), "none missing for a running one");
  }

  @Test
  void badLoadBalancersAreRefusedAndNothingIsWritten() throws Exception {
    String ip = elb.targetGroup("ip", "ip", true, 0);
    String lonely = elb.targetGroup("lonely", "instance", false, 0);
    String cluster = "elb-bad";
    berth.createCluster(cluster);
    String unknown = groupA.substring(0, groupA.lastIndexOf('/') + 1) + "0123456789abcdef";
    record Case(String what, List<LoadBalancer> lbs, Integer grace, String role, String message) {}
    LoadBalancer.Builder ok = LoadBalancer.builder().targetGroupArn(groupA).containerName("web").containerPort(80);
    List<LoadBalancer> six = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      six.add(ok.build());
    }
    List<Case> cases = List.of(
        new Case("unknown target group", List.of(ok.copy().targetGroupArn(unknown).build()), null, null,
            "The target group with targetGroupArn " + unknown + " does not exist."),
        new Case("ip target type", List.of(ok.copy().targetGroupArn(ip).build()), null, null,
            "has target type ip, which is incompatible with the bridge network mode"),
        new Case("no load balancer", List.of(ok.copy().targetGroupArn(lonely).build()), null, null,
            "does not have an associated load balancer."),
        new Case("unknown container", List.of(ok.copy().containerName("api").build()), null, null,
            "The container api does not exist in the task definition."),
        new Case("unknown port", List.of(ok.copy().containerPort(8080).build()), null, null,
            "The container web did not have a container port 8080 defined."),
        new Case("six target groups", six, null, null, "at most 5 target groups"),
        new Case("role without load balancers", List.of(), null, "ecsServiceRole",
            "The role parameter can only be specified for services that use a load balancer."));
    int elbWrites = stub.count("elbv2:RegisterTargets");
    for (Case c : cases) {
      InvalidParameterException e = assertThrows(InvalidParameterException.class, () -> berth.ecs.createService(b -> b
          .cluster(cluster).serviceName("bad").taskDefinition("web:1").desiredCount(1).loadBalancers(c.lbs())
          .healthCheckGracePeriodSeconds(c.grace()).role(c.role())), c.what());
      assertEquals(400, e.statusCode(), c.what());
      assertTrue(e.awsErrorDetails().errorMessage().contains(c.message()), c.what() + ": " + e.getMessage());
    }
    assertEquals(List.of(), berth.ecs.listServices(b -> b.cluster(cluster)).serviceArns(), "nothing was written");
    assertEquals("MISSING", berth.ecs.describeServices(b -> b.cluster(cluster).services("bad")).failures().get(0)
        .reason());
    assertEquals(elbWrites, stub.count("elbv2:RegisterTargets"));

    // UpdateService: a bad list changes nothing; a good one starts a deployment.
    berth.ecs.createService(b -> b.cluster(cluster).serviceName("web").taskDefinition("web:1").desiredCount(0)
        .loadBalancers(ok.build()).role("ecsServiceRole"));
    Service before = describe(cluster);
    assertTrue(before.roleArn().endsWith(":role/ecsServiceRole"), before.roleArn());
    InvalidParameterException e = assertThrows(InvalidParameterException.class, () -> berth.ecs.updateService(b -> b
        .cluster(cluster).service("web").loadBalancers(ok.copy().targetGroupArn(ip).build())));
    assertTrue(e.getMessage().contains("target type ip"), e.getMessage());
    assertThrows(InvalidParameterException.class, () -> berth.ecs.updateService(b -> b.cluster(cluster).service("web")
        .loadBalancers(ok.copy().containerPort(8080).build()).healthCheckGracePeriodSeconds(10)));
    Service unchanged = describe(cluster);
    assertEquals(before.loadBalancers(), unchanged.loadBalancers());
    assertEquals(before.deployments(), unchanged.deployments());
    berth.ecs.updateService(b -> b.cluster(cluster).service("web").healthCheckGracePeriodSeconds(45));
    Service graced = describe(cluster);
    assertEquals(45, graced.healthCheckGracePeriodSeconds());
    assertEquals(1, graced.deployments().size(), "a new grace period is no new deployment");
    berth.ecs.updateService(b -> b.cluster(cluster).service("web").loadBalancers(ok.copy().targetGroupArn(groupB)
        .build()));
    Service changed = describe(cluster);
    assertEquals(groupB, changed.loadBalancers().get(0).targetGroupArn());
    assertEquals(2, changed.deployments().size(), "a change of load balancers starts a deployment");
  }

  /** ELBv2 on the emulator, bypassing Berth: what an outside change (or a lost call) looks like. */
  private static final class ElbDirect {
    void deregister(String group, String target) throws Exception {
      String[] idPort = target.split(":");
      AwsCli.Result r = new AwsCli(Emulator.endpoint().toString(), new String[] {"test", "test"}).service("elbv2",
          "deregister-targets", "--target-group-arn", group, "--targets", "Id=" + idPort[0] + ",Port=" + idPort[1]);
      assertEquals(0, r.exitCode(), r.stderr());
    }
  }
}
