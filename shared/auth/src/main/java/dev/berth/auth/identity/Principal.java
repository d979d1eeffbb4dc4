package dev.berth.auth.identity;

/**
 * Who signed a request. A {@link Kind#USER} is a Berth IAM user, whose policies decide what it may do;
 * an {@link Kind#AGENT} holds a temporary credential bound to one container instance of one cluster and
 * may only do what an agent does, for that instance.
 */
public record Principal(Kind kind, String name, String arn, String accessKeyId, String cluster,
    String containerInstanceArn) {
  public enum Kind { USER, AGENT }

  public static Principal user(String userName, String arn, String accessKeyId) {
    return new Principal(Kind.USER, userName, arn, accessKeyId, null, null);
  }

  public static Principal agent(String accessKeyId, String cluster, String containerInstanceArn) {
    String id = containerInstanceArn.substring(containerInstanceArn.lastIndexOf('/') + 1);
    return new Principal(Kind.AGENT, id, containerInstanceArn, accessKeyId, cluster, containerInstanceArn);
  }

  public boolean isAgent() {
    return kind == Kind.AGENT;
  }
}
