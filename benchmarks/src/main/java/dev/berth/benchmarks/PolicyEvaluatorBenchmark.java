package dev.berth.benchmarks;

import dev.berth.auth.policy.AuthorizationRequest;
import dev.berth.auth.policy.ContextKeys;
import dev.berth.auth.policy.Decision;
import dev.berth.auth.policy.PolicyDocument;
import dev.berth.auth.policy.PolicyEvaluator;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What one authorisation costs: a realistic 20-statement policy (Allow and Deny, wildcards,
 * NotAction, ArnLike, StringEquals on tags, IpAddress, a date window, a policy variable) against a
 * few representative ECS requests. Prints evaluations per second over a timed loop, then the
 * median and 99th percentile of single evaluations timed one by one (which includes about
 * 20-30 ns of {@code System.nanoTime} overhead). Pure CPU: no endpoint, no I/O.
 *
 * <p>{@code BENCH_SECONDS} (default 3) sets the length of each timed loop.
 */
public final class PolicyEvaluatorBenchmark {
  private static final String ACCOUNT = "123456789012";
  private static final String ARN = "arn:aws:ecs:us-east-1:" + ACCOUNT + ":";

  private static final String POLICY = """
      {"Version": "2012-10-17", "Statement": [
        {"Sid": "DenyOutsideOffice", "Effect": "Deny", "NotAction": ["ecs:Describe*", "ecs:List*"], "Resource": "*",
         "Condition": {"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24", "198.51.100.0/24", "2001:db8::/32"]}}},
        {"Sid": "DenyProdDeletes", "Effect": "Deny", "Action": ["ecs:DeleteCluster", "ecs:DeleteService"],
         "Resource": ["ARN:cluster/prod*", "ARN:service/prod*"]},
        {"Sid": "DenyInsecure", "Effect": "Deny", "Action": "*", "Resource": "*",
         "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
        {"Sid": "DenyUntaggedCreate", "Effect": "Deny", "Action": "ecs:CreateService", "Resource": "*",
         "Condition": {"Null": {"aws:RequestTag/team": "true"}}},
        {"Sid": "DenyForeignTagKeys", "Effect": "Deny", "Action": ["ecs:TagResource", "ecs:Create*"], "Resource": "*",
         "Condition": {"ForAnyValue:StringNotEquals": {"aws:TagKeys": ["team", "env", "cost-center"]}}},
        {"Sid": "ReadEverything", "Effect": "Allow", "Action": ["ecs:Describe*", "ecs:List*"], "Resource": "*"},
        {"Sid": "RunOnDevClusters", "Effect": "Allow", "Action": ["ecs:RunTask", "ecs:StartTask"],
         "Resource": "ARN:task-definition/*",
         "Condition": {"ArnLike": {"ecs:cluster": ["ARN:cluster/dev*", "ARN:cluster/staging-*"]}}},
        {"Sid": "RunOnProdWithTag", "Effect": "Allow", "Action": "ecs:RunTask", "Resource": "ARN:task-definition/web*:*",
         "Condition": {"ArnLike": {"ecs:cluster": "ARN:cluster/prod*"},
                       "StringEquals": {"aws:PrincipalTag/team": "web"}}},
        {"Sid": "StopOwnTeamTasks", "Effect": "Allow", "Action": "ecs:StopTask", "Resource": "ARN:task/*",
         "Condition": {"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}}},
        {"Sid": "ManageOwnClusters", "Effect": "Allow", "Action": ["ecs:*Cluster*"],
         "Resource": "ARN:cluster/${aws:username}-*"},
        {"Sid": "ServicesInDev", "Effect": "Allow", "Action": ["ecs:CreateService", "ecs:UpdateService", "ecs:DeleteService"],
         "Resource": "ARN:service/dev*/*"},
        {"Sid": "SmallTaskDefinitions", "Effect": "Allow", "Action": "ecs:RegisterTaskDefinition", "Resource": "*",
         "Condition": {"NumericLessThanEquals": {"ecs:task-cpu": "4096", "ecs:task-memory": "16384"}}},
        {"Sid": "TagOnCreate", "Effect": "Allow", "Action": "ecs:TagResource", "Resource": "*",
         "Condition": {"StringEquals": {"ecs:CreateAction": ["CreateCluster", "CreateService", "RunTask"]}}},
        {"Sid": "DrainDevInstances", "Effect": "Allow", "Action": "ecs:UpdateContainerInstancesState",
         "Resource": "ARN:container-instance/dev*/*"},
        {"Sid": "AgentsInVpc", "Effect": "Allow",
         "Action": ["ecs:RegisterContainerInstance", "ecs:Submit*", "ecs:DiscoverPollEndpoint"], "Resource": "*",
         "Condition": {"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "172.16.0.0/12"]}}},
        {"Sid": "OnCallWindow", "Effect": "Allow", "Action": ["ecs:UpdateService", "ecs:StopTask"], "Resource": "ARN:*/prod*",
         "Condition": {"DateGreaterThan": {"aws:CurrentTime": "2026-01-01T00:00:00Z"},
                       "DateLessThan": {"aws:CurrentTime": "2026-12-31T23:59:59Z"},
                       "StringEqualsIgnoreCase": {"aws:PrincipalTag/oncall": "yes"}}},
        {"Sid": "CapacityProviders", "Effect": "Allow", "Action": "ecs:PutClusterCapacityProviders",
         "Resource": "ARN:cluster/dev*"},
        {"Sid": "AttributesOnDev", "Effect": "Allow", "Action": ["ecs:PutAttributes", "ecs:DeleteAttributes"],
         "Resource": "ARN:cluster/dev*", "Condition": {"StringLike": {"ecs:cluster": "*dev*"}}},
        {"Sid": "ExecInDev", "Effect": "Allow", "Action": "ecs:ExecuteCommand", "Resource": "ARN:task/dev*/*",
         "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}},
        {"Sid": "UntagOwn", "Effect": "Allow", "Action": "ecs:UntagResource", "Resource": "*",
         "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["env", "cost-center"]}}}
      ]}
      """.replace("ARN:", ARN);

