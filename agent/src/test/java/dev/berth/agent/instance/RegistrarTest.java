package dev.berth.agent.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.agent.config.InstanceResources;
import dev.berth.agent.ecs.ControlPlane;
import dev.berth.agent.ecs.EcsError;
import dev.berth.agent.ecs.FakeEcs;
import dev.berth.agent.report.Backoff;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistrarTest {
  private static final String REGISTERED = "{\"containerInstance\":{\"containerInstanceArn\":\"arn:ci/new\"}}";
  private final FakeEcs fake = new FakeEcs();
  private final List<Duration> slept = new ArrayList<>();
  private final Registrar registrar = new Registrar(new ControlPlane(fake), "demo",
      new InstanceResources(1024, 1024, List.of(22), List.of()), Map.of("stack", "blue"),
      new ControlPlane.VersionInfo("0.1.0", "berth", "process"),
      new Backoff(Duration.ofSeconds(3), Duration.ofSeconds(192), 2, 0, new java.util.Random(1)), slept::add,
      Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC));

  @Test
  void aMissingClusterIsCreatedAndTheRegistrationRetried() throws Exception {
    fake.answer("RegisterContainerInstance", new EcsError(EcsError.CLUSTER_NOT_FOUND, "Cluster not found.", 400))
        .answer("RegisterContainerInstance", REGISTERED);
    assertEquals("arn:ci/new", registrar.register(null));
    assertEquals(List.of("RegisterContainerInstance", "CreateCluster", "RegisterContainerInstance"), fake.operations());
    assertEquals("demo", fake.calls.get(1).request().path("clusterName").asText());
    assertTrue(slept.isEmpty());
  }

  @Test
  void customAttributesGoOnlyWithAFirstRegistration() throws Exception {
    fake.answer("RegisterContainerInstance", REGISTERED).answer("RegisterContainerInstance", REGISTERED)
        .answer("DescribeContainerInstances", "{\"containerInstances\":[{\"status\":\"ACTIVE\"}]}");
    registrar.register(null);
    registrar.register("arn:ci/old");
    assertEquals(List.of("RegisterContainerInstance", "DescribeContainerInstances", "RegisterContainerInstance"),
        fake.operations());
    assertEquals(List.of("stack", "ecs.os-type"), names(fake.calls.get(0)));
    assertEquals(List.of("ecs.os-type"), names(fake.calls.get(2)));
    assertFalse(fake.calls.get(0).request().has("containerInstanceArn"));
    assertEquals("arn:ci/old", fake.calls.get(2).request().path("containerInstanceArn").asText());
  }

  @Test
  void aSavedInstanceThatIsNoLongerRegisteredIsReplacedByANewOne() throws Exception {
    fake.answer("DescribeContainerInstances", "{\"containerInstances\":[{\"status\":\"INACTIVE\"}]}")
        .answer("RegisterContainerInstance", REGISTERED)
        .answer("DescribeContainerInstances", "{\"containerInstances\":[],\"failures\":[{\"reason\":\"MISSING\"}]}")
        .answer("RegisterContainerInstance", REGISTERED);
    assertEquals("arn:ci/new", registrar.register("arn:ci/lost"));
    assertEquals("arn:ci/new", registrar.register("arn:ci/unknown"));
    for (int register : List.of(1, 3)) {
      assertFalse(fake.calls.get(register).request().has("containerInstanceArn"));
      assertEquals(List.of("stack", "ecs.os-type"), names(fake.calls.get(register)), "custom attributes again");
    }
  }

  @Test
  void failuresThatMayPassAreRetriedWithBackOff() throws Exception {
    fake.answer("RegisterContainerInstance", new IOException("connection refused"))
        .answer("RegisterContainerInstance", new EcsError("ServerException", "busy", 500))
        .answer("RegisterContainerInstance", REGISTERED);
    assertEquals("arn:ci/new", registrar.register(null));
    assertEquals(List.of(Duration.ofSeconds(3), Duration.ofSeconds(6)), slept);
  }

  @Test
  void aRefusalEndsTheRegistration() {
    fake.answer("RegisterContainerInstance", new EcsError("ClientException", "bad attribute", 400));
    var e = assertThrows(EcsError.class, () -> registrar.register(null));
    assertEquals("ClientException", e.type());
    assertEquals(1, fake.calls.size());
  }

  private static List<String> names(FakeEcs.Call call) {
    List<String> out = new ArrayList<>();
    call.request().path("attributes").forEach(a -> out.add(a.path("name").asText()));
    return out;
  }
}
