package dev.berth.model;

/** The partition, region and account that every ARN Berth hands out is made of. */
public record Region(String partition, String name, String accountId) {
  public static Region of(String name, String accountId) {
    String partition = name.startsWith("cn-") ? "aws-cn" : name.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    return new Region(partition, name, accountId);
  }

  /** What every ECS ARN of this partition, region and account starts with. */
  public String arnPrefix() {
    return "arn:" + partition + ":ecs:" + name + ":" + accountId + ":";
  }
}
