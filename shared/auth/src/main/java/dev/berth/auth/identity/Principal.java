package dev.berth.auth.identity;

/**
 * Who signed a request. A {@link Kind#USER} is a Berth IAM user, whose policies decide what it may do;
 * an {@link Kind#AGENT} holds a temporary credential bound to one container instance of one cluster and
 * may only do what an agent does, for that instance; an {@link Kind#INSTANCE_ROLE} is an agent on EC2
 * before it has registered: it proved an allowed instance role (its STS caller identity) and may only
 * register as the EC2 instance that role session names, in one cluster, and then take that instance's
 * credential.
 */
public record Principal(Kind kind, String name, String arn, String accessKeyId, String cluster,
    String containerInstanceArn, String ec2InstanceId) {
  public enum Kind { USER, AGENT, INSTANCE_ROLE }

  public static Principal user(String userName, String arn, String accessKeyId) {
    return new Principal(Kind.USER, userName, arn, accessKeyId, null, null, null);
  }

  public static Principal agent(String accessKeyId, String cluster, String containerInstanceArn) {
    String id = containerInstanceArn.substring(containerInstanceArn.lastIndexOf('/') + 1);
    return new Principal(Kind.AGENT, id, containerInstanceArn, accessKeyId, cluster, containerInstanceArn, null);
  }

  /** @param callerArn the STS assumed-role ARN the proof showed, {@code arn:aws:sts::<account>:assumed-role/<role>/<instance id>} */
  public static Principal instanceRole(String accessKeyId, String cluster, String callerArn, String ec2InstanceId) {
    String name = callerArn.substring(callerArn.indexOf(":assumed-role/") + ":assumed-role/".length());
    return new Principal(Kind.INSTANCE_ROLE, name, callerArn, accessKeyId, cluster, null, ec2InstanceId);
  }

  public boolean isAgent() {
    return kind == Kind.AGENT;
  }

  public boolean isInstanceRole() {
    return kind == Kind.INSTANCE_ROLE;
  }
}
