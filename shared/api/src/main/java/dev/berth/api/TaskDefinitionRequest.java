package dev.berth.api;

import dev.berth.json.JsonTrees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.taskdefs.NewTaskDefinition;
import dev.berth.model.ContainerDefinition;
import dev.berth.model.EcsException;
import dev.berth.model.KeyValue;
import dev.berth.model.Names;
import dev.berth.model.PlacementConstraint;
import dev.berth.model.PortMapping;
import dev.berth.model.Tag;
import dev.berth.model.TagRules;
import dev.berth.protocol.Json;
import dev.berth.protocol.ServiceModel;
import dev.berth.protocol.ShapeRecord;
import dev.berth.scheduler.Units;
import dev.berth.scheduler.query.QueryParser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A RegisterTaskDefinition request, validated as ECS validates it for the EC2 launch type, and the
 * definition document Berth stores and DescribeTaskDefinition returns: Berth's own record of the
 * definition (see {@link ShapeRecord}), defaults filled in, cpu/memory as plain units, at most
 * 64 KiB.
 */
public record TaskDefinitionRequest(
    String family,
    String networkMode,
    String cpu,
    String memory,
    List<ContainerDefinition> containers,
    List<PlacementConstraint> placementConstraints,
    List<Tag> tags,
    ObjectNode document,
    List<String> requiresAttributes) {

  private static final Set<String> NETWORK_MODES = Set.of("bridge", "host", "awsvpc", "none");

  /** What {@link dev.berth.core.taskdefs.TaskDefinitions#register} takes: the same, its document as text. */
  public NewTaskDefinition toNewTaskDefinition() {
    return new NewTaskDefinition(family, networkMode, cpu, memory, containers, placementConstraints, tags,
        JsonTrees.text(document), requiresAttributes);
  }

  public static TaskDefinitionRequest parse(Json request) {
    String family = request.string("family");
    if (family == null || !Names.isName(family)) {
      throw EcsException.clientException(
          "Family name can have up to 255 characters: letters (upper and lower case), numbers, underscores and hyphens.");
    }
    String networkMode = request.string("networkMode");
    if (networkMode == null) {
      networkMode = "bridge";
    } else if (!NETWORK_MODES.contains(networkMode)) {
      throw EcsException.clientException("Invalid networkMode: " + networkMode);
    }
    String cpu = request.string("cpu");
    String memory = request.string("memory");
    Integer taskCpu = cpu == null ? null : Units.cpu(cpu);
    Integer taskMemory = memory == null ? null : Units.memory(memory);
    if (taskCpu != null && (taskCpu < 128 || taskCpu > 10240)) {
      throw EcsException.clientException("Invalid 'cpu' setting for task. Task cpu must be between 128 and 10240 units.");
    }
    if (taskMemory != null && taskMemory < 6) {
      throw EcsException.clientException("Invalid 'memory' setting for task.");
    }

    List<Json> containerJson = request.objects("containerDefinitions");
    if (containerJson == null || containerJson.isEmpty()) {
      throw EcsException.clientException("Container list cannot be empty.");
    }
    if (containerJson.size() > 10) {
      throw EcsException.clientException("A task definition can have at most 10 containers.");
    }
    List<ContainerDefinition> containers = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int cpuSum = 0;
    int memorySum = 0;
    for (Json c : containerJson) {
      ContainerDefinition def = container(c, networkMode);
      if (!names.add(def.name())) {
        throw EcsException.clientException("Duplicate container name: " + def.name());
      }
      if (taskMemory == null && nonZero(def.memory()) == null && nonZero(def.memoryReservation()) == null) {
        throw EcsException.clientException("Invalid setting for container '" + def.name()
            + "'. At least one of 'memory' or 'memoryReservation' must be specified.");
      }
      cpuSum += def.cpu();
      memorySum += def.memoryReservation() != null ? def.memoryReservation() : def.memory() != null ? def.memory() : 0;
      containers.add(def);
    }
    if (containers.stream().noneMatch(ContainerDefinition::essential)) {
      throw EcsException.clientException("At least one essential container is required.");
    }
    if (taskCpu != null && cpuSum > taskCpu) {
      throw EcsException.clientException("The sum of container cpu values exceeds the task cpu.");
    }
    if (taskMemory != null && memorySum > taskMemory) {
      throw EcsException.clientException("The sum of container memory values exceeds the task memory.");
    }
    List<PlacementConstraint> constraints = request.objects("placementConstraints", j ->
        new PlacementConstraint(j.string("type"), j.string("expression", 2000)));
    constraints = constraints == null ? List.of() : constraints;
    if (constraints.size() > 10) {
      throw EcsException.clientException("A task definition can have at most 10 placement constraints.");
    }
    for (PlacementConstraint pc : constraints) {
      if (!"memberOf".equals(pc.type())) {
        throw EcsException.clientException("TaskDefinition placementConstraint.type '" + pc.type() + "' is not supported.");
      }
      if (pc.expression() == null || pc.expression().isBlank()) {
        throw EcsException.clientException("A memberOf placement constraint needs an expression.");
      }
      QueryParser.parse(pc.expression()); // an unparsable expression fails registration, not a later RunTask
    }
    List<Tag> tags = tags(request);
    ObjectNode definition = definition(request.node());
    // checked on Berth's record: what is refused here is exactly what would have been stored
    SupportedFeatures.check(definition, networkMode);
    ObjectNode document = document(definition, networkMode, taskCpu, taskMemory);
    int size = ShapeRecord.size(document);
    if (size > MAX_SIZE) {
      throw EcsException.clientException("The task definition is " + size + " bytes; at most " + MAX_SIZE
          + " bytes (64 KiB) are allowed.");
    }
    return new TaskDefinitionRequest(family, networkMode, taskCpu == null ? null : String.valueOf(taskCpu),
        taskMemory == null ? null : String.valueOf(taskMemory), containers, constraints, tags,
        document, requiredAttributes(definition, networkMode));
  }

  /**
   * ECS's limit on a task definition's size. Checked on the record Berth stores, so what is stored
   * (and every item holding it) is bounded whatever the request carried.
   */
  static final int MAX_SIZE = 64 * 1024;

  /**
   * The members of a definition the client gives: those RegisterTaskDefinition accepts that a
   * TaskDefinition also has (not its tags, which are kept apart; not the members ECS sets itself,
   * such as status, revision or requiresAttributes).
   */
  private static final Set<String> CLIENT_MEMBERS = clientMembers();

  private static Set<String> clientMembers() {
    ServiceModel model = ServiceModel.get();
    Set<String> members = new HashSet<>(model.input("RegisterTaskDefinition").members().keySet());
    members.retainAll(model.shape("TaskDefinition").members().keySet());
    return Set.copyOf(members);
  }

  /**
   * Berth's own record of the definition the request describes: built member by member as ECS's
   * TaskDefinition shape types it, so nothing the client invented, and none of its JSON, is kept.
   */
  private static ObjectNode definition(ObjectNode request) {
    return ShapeRecord.of(ServiceModel.get()).build("TaskDefinition", request, CLIENT_MEMBERS);
  }

  /** The {@code tags} of a create call, checked with ECS's tag rules. */
  public static List<Tag> tags(Json request) {
    return TagRules.requested(request.objects("tags", t -> new Tag(t.string("key"), t.string("value"))));
  }

  private static ContainerDefinition container(Json c, String networkMode) {
    String name = c.string("name");
    if (name == null || name.isEmpty()) {
      throw EcsException.clientException("Container.name should not be null or empty.");
    }
    if (!Names.isName(name)) {
      throw EcsException.clientException("Container name can have up to 255 characters: letters, numbers, underscores and hyphens.");
    }
    String image = c.string("image", 2048);
    if (image == null || image.isBlank()) {
      throw EcsException.clientException("Container.image should not be null or empty.");
    }
    Integer cpu = c.integer("cpu");
    Integer memory = c.integer("memory");
    Integer reservation = c.integer("memoryReservation");
    if (cpu != null && cpu < 0) {
      throw EcsException.clientException("Invalid 'cpu' setting for container '" + name + "'.");
    }
    if (memory != null && memory < 6 || reservation != null && reservation < 6) {
      throw EcsException.clientException("Invalid setting for container '" + name
          + "'. The memory values must be at least 6 MiB.");
    }
    if (memory != null && reservation != null && memory <= reservation) {
      throw EcsException.clientException("Invalid setting for container '" + name
          + "'. 'memory' must be greater than 'memoryReservation'.");
    }
    List<PortMapping> ports = new ArrayList<>();
    List<Json> mappings = c.objects("portMappings");
    if (mappings != null) {
      if (!mappings.isEmpty() && networkMode.equals("none")) {
        throw EcsException.clientException("Port mappings are not allowed with the 'none' network mode.");
      }
      for (Json p : mappings) {
        Integer containerPort = p.integer("containerPort");
        Integer hostPort = p.integer("hostPort");
        String protocol = p.string("protocol");
        protocol = protocol == null ? "tcp" : protocol;
        if (!protocol.equals("tcp") && !protocol.equals("udp")) {
          throw EcsException.clientException("Invalid protocol " + protocol + " in a port mapping of '" + name + "'.");
        }
        if (containerPort == null || containerPort < 1 || containerPort > 65535) {
          throw EcsException.clientException("Invalid containerPort in a port mapping of '" + name + "'.");
        }
        if (hostPort != null && (hostPort < 0 || hostPort > 65535)) {
          throw EcsException.clientException("Invalid hostPort in a port mapping of '" + name + "'.");
        }
        if (!networkMode.equals("bridge") && hostPort != null && hostPort != 0 && !hostPort.equals(containerPort)) {
          throw EcsException.clientException("When networkMode=" + networkMode
              + ", the host port must be absent or equal to the container port.");
        }
        ports.add(new PortMapping(containerPort, hostPort, protocol));
      }
    }
    Boolean essential = c.bool("essential");
    List<KeyValue> env = c.objects("environment", e -> new KeyValue(e.string("name"), e.string("value")));
    Integer gpu = gpuRequirement(c, name, EcsException::clientException);
    return new ContainerDefinition(name, image, cpu == null ? 0 : cpu, memory, reservation,
        essential == null || essential, ports, c.strings("command"), c.strings("entryPoint"), env, c.integer("stopTimeout"),
        gpu == null ? 0 : gpu, c.has("healthCheck"));
  }

  /**
   * The GPU count of a container's {@code resourceRequirements} ({@code [{"type":"GPU","value":"2"}]},
   * the value a positive integer string), or null when it lists none. InferenceAccelerator is not
   * supported; any other type is invalid. Used for container definitions and container overrides.
   */
  public static Integer gpuRequirement(Json container, String name,
      java.util.function.Function<String, EcsException> error) {
    List<Json> requirements = container.objects("resourceRequirements");
    if (requirements == null) {
      return null;
    }
    Integer gpu = null;
    for (Json r : requirements) {
      String type = r.string("type");
      String value = r.string("value");
      if ("InferenceAccelerator".equals(type)) {
        throw error.apply("Resource requirement type InferenceAccelerator is not supported (container '" + name + "').");
      }
      if (!"GPU".equals(type)) {
        throw error.apply("Invalid resource requirement type " + type + " for container '" + name + "'.");
      }
      if (gpu != null) {
        throw error.apply("Container '" + name + "' lists the GPU resource requirement more than once.");
      }
      int count;
      try {
        count = value == null ? 0 : Integer.parseInt(value.trim());
      } catch (NumberFormatException e) {
        count = 0;
      }
      if (count < 1) {
        throw error.apply("Invalid GPU resource requirement value '" + value + "' for container '" + name
            + "'. It must be a positive integer.");
      }
      gpu = count;
    }
    return gpu;
  }

  private static Integer nonZero(Integer value) {
    return value == null || value == 0 ? null : value;
  }

  /**
   * The instance capabilities the definition's features need, as ECS derives them: placement only
   * considers instances whose agent registered these attributes (failure reason ATTRIBUTE).
   */
  static List<String> requiredAttributes(ObjectNode request, String networkMode) {
    java.util.Set<String> out = new java.util.TreeSet<>();
    if (networkMode.equals("awsvpc")) {
      out.add("ecs.capability.task-eni");
    }
    if (request.hasNonNull("taskRoleArn")) {
      out.add("com.amazonaws.ecs.capability.task-iam-role");
    }
    for (JsonNode c : request.path("containerDefinitions")) {
      if (c.hasNonNull("healthCheck")) {
        out.add("com.amazonaws.ecs.capability.container-health-check");
      }
      if (c.path("dependsOn").isArray() && !c.path("dependsOn").isEmpty()) {
        out.add("ecs.capability.container-ordering");
      }
      String driver = c.path("logConfiguration").path("logDriver").asText("");
      if (!driver.isEmpty()) {
        out.add("com.amazonaws.ecs.capability.logging-driver." + driver);
      }
      if (c.hasNonNull("repositoryCredentials")) {
        out.add("com.amazonaws.ecs.capability.private-registry-authentication.secretsmanager");
      }
    }
    return List.copyOf(out);
  }

  /**
   * The definition as DescribeTaskDefinition shows it: the request, defaults filled in. An explicit
   * JSON null counts as absent, as it does when the request is read.
   */
  private static ObjectNode document(ObjectNode definition, String networkMode, Integer cpu, Integer memory) {
    ObjectNode doc = definition.deepCopy();
    doc.put("networkMode", networkMode);
    if (cpu != null) {
      doc.put("cpu", String.valueOf(cpu));
    }
    if (memory != null) {
      doc.put("memory", String.valueOf(memory));
    }
    for (JsonNode node : doc.withArray("containerDefinitions")) {
      ObjectNode c = (ObjectNode) node;
      if (!c.hasNonNull("cpu")) {
        c.put("cpu", 0);
      }
      if (!c.hasNonNull("essential")) {
        c.put("essential", true);
      }
      for (String list : List.of("portMappings", "environment", "mountPoints", "volumesFrom")) {
        if (!c.hasNonNull(list)) {
          c.putArray(list);
        }
      }
      for (JsonNode p : (ArrayNode) c.get("portMappings")) {
        ObjectNode mapping = (ObjectNode) p;
        if (!mapping.hasNonNull("protocol")) {
          mapping.put("protocol", "tcp");
        }
        if (!mapping.hasNonNull("hostPort")) {
          mapping.put("hostPort", networkMode.equals("bridge") ? 0 : mapping.path("containerPort").intValue());
        }
      }
    }
    for (String list : List.of("volumes", "placementConstraints")) {
      if (!doc.hasNonNull(list)) {
        doc.putArray(list);
      }
    }
    // requiresAttributes is derived, never taken from the request.
    ArrayNode required = doc.putArray("requiresAttributes");
    requiredAttributes(definition, networkMode).forEach(name -> required.addObject().put("name", name));
    doc.putArray("compatibilities").add("EC2");
    return doc;
  }
}
