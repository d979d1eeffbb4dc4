package dev.berth.model;

import java.util.regex.Pattern;

/**
 * Builds ECS's long-format ARNs and resolves what clients send: a short name or id, or a full ARN
 * (long format with the cluster segment, or the legacy format without it).
 */
public final class Arns {
  private static final Pattern ID = Pattern.compile("[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern ARN = Pattern.compile("arn:aws[a-z-]*:ecs:[a-z0-9-]+:\\d{12}:([a-z-]+)/(.+)");

  private final Region region;

  public Arns(Region region) {
    this.region = region;
  }

  public Region region() {
    return region;
  }

  public String cluster(String name) {
    return region.arnPrefix() + "cluster/" + name;
  }

  public String containerInstance(String cluster, String id) {
    return region.arnPrefix() + "container-instance/" + cluster + "/" + id;
  }

  public String task(String cluster, String id) {
    return region.arnPrefix() + "task/" + cluster + "/" + id;
  }

  public String container(String cluster, String taskId, String containerId) {
    return region.arnPrefix() + "container/" + cluster + "/" + taskId + "/" + containerId;
  }

  public String service(String cluster, String name) {
    return region.arnPrefix() + "service/" + cluster + "/" + name;
  }

  public String serviceDeployment(String cluster, String service, String id) {
    return region.arnPrefix() + "service-deployment/" + cluster + "/" + service + "/" + id;
  }

  public String serviceRevision(String cluster, String service, String id) {
    return region.arnPrefix() + "service-revision/" + cluster + "/" + service + "/" + id;
  }

  /** A service deployment or service revision, by the cluster, service and id its ARN names. */
  public record ServiceChild(String cluster, String service, String id) {}

  /**
   * The parts of a {@code service-deployment} or {@code service-revision} ARN ({@code kind}):
   * {@code .../{cluster}/{service}/{id}}.
   */
  public static ServiceChild serviceChild(String kind, String arn) {
    var m = arn == null ? null : ARN.matcher(arn);
    if (m == null || !m.matches() || !m.group(1).equals(kind)) {
      throw EcsException.invalidParameter("Invalid " + kind + " ARN: " + arn);
    }
    String[] parts = m.group(2).split("/", -1);
    if (parts.length != 3 || !Names.isName(parts[0]) || !Names.isName(parts[1]) || !parts[2].matches("[A-Za-z0-9_-]{1,64}")) {
      throw EcsException.invalidParameter("Invalid " + kind + " ARN: " + arn);
    }
    return new ServiceChild(parts[0], parts[1], parts[2]);
  }

  /** An IAM role given by name or by ARN, as an ARN. */
  public String role(String nameOrArn) {
    if (nameOrArn.startsWith("arn:")) {
      return nameOrArn;
    }
    return "arn:" + region.partition() + ":iam::" + region.accountId() + ":role/" + nameOrArn;
  }

  public String taskDefinition(String family, int revision) {
    return region.arnPrefix() + "task-definition/" + family + ":" + revision;
  }

  /** A cluster given as a name or an ARN; {@code default} when absent. */
  public static String clusterName(String nameOrArn) {
    if (nameOrArn == null || nameOrArn.isEmpty()) {
      return "default";
    }
    if (nameOrArn.startsWith("arn:")) {
      var m = ARN.matcher(nameOrArn);
      if (!m.matches() || !m.group(1).equals("cluster") || !Names.isName(m.group(2))) {
        throw EcsException.invalidParameter("Invalid cluster ARN: " + nameOrArn);
      }
      return m.group(2);
    }
    if (!Names.isName(nameOrArn)) {
      throw EcsException.invalidParameter("Invalid cluster name: " + nameOrArn);
    }
    return nameOrArn;
  }

  /**
   * The id of a task or container instance given as an id or an ARN, checked against the cluster
   * the request names when the ARN carries one.
   */
  public static String resourceId(String kind, String idOrArn, String cluster) {
    if (idOrArn == null || idOrArn.isEmpty()) {
      throw EcsException.invalidParameter(kind + " cannot be empty.");
    }
    String id = idOrArn;
    if (idOrArn.startsWith("arn:")) {
      var m = ARN.matcher(idOrArn);
      if (!m.matches() || !m.group(1).equals(kind)) {
        throw EcsException.invalidParameter("Invalid " + kind + " ARN: " + idOrArn);
      }
      String rest = m.group(2);
      int slash = rest.indexOf('/');
      if (slash >= 0) {
        if (!rest.substring(0, slash).equals(cluster)) {
          throw EcsException.invalidParameter(
              "The " + kind + " ARN " + idOrArn + " does not belong to cluster " + cluster + ".");
        }
        rest = rest.substring(slash + 1);
      }
      id = rest;
    }
    if (!ID.matcher(id).matches()) {
      throw EcsException.invalidParameter("Invalid " + kind + " identifier: " + idOrArn);
    }
    return id;
  }

  /**
   * The name of a service given as a name or an ARN (long format with the cluster segment, checked
   * against the request's cluster, or the legacy format without it).
   */
  public static String serviceName(String nameOrArn, String cluster) {
    if (nameOrArn == null || nameOrArn.isEmpty()) {
      throw EcsException.invalidParameter("service cannot be empty.");
    }
    String name = nameOrArn;
    if (nameOrArn.startsWith("arn:")) {
      var m = ARN.matcher(nameOrArn);
      if (!m.matches() || !m.group(1).equals("service")) {
        throw EcsException.invalidParameter("Invalid service ARN: " + nameOrArn);
      }
      name = m.group(2);
      int slash = name.indexOf('/');
      if (slash >= 0) {
        if (!name.substring(0, slash).equals(cluster)) {
          throw EcsException.invalidParameter(
              "The service ARN " + nameOrArn + " does not belong to cluster " + cluster + ".");
        }
        name = name.substring(slash + 1);
      }
    }
    if (!Names.isName(name)) {
      throw EcsException.invalidParameter("Invalid service name: " + nameOrArn);
    }
    return name;
  }

  /** A task definition reference: {@code family}, {@code family:revision} or a full ARN. */
  public static TaskDefinitionRef taskDefinitionRef(String value) {
    if (value == null || value.isEmpty()) {
      throw EcsException.invalidParameter("TaskDefinition cannot be empty.");
    }
    String ref = value;
    if (value.startsWith("arn:")) {
      var m = ARN.matcher(value);
      if (!m.matches() || !m.group(1).equals("task-definition")) {
        throw EcsException.invalidParameter("Invalid revision number. Number: " + value);
      }
      ref = m.group(2);
      if (!ref.contains(":")) {
        throw EcsException.invalidParameter("Invalid revision number. Number: " + value);
      }
    }
    int colon = ref.lastIndexOf(':');
    String family = colon < 0 ? ref : ref.substring(0, colon);
    if (!Names.isName(family)) {
      throw EcsException.clientException("Invalid family name: " + family);
    }
    if (colon < 0) {
      return new TaskDefinitionRef(family, null);
    }
    try {
      int revision = Integer.parseInt(ref.substring(colon + 1));
      if (revision < 1) {
        throw new NumberFormatException();
      }
      return new TaskDefinitionRef(family, revision);
    } catch (NumberFormatException e) {
      throw EcsException.clientException("Invalid revision number. Number: " + ref.substring(colon + 1));
    }
  }

  /**
   * An ECS ARN taken apart: its resource type ({@code cluster}, {@code task}, ...) and the rest of
   * the resource part, e.g. {@code cluster/id} of a task. A malformed ARN is an InvalidParameterException.
   */
  public static ResourceArn resource(String arn) {
    var m = arn == null ? null : ARN.matcher(arn);
    if (m == null || !m.matches()) {
      throw EcsException.invalidParameter("Invalid ARN: " + arn);
    }
    return new ResourceArn(m.group(1), m.group(2));
  }

  /** The parts of an ECS ARN after the account: {@code type/path}. */
  public record ResourceArn(String type, String path) {}

  /** A family with an optional revision (null means the latest ACTIVE one). */
  public record TaskDefinitionRef(String family, Integer revision) {}
}
