package dev.berth.scheduler;

import dev.berth.model.Attribute;
import dev.berth.model.ContainerInstance;
import dev.berth.model.Resource;
import dev.berth.model.Resources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * Random clusters and placement requests for the property tests, plus an independent statement of
 * what placement must respect (the first unmet requirement of an instance, and each generated
 * memberOf expression as a plain Java predicate).
 */
final class PlacementGenerators {
  static final String ZONE = DefaultStrategies.ZONE_ATTRIBUTE;
  static final String TYPE = "ecs.instance-type";
  static final String STACK = "stack";
  static final List<String> ZONES = List.of("us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d");
  static final List<String> TYPES = List.of("t3.large", "m5.xlarge", "c5.2xlarge", "g4dn.xlarge");
  static final List<String> GROUPS = List.of("service:web", "service:db", "family:batch", "family:etl");
  static final Set<Integer> AGENT_PORTS = Set.of(22, 2375, 2376, 51678, 51679);
  static final List<Integer> APP_TCP = List.of(80, 443, 8080, 8443, 9000);
  static final List<Integer> UDP = List.of(53, 123, 514);
  /** Agent capabilities: attributes registered without a value, which task definitions may require. */
  static final List<String> CAPABILITIES = List.of("com.amazonaws.ecs.capability.task-iam-role",
      "ecs.capability.task-eni", "ecs.capability.container-health-check");

  /** A memberOf constraint together with what it must mean. */
  record Rule(Constraint constraint, Predicate<ContainerInstance> allows) {}

  /** A generated request and the meaning of each of its constraints, in order. */
  record Case(PlacementRequest request, List<Rule> rules) {}

  private PlacementGenerators() {}

  static <T> T pick(RandomGenerator r, List<T> values) {
    return values.get(r.nextInt(values.size()));
  }

  static boolean chance(RandomGenerator r, double p) {
    return r.nextDouble() < p;
  }

  static String instanceId(int i) {
    return String.format("ci-%03d", i);
  }

  static String ec2Id(int i) {
    return String.format("i-%03d", i);
  }

  /** An instance with no tasks. */
  static ContainerInstance instance(String id, String ec2, String status, boolean connected, int cpu, int memory,
      Map<String, String> attributes) {
    List<Attribute> attrs = new ArrayList<>();
    attributes.forEach((k, v) -> attrs.add(Attribute.of(k, v)));
    List<Resource> registered = List.of(Resource.integer("CPU", cpu), Resource.integer("MEMORY", memory),
        Resource.stringSet("PORTS", AGENT_PORTS.stream().sorted().map(String::valueOf).toList()),
        Resource.stringSet("PORTS_UDP", List.of()));
    return new ContainerInstance("default", id, ec2, status, null, connected, registered, cpu, memory, AGENT_PORTS,
        Set.of(), Map.of(), attrs, null, Instant.EPOCH, 1, List.of());
  }

  /** The instance after a task of the group takes {@code need} on it (the ledger's reserve). */
  static ContainerInstance apply(ContainerInstance ci, String taskId, Resources need, String group) {
    Set<Integer> tcp = new HashSet<>(ci.tcpPortsInUse());
    tcp.addAll(need.tcpPorts());
    Set<Integer> udp = new HashSet<>(ci.udpPortsInUse());
    udp.addAll(need.udpPorts());
    Map<String, ContainerInstance.Reservation> reservations = new HashMap<>(ci.reservations());
    reservations.put(taskId, new ContainerInstance.Reservation(need, Instant.EPOCH, group));
    return new ContainerInstance(ci.cluster(), ci.id(), ci.ec2InstanceId(), ci.status(), ci.statusReason(),
        ci.agentConnected(), ci.registeredResources(), ci.remainingCpu() - need.cpu(),
        ci.remainingMemory() - need.memory(), tcp, udp, reservations, ci.attributes(), ci.versionInfo(),
        ci.registeredAt(), ci.version() + 1, ci.tags());
  }

  /** Replaces the instance with the same id in the list. */
  static void replace(List<ContainerInstance> cluster, ContainerInstance updated) {
    for (int i = 0; i < cluster.size(); i++) {
      if (cluster.get(i).id().equals(updated.id())) {
        cluster.set(i, updated);
        return;
      }
    }
    throw new AssertionError("no instance " + updated.id());
  }

  static Resources need(int cpu, int memory, Set<Integer> tcp, Set<Integer> udp) {
    return new Resources(cpu, memory, tcp, udp);
  }

