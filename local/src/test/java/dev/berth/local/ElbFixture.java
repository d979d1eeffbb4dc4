package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.store.testing.ClassResource;
import dev.berth.store.testing.Emulator;
import dev.berth.store.testing.Teardown;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Load balancing on the emulator, set up with the AWS CLI as a user would: a VPC with two subnets,
 * an application load balancer, target groups (with a listener each, or none), and EC2 instances
 * whose ids go in the container instances' identity documents. Closing it deletes them all, the
 * last made first. A test class registers it as a {@link ClassResource} of {@link #create}.
 */
final class ElbFixture implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final AwsCli cli = new AwsCli(Emulator.endpoint().toString(), new String[] {"test", "test"});
  private final String suffix = UUID.randomUUID().toString().substring(0, 8);
  final String vpc;
  final String subnet;
  final String loadBalancer;
  private final Teardown teardown;
  private int listenerPort = 8000;

  private ElbFixture(Teardown teardown) throws Exception {
    this.teardown = teardown;
    vpc = teardown.add(json("ec2", "create-vpc", "--cidr-block", "10.20.0.0/16").path("Vpc").path("VpcId").asText(),
        id -> json("ec2", "delete-vpc", "--vpc-id", id));
    subnet = subnet("10.20.1.0/24", "us-east-1a");
    String other = subnet("10.20.2.0/24", "us-east-1b");
    loadBalancer = teardown.add(json("elbv2", "create-load-balancer", "--name", "lb-" + suffix, "--subnets", subnet,
            other).path("LoadBalancers").get(0).path("LoadBalancerArn").asText(),
        arn -> json("elbv2", "delete-load-balancer", "--load-balancer-arn", arn));
  }

  /** The VPC, its subnets and the load balancer; what a failing step leaves is deleted before it throws. */
  static ElbFixture create() throws Exception {
    return Teardown.open(ElbFixture::new);
  }

  private String subnet(String cidr, String zone) throws Exception {
    return teardown.add(json("ec2", "create-subnet", "--vpc-id", vpc, "--cidr-block", cidr, "--availability-zone",
        zone).path("Subnet").path("SubnetId").asText(), id -> json("ec2", "delete-subnet", "--subnet-id", id));
  }

  /** A target group of {@code type}, behind the load balancer when {@code listened}, with the given delay. */
  String targetGroup(String name, String type, boolean listened, int deregistrationDelay) throws Exception {
    String arn = teardown.add(json("elbv2", "create-target-group", "--name", name + "-" + suffix, "--protocol",
            "HTTP", "--port", "80", "--vpc-id", vpc, "--target-type", type).path("TargetGroups").get(0)
            .path("TargetGroupArn").asText(),
        group -> json("elbv2", "delete-target-group", "--target-group-arn", group));
    if (listened) {
      teardown.add(json("elbv2", "create-listener", "--load-balancer-arn", loadBalancer, "--protocol", "HTTP", "--port",
              String.valueOf(listenerPort++), "--default-actions", "Type=forward,TargetGroupArn=" + arn)
              .path("Listeners").get(0).path("ListenerArn").asText(),
          listener -> json("elbv2", "delete-listener", "--listener-arn", listener));
    }
    json("elbv2", "modify-target-group-attributes", "--target-group-arn", arn, "--attributes",
        "Key=deregistration_delay.timeout_seconds,Value=" + deregistrationDelay);
    return arn;
  }

  /** {@code count} running EC2 instances' ids. */
  List<String> instances(int count) throws Exception {
    List<String> ids = new ArrayList<>();
    json("ec2", "run-instances", "--image-id", "ami-12c6146b", "--count", String.valueOf(count), "--instance-type",
        "t3.micro", "--subnet-id", subnet).path("Instances").forEach(i -> ids.add(i.path("InstanceId").asText()));
    List<String> terminate = new ArrayList<>(List.of("terminate-instances", "--instance-ids"));
    terminate.addAll(ids);
    teardown.add(terminate, args -> json("ec2", args.toArray(String[]::new)));
    return ids;
  }

  /** The group's registered targets as "instance:port", in any health state. */
  Set<String> targets(String targetGroup) throws Exception {
    return targets(targetGroup, null);
  }

  /** The group's targets in {@code state} (all of them when null), as "instance:port". */
  Set<String> targets(String targetGroup, String state) throws Exception {
    Set<String> out = new TreeSet<>();
    json("elbv2", "describe-target-health", "--target-group-arn", targetGroup).path("TargetHealthDescriptions")
        .forEach(d -> {
          if (state == null || state.equals(d.path("TargetHealth").path("State").asText())) {
            out.add(d.path("Target").path("Id").asText() + ":" + d.path("Target").path("Port").asInt());
          }
        });
    return out;
  }

  /** Deletes what was made, the last first: instances, listeners, target groups, the load balancer, subnets, VPC. */
  @Override
  public void close() {
    teardown.close();
  }

  private JsonNode json(String service, String... args) throws Exception {
    AwsCli.Result result = cli.service(service, args);
    assertEquals(0, result.exitCode(), "aws " + service + " " + String.join(" ", args) + ": " + result.stderr());
    return JSON.readTree(result.stdout().isBlank() ? "{}" : result.stdout());
  }
}