  private record Scenario(String name, AuthorizationRequest request, Decision expected) {}

  private PolicyEvaluatorBenchmark() {}

  public static void main(String[] args) {
    double seconds = Double.parseDouble(System.getenv().getOrDefault("BENCH_SECONDS", "3"));
    List<PolicyDocument> policies = List.of(PolicyDocument.parse(POLICY));
    Map<String, List<String>> caller = Map.of(
        "aws:SourceIp", List.of("203.0.113.42"),
        "aws:SecureTransport", List.of("true"),
        "aws:username", List.of("alice"),
        "aws:PrincipalTag/team", List.of("web"),
        "aws:CurrentTime", List.of("2026-06-01T12:00:00Z"));
    List<Scenario> scenarios = List.of(
        new Scenario("RunTask on prod (allowed by statement 8 of 20)",
            request("ecs:RunTask", ARN + "task-definition/web-api:42", caller,
                Map.of("ecs:cluster", List.of(ARN + "cluster/prod-eu"))),
            Decision.ALLOW),
        new Scenario("DeleteCluster on prod (explicit deny)",
            request("ecs:DeleteCluster", ARN + "cluster/prod-eu", caller, Map.of()),
            Decision.EXPLICIT_DENY),
        new Scenario("StopTask, resource tag read on demand",
            request("ecs:StopTask", ARN + "task/dev-1/0f1e2d3c", caller,
                Map.of("aws:ResourceTag/team", List.of("web"))),
            Decision.ALLOW),
        new Scenario("DescribeTasks (allowed early, read-only)",
            request("ecs:DescribeTasks", ARN + "task/prod-eu/0f1e2d3c", caller, Map.of()),
            Decision.ALLOW),
        new Scenario("CreateCapacityProvider (no statement: all 20 tried)",
            request("ecs:CreateCapacityProvider", ARN + "capacity-provider/cp1", caller, Map.of()),
            Decision.IMPLICIT_DENY));

    for (Scenario s : scenarios) {
      Decision actual = PolicyEvaluator.evaluate(policies, s.request());
      if (actual != s.expected()) {
        throw new IllegalStateException(s.name() + ": expected " + s.expected() + " but got " + actual);
      }
    }
    long sink = 0;
    long warmUntil = System.nanoTime() + 2_000_000_000L;
    while (System.nanoTime() < warmUntil) {
      for (Scenario s : scenarios) {
        sink += PolicyEvaluator.evaluate(policies, s.request()).ordinal();
      }
    }

    System.out.printf("policy: 20 statements, %d non-whitespace characters; %d cores, Java %s%n",
        policies.get(0).nonWhitespaceLength(), Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    System.out.printf("%-55s %16s %12s %12s%n", "request", "evaluations/s", "median ns", "p99 ns");
    for (Scenario s : scenarios) {
      long count = 0;
      long start = System.nanoTime();
      long end = start + (long) (seconds * 1e9);
      long now;
      do {
        for (int i = 0; i < 1000; i++) {
          sink += PolicyEvaluator.evaluate(policies, s.request()).ordinal();
        }
        count += 1000;
        now = System.nanoTime();
      } while (now < end);
      double perSecond = count / ((now - start) / 1e9);

      long[] samples = new long[200_000];
      for (int i = 0; i < samples.length; i++) {
        long t0 = System.nanoTime();
        sink += PolicyEvaluator.evaluate(policies, s.request()).ordinal();
        samples[i] = System.nanoTime() - t0;
      }
      Arrays.sort(samples);
      System.out.printf("%-55s %,16.0f %12d %12d%n", s.name(), perSecond,
          samples[samples.length / 2], samples[(int) (samples.length * 0.99)]);
    }
    System.out.println("(checksum " + sink + ")");
  }

  private static AuthorizationRequest request(String action, String resource,
      Map<String, List<String>> caller, Map<String, List<String>> extra) {
    Map<String, List<String>> keys = new java.util.HashMap<>(caller);
    keys.putAll(extra);
    return new AuthorizationRequest(action, resource, ContextKeys.of(keys));
  }
}
