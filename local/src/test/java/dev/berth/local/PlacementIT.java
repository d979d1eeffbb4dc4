package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Placement strategies and constraints through the endpoint, driven by the AWS CLI. Each test has
 * its own cluster of four instances: two in us-east-1a (t3.small, m5.large), two in us-east-1b
 * (m5.large, m5.xlarge, the latter with the custom attribute stack=blue).
 */
class PlacementIT {
  @RegisterExtension
  static final RunningBerth BERTH = RunningBerth.start("it-placement");
  private static Berth berth;
  private static AwsCli aws;

  @BeforeAll
  static void setUp() throws Exception {
    berth = BERTH.get();
    aws = new AwsCli(berth);
    aws.ecs("register-task-definition", "--family", "small", "--container-definitions",
        "[{\"name\":\"c\",\"image\":\"busybox\",\"cpu\":128,\"memory\":256}]");
  }

  /** Creates the cluster and its four instances; returns instance ARN -> "zone/type". */
  private static Map<String, String> cluster(String name) throws Exception {
    aws.ecs("create-cluster", "--cluster-name", name);
    Map<String, String> where = new TreeMap<>();
    String[][] machines = {{"us-east-1a", "t3.small", ""}, {"us-east-1a", "m5.large", ""},
        {"us-east-1b", "m5.large", ""}, {"us-east-1b", "m5.xlarge", "stack=blue"}};
    int n = 0;
    for (String[] m : machines) {
      String identity = "{\"instanceId\":\"i-" + name + n++ + "\",\"availabilityZone\":\"" + m[0]
          + "\",\"instanceType\":\"" + m[1] + "\"}";
      List<String> args = new ArrayList<>(List.of("register-container-instance", "--cluster", name,
          "--instance-identity-document", identity, "--total-resources",
          "name=CPU,type=INTEGER,integerValue=2048", "name=MEMORY,type=INTEGER,integerValue=4096"));
      if (!m[2].isEmpty()) {
        args.addAll(List.of("--attributes", "name=" + m[2].split("=")[0] + ",value=" + m[2].split("=")[1]));
      }
      JsonNode ci = aws.ecs(args.toArray(String[]::new)).path("containerInstance");
      where.put(ci.path("containerInstanceArn").asText(), m[0] + "/" + m[1]);
    }
    return where;
  }

  private static List<String> placedOn(JsonNode runTask) {
    List<String> out = new ArrayList<>();
    runTask.path("tasks").forEach(t -> out.add(t.path("containerInstanceArn").asText()));
    return out;
  }

  private static Map<String, Integer> count(List<String> keys) {
    Map<String, Integer> out = new TreeMap<>();
    keys.forEach(k -> out.merge(k, 1, Integer::sum));
    return out;
  }

  @Test
  void spreadByAvailabilityZoneAlternatesZones() throws Exception {
    Map<String, String> where = cluster("spread");
    JsonNode run = aws.ecs("run-task", "--cluster", "spread", "--task-definition", "small", "--count", "6",
        "--group", "web", "--placement-strategy", "type=spread,field=attribute:ecs.availability-zone");
    List<String> zones = placedOn(run).stream().map(arn -> where.get(arn).split("/")[0]).toList();
    assertEquals(Map.of("us-east-1a", 3, "us-east-1b", 3), count(zones));

    JsonNode more = aws.ecs("run-task", "--cluster", "spread", "--task-definition", "small", "--count", "4",
        "--group", "web", "--placement-strategy", "type=spread,field=attribute:ecs.availability-zone",
        "type=spread,field=instanceId");
    List<String> all = new ArrayList<>(placedOn(run));
    all.addAll(placedOn(more));
    assertEquals(Set.of(2, 3), Set.copyOf(count(all).values()),
        "spread by zone, then by instance within the zone: 10 tasks over 4 instances");
  }

  @Test
  void binpackOnMemoryFillsTheFullestInstanceFirst() throws Exception {
    Map<String, String> where = cluster("binpack");
    String first = placedOn(aws.ecs("run-task", "--cluster", "binpack", "--task-definition", "small")).get(0);
    JsonNode packed = aws.ecs("run-task", "--cluster", "binpack", "--task-definition", "small", "--count", "10",
        "--placement-strategy", "type=binpack,field=memory");
    assertEquals(List.of(first), placedOn(packed).stream().distinct().toList(),
        "every task joins the instance with the least memory left: " + where.get(first));
  }

