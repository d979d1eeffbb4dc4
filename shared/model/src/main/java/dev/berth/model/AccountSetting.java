package dev.berth.model;

/**
 * An ECS account setting of one principal (an IAM user or role, or the account's root for the
 * account default). {@code type} is {@code user} when someone set it, {@code aws_managed} for
 * ECS's own default.
 */
public record AccountSetting(String name, String value, String principalArn, String type) {
  public static final String USER = "user";
  public static final String AWS_MANAGED = "aws_managed";
}