  /**
   * 1-60 instances: mostly ACTIVE (some DRAINING, a few INACTIVE), some with the agent
   * disconnected, varied sizes, zone/type/stack attributes (the zone and stack sometimes missing),
   * most of the agent capabilities, and 0-4 existing tasks each with a group, resources and
   * sometimes static ports.
   */
  static List<ContainerInstance> cluster(RandomGenerator r) {
    int n = 1 + r.nextInt(60);
    List<ContainerInstance> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double s = r.nextDouble();
      String status = s < 0.08 ? ContainerInstance.DRAINING : s < 0.12 ? ContainerInstance.INACTIVE
          : ContainerInstance.ACTIVE;
      Map<String, String> attributes = new TreeMap<>();
      if (chance(r, 0.9)) {
        attributes.put(ZONE, pick(r, ZONES.subList(0, 3)));
      }
      attributes.put(TYPE, pick(r, TYPES));
      if (chance(r, 0.5)) {
        attributes.put(STACK, chance(r, 0.5) ? "prod" : "test");
      }
      for (String capability : CAPABILITIES) {
        if (chance(r, 0.8)) {
          attributes.put(capability, null);
        }
      }
      ContainerInstance ci = instance(instanceId(i), ec2Id(i), status, chance(r, 0.9),
          pick(r, List.of(1024, 2048, 4096, 8192)), pick(r, List.of(1024, 2048, 3943, 7982, 15993)), attributes);
      int tasks = r.nextInt(5);
      for (int t = 0; t < tasks; t++) {
        int cpu = pick(r, List.of(0, 128, 256, 512, 1024));
        int memory = pick(r, List.of(128, 256, 512, 1024, 2048));
        if (cpu > ci.remainingCpu() || memory > ci.remainingMemory()) {
          continue;
        }
        Set<Integer> tcp = new HashSet<>();
        if (chance(r, 0.3)) {
          int port = pick(r, APP_TCP);
          if (!ci.tcpPortsInUse().contains(port)) {
            tcp.add(port);
          }
        }
        Set<Integer> udp = new HashSet<>();
        if (chance(r, 0.15)) {
          int port = pick(r, UDP);
          if (!ci.udpPortsInUse().contains(port)) {
            udp.add(port);
          }
        }
        ci = apply(ci, ci.id() + "-t" + t, need(cpu, memory, tcp, udp), pick(r, GROUPS));
      }
      out.add(ci);
    }
    return out;
  }

  /**
   * A task: cpu/memory from 0 to the largest instance, 0-2 static TCP ports (the agent's ssh port
   * among them), sometimes a UDP port; a group (sometimes none); sometimes distinctInstance and
   * 0-2 memberOf expressions; 0-3 strategies out of random/binpack/spread; sometimes one or two
   * required capabilities.
   */
  static Case request(RandomGenerator r, List<ContainerInstance> cluster) {
    int cpu = pick(r, List.of(0, 64, 128, 256, 512, 1024, 2048, 4096, 8192));
    int memory = pick(r, List.of(32, 128, 256, 512, 1024, 2048, 4096, 8192, 16000));
    Set<Integer> tcp = new TreeSet<>();
    int ports = r.nextInt(3);
    for (int i = 0; i < ports; i++) {
      tcp.add(chance(r, 0.15) ? 22 : pick(r, APP_TCP));
    }
    Set<Integer> udp = chance(r, 0.2) ? Set.of(pick(r, UDP)) : Set.of();
    String group = chance(r, 0.15) ? null : chance(r, 0.2) ? "service:new" : pick(r, GROUPS);

    List<Rule> rules = new ArrayList<>();
    if (chance(r, 0.3)) {
      rules.add(new Rule(Constraint.DISTINCT_INSTANCE,
          ci -> group == null || ci.taskGroups().noneMatch(group::equals)));
    }
    int memberOfs = r.nextInt(3);
    for (int i = 0; i < memberOfs; i++) {
      rules.add(memberOf(r, cluster));
    }
    if (rules.size() > 1 && chance(r, 0.5)) {
      java.util.Collections.shuffle(rules, new java.util.Random(r.nextLong()));
    }

    List<Strategy> strategies = new ArrayList<>();
    int count = r.nextInt(4);
    for (int i = 0; i < count; i++) {
      strategies.add(strategy(r));
    }
    Set<String> required = new TreeSet<>();
    if (chance(r, 0.3)) {
      required.add(pick(r, CAPABILITIES));
      if (chance(r, 0.3)) {
        required.add(pick(r, CAPABILITIES));
      }
    }
    return new Case(new PlacementRequest(need(cpu, memory, tcp, udp), group,
        rules.stream().map(Rule::constraint).toList(), strategies, required), rules);
  }

  static Strategy strategy(RandomGenerator r) {
    return switch (r.nextInt(7)) {
      case 0 -> Strategy.RANDOM;
      case 1 -> new Strategy.Binpack(Strategy.Binpack.Field.CPU);
      case 2 -> new Strategy.Binpack(Strategy.Binpack.Field.MEMORY);
      case 3 -> new Strategy.Spread("instanceId");
      case 4 -> new Strategy.Spread("host");
      case 5 -> new Strategy.Spread("attribute:" + ZONE);
      default -> new Strategy.Spread("attribute:" + STACK);
    };
  }

  /** One of a few memberOf expressions, with its meaning. */
  static Rule memberOf(RandomGenerator r, List<ContainerInstance> cluster) {
    return switch (r.nextInt(9)) {
      case 0 -> rule("attribute:ecs.availability-zone == us-east-1a", ci -> "us-east-1a".equals(ci.attribute(ZONE)));
      case 1 -> rule("attribute:ecs.availability-zone in [us-east-1b, us-east-1c]",
          ci -> "us-east-1b".equals(ci.attribute(ZONE)) || "us-east-1c".equals(ci.attribute(ZONE)));
      case 2 -> rule("attribute:ecs.instance-type =~ g4dn.*", ci -> ci.attribute(TYPE).startsWith("g4dn"));
      case 3 -> rule("not(task:group == service:db)", ci -> ci.taskGroups().noneMatch("service:db"::equals));
      case 4 -> rule("attribute:stack exists", ci -> ci.attribute(STACK) != null);
      case 5 -> rule("runningTasksCount < 3", ci -> ci.reservations().size() < 3);
      case 6 -> rule("attribute:ecs.instance-type != t3.large and attribute:stack != test",
          ci -> !"t3.large".equals(ci.attribute(TYPE)) && !"test".equals(ci.attribute(STACK)));
      case 7 -> rule("attribute:ecs.availability-zone != us-east-1a or runningTasksCount == 0",
          ci -> !"us-east-1a".equals(ci.attribute(ZONE)) || ci.reservations().isEmpty());
      default -> {
        Set<String> ids = new TreeSet<>();
        for (ContainerInstance ci : cluster) {
          if (chance(r, 0.3)) {
            ids.add(ci.ec2InstanceId());
          }
        }
        if (ids.isEmpty()) {
          ids.add("i-999");
        }
        String list = ids.stream().map(id -> "'" + id + "'").collect(Collectors.joining(", ", "[", "]"));
        yield rule("ec2InstanceId in " + list, ci -> ids.contains(ci.ec2InstanceId()));
      }
    };
  }

  private static Rule rule(String expression, Predicate<ContainerInstance> meaning) {
    return new Rule(new MemberOf(expression), meaning);
  }

  /** The same for a task that requires no attributes. */
  static String firstUnmet(ContainerInstance ci, Resources need) {
    return firstUnmet(ci, need, Set.of());
  }

  /**
   * The first requirement the instance does not meet, in ECS's order (status, agent, required
   * attributes, CPU, memory, TCP ports, UDP ports), or null when it fits. A required attribute is
   * met by its name alone: capabilities have no value.
   */
  static String firstUnmet(ContainerInstance ci, Resources need, Set<String> requiredAttributes) {
    if (!ContainerInstance.ACTIVE.equals(ci.status())) {
      return ci.status();
    }
    if (!ci.agentConnected()) {
      return "AGENT";
    }
    for (String name : requiredAttributes) {
      if (ci.attributes().stream().noneMatch(a -> a.name().equals(name))) {
        return "ATTRIBUTE";
      }
    }
    if (ci.remainingCpu() < need.cpu()) {
      return "RESOURCE:CPU";
    }
    if (ci.remainingMemory() < need.memory()) {
      return "RESOURCE:MEMORY";
    }
    for (int port : need.tcpPorts()) {
      if (ci.tcpPortsInUse().contains(port)) {
        return "RESOURCE:PORTS";
      }
    }
    for (int port : need.udpPorts()) {
      if (ci.udpPortsInUse().contains(port)) {
        return "RESOURCE:PORTS_UDP";
      }
    }
    return null;
  }

  static boolean live(ContainerInstance ci) {
    return !ContainerInstance.INACTIVE.equals(ci.status());
  }

  /** Tasks that count for spread: those of the group, or all of them when there is no group. */
  static long tasksOf(ContainerInstance ci, String group) {
    return group == null ? ci.reservations().size()
        : ci.reservations().values().stream().filter(res -> Objects.equals(group, res.group())).count();
  }

  /** The value an instance has for a spread field; instances without the attribute share one bucket. */
  static String bucket(ContainerInstance ci, String field) {
    if (field.equals("instanceId") || field.equals("host")) {
      return "id:" + ci.id();
    }
    String value = ci.attribute(field.substring("attribute:".length()));
    return value == null ? "missing" : "value:" + value;
  }
}