  @Test
  void distinctInstancePlacesOneTaskOfTheGroupPerInstance() throws Exception {
    cluster("distinct");
    JsonNode run = aws.ecs("run-task", "--cluster", "distinct", "--task-definition", "small", "--count", "5",
        "--group", "singleton", "--placement-constraints", "type=distinctInstance");
    assertEquals(4, Set.copyOf(placedOn(run)).size());
    assertEquals(4, run.path("tasks").size());
    assertEquals("DistinctInstance placement constraint unsatisfied.",
        run.path("failures").get(0).path("reason").asText());
  }

  @Test
  void memberOfExpressionsChooseTheMatchingInstances() throws Exception {
    Map<String, String> where = cluster("member");
    JsonNode m5 = aws.ecs("run-task", "--cluster", "member", "--task-definition", "small", "--count", "6",
        "--placement-constraints", "type=memberOf,expression=attribute:ecs.instance-type =~ m5.*");
    assertTrue(placedOn(m5).stream().allMatch(arn -> where.get(arn).contains("/m5.")), placedOn(m5).toString());

    JsonNode zoneB = aws.ecs("run-task", "--cluster", "member", "--task-definition", "small", "--count", "3",
        "--placement-constraints",
        "[{\"type\":\"memberOf\",\"expression\":"
            + "\"attribute:ecs.availability-zone in [us-east-1b] and not(attribute:stack exists)\"}]");
    assertEquals(Set.of("us-east-1b/m5.large"), Set.copyOf(placedOn(zoneB).stream().map(where::get).toList()));

    JsonNode none = aws.ecs("run-task", "--cluster", "member", "--task-definition", "small",
        "--placement-constraints", "type=memberOf,expression=attribute:ecs.instance-type == g4dn.xlarge");
    assertEquals(0, none.path("tasks").size());
    assertEquals("MemberOf placement constraint unsatisfied.", none.path("failures").get(0).path("reason").asText());

    JsonNode filtered = aws.ecs("list-container-instances", "--cluster", "member", "--filter",
        "attribute:stack == blue or attribute:ecs.instance-type == t3.small");
    Map<String, Integer> types = new HashMap<>();
    filtered.path("containerInstanceArns").forEach(a -> types.merge(where.get(a.asText()), 1, Integer::sum));
    assertEquals(Map.of("us-east-1a/t3.small", 1, "us-east-1b/m5.xlarge", 1), types);
    assertEquals(List.of(), berth.ledgerDrift("member"));
  }

  @Test
  void aTaskDefinitionsMemberOfConstraintAppliesToEveryTask() throws Exception {
    Map<String, String> where = cluster("tdconstraint");
    aws.ecs("register-task-definition", "--family", "zone-a-only", "--container-definitions",
        "[{\"name\":\"c\",\"image\":\"busybox\",\"cpu\":64,\"memory\":64}]", "--placement-constraints",
        "type=memberOf,expression=attribute:ecs.availability-zone == us-east-1a");
    JsonNode run = aws.ecs("run-task", "--cluster", "tdconstraint", "--task-definition", "zone-a-only", "--count",
        "5", "--placement-strategy", "type=spread,field=instanceId");
    assertEquals(5, run.path("tasks").size());
    assertTrue(placedOn(run).stream().allMatch(arn -> where.get(arn).startsWith("us-east-1a")));
  }

  @Test
  void anUnparsableExpressionIsAnInvalidParameterNamingThePosition() throws Exception {
    cluster("badexpr");
    AwsCli.Result result = aws.run("run-task", "--cluster", "badexpr", "--task-definition", "small",
        "--placement-constraints", "type=memberOf,expression=attribute:stack foo");
    assertTrue(result.exitCode() != 0);
    assertTrue(result.stderr().contains("InvalidParameterException") && result.stderr().contains("position"),
        result.stderr());
  }
}
