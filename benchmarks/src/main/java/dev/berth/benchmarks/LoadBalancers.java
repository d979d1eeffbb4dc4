package dev.berth.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * The load balancing a load-balanced benchmark run needs, on the AWS endpoint: a VPC and two
 * subnets and the EC2 instances (with the AWS CLI), an application load balancer with one target
 * group per service, each behind a listener of its own (with the SDK, as there are many).
 */
record LoadBalancers(List<String> instanceIds, List<String> targetGroups) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static LoadBalancers create(int instances, int services) throws Exception {
    String endpoint = System.getenv().getOrDefault("AWS_ENDPOINT_URL", "http://localhost:4566");
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    String vpc = cli(endpoint, "ec2", "create-vpc", "--cidr-block", "10.30.0.0/16").path("Vpc").path("VpcId").asText();
    String a = cli(endpoint, "ec2", "create-subnet", "--vpc-id", vpc, "--cidr-block", "10.30.1.0/24",
        "--availability-zone", "us-east-1a").path("Subnet").path("SubnetId").asText();
    String b = cli(endpoint, "ec2", "create-subnet", "--vpc-id", vpc, "--cidr-block", "10.30.2.0/24",
        "--availability-zone", "us-east-1b").path("Subnet").path("SubnetId").asText();
    List<String> ids = new ArrayList<>();
    cli(endpoint, "ec2", "run-instances", "--image-id", "ami-12c6146b", "--count", String.valueOf(instances),
        "--instance-type", "t3.micro", "--subnet-id", a).path("Instances")
        .forEach(i -> ids.add(i.path("InstanceId").asText()));
    List<String> groups = new ArrayList<>();
    try (var elb = ElasticLoadBalancingV2Client.builder().endpointOverride(URI.create(endpoint))
        .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build()) {
      String lb = elb.createLoadBalancer(r -> r.name("bench-" + suffix).subnets(a, b)).loadBalancers().get(0)
          .loadBalancerArn();
      for (int i = 0; i < services; i++) {
        String name = "b" + suffix + "-" + i;
        String group = elb.createTargetGroup(r -> r.name(name).protocol("HTTP").port(80).vpcId(vpc)
            .targetType("instance")).targetGroups().get(0).targetGroupArn();
        int port = 10000 + i;
        elb.createListener(r -> r.loadBalancerArn(lb).protocol("HTTP").port(port)
            .defaultActions(x -> x.type("forward").targetGroupArn(group)));
        elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(group)
            .attributes(x -> x.key("deregistration_delay.timeout_seconds").value("0")));
        groups.add(group);
      }
    }
    return new LoadBalancers(ids, groups);
  }

  private static JsonNode cli(String endpoint, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("aws"));
    command.addAll(List.of(args));
    command.addAll(List.of("--endpoint-url", endpoint, "--region", "us-east-1", "--output", "json"));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putIfAbsent("AWS_ACCESS_KEY_ID", "test");
    pb.environment().putIfAbsent("AWS_SECRET_ACCESS_KEY", "test");
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("aws " + String.join(" ", args) + " failed");
    }
    return JSON.readTree(new String(out, StandardCharsets.UTF_8));
  }
}
