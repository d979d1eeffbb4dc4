package dev.berth.agent;

import dev.berth.agent.config.AgentConfig;
import dev.berth.agent.runtime.ContainerRuntime;
import dev.berth.agent.runtime.docker.DockerRuntime;
import dev.berth.agent.runtime.docker.DockerSettings;
import java.time.Clock;
import dev.berth.agent.runtime.process.ProcessLauncher;
import dev.berth.agent.runtime.process.ProcessRuntime;
import java.nio.file.Files;
import java.util.Map;

/** Picks the container runtime: as configured, else Docker when its socket exists, else processes. */
final class Runtimes {

  static ContainerRuntime create(AgentConfig config, Map<String, String> environment, Clock clock) {
    String kind = config.runtime().orElse(Files.exists(config.dockerSocket()) ? "docker" : "process");
    if (kind.equals("docker")) {
      return DockerRuntime.connect(config.dockerSocket(), DockerSettings.from(environment), clock);
    }
    return new ProcessRuntime(config.dataDir(), environment, ProcessLauncher.detect(environment.get("PATH")));
  }

  private Runtimes() {}
}
