package dev.berth.agent;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The Docker Engine the real-Docker tests use: DOCKER_HOST, else /var/run/docker.sock (`make docker`
 * starts one and `source infra/env.sh` exports its DOCKER_HOST). Without an engine the tests are
 * skipped with a message, unless BERTH_REQUIRE_DOCKER=1 (CI), which makes them fail instead.
 */
final class RealDocker {
  static final String IMAGE = "berth/busybox:latest";

  final String host;
  final DockerClient client;

  private RealDocker(String host, DockerClient client) {
    this.host = host;
    this.client = client;
  }

  static RealDocker require() {
    String host = System.getenv().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock");
    String why = null;
    DockerClient client = null;
    if (!host.startsWith("unix://") || !Files.exists(Path.of(host.substring(7)))) {
      why = "no Docker Engine socket at " + host;
    } else {
      client = client(host);
      try {
        client.pingCmd().exec();
        client.inspectImageCmd(IMAGE).exec();
      } catch (RuntimeException e) {
        why = "the Docker Engine at " + host + " does not answer, or has no " + IMAGE + " (run `make docker`): " + e;
      }
    }
    if (why != null) {
      if ("1".equals(System.getenv("BERTH_REQUIRE_DOCKER"))) {
        fail("BERTH_REQUIRE_DOCKER=1 but " + why);
      }
      String message = "Docker tests skipped: " + why + " (run `make docker` and `source infra/env.sh`)";
      System.err.println(message);
      assumeTrue(false, message);
    }
    return new RealDocker(host, client);
  }

  /** Removes the containers the engine at {@code host} has of {@code containerIds}, with their anonymous volumes. */
  static void removeContainers(String host, List<String> containerIds) throws IOException {
    try (DockerClient client = client(host)) {
      for (String id : containerIds) {
        try {
          client.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException gone) {
          // removed by its agent, or on another engine
        }
      }
    }
  }

  private static DockerClient client(String host) {
    DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host)
        .withDockerTlsVerify(false).build();
    return DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder()
        .dockerHost(config.getDockerHost()).connectionTimeout(Duration.ofSeconds(5)).build());
  }
}
