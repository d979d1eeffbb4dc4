package dev.berth.agent;

import dev.berth.agent.config.AgentConfig;
import dev.berth.agent.config.Host;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Several agents in one JVM, for a local cluster on one machine: {@code BERTH_AGENT_COUNT} agents
 * (default 2), each with the configuration of {@link Agent} but its own data directory
 * ({@code $ECS_DATADIR/agent-<n>}) and so its own container instance, and an even share of the
 * host's CPU and memory unless BERTH_AGENT_CPU / BERTH_AGENT_MEMORY set what each registers.
 * One JVM rather than N processes: the agents share nothing but the JVM's threads, start in a
 * second, and stop together with Ctrl-C; each keeps its state file, so a restart of the launcher
 * brings back the same instances.
 */
public final class AgentLauncher {

  static List<AgentConfig> configs(AgentConfig base, int count, Host host) {
    if (count < 1) {
      throw new IllegalArgumentException("BERTH_AGENT_COUNT must be at least 1: " + count);
    }
    List<AgentConfig> configs = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      configs.add(base.slice(i, count, host));
    }
    return configs;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    Host host = Host.local();
    int count = Integer.parseInt(env.getOrDefault("BERTH_AGENT_COUNT", "2").trim());
    List<Agent> agents = new ArrayList<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> agents.forEach(Agent::close)));
    for (AgentConfig config : configs(AgentConfig.from(env), count, host)) {
      Agent agent = Agent.start(config, env, host, Clock.systemUTC(), new SecureRandom());
      agents.add(agent);
      System.out.println("agent " + config.dataDir() + " is container instance " + agent.containerInstanceArn()
          + " (" + config.cpuUnits().orElseThrow() + " CPU units, " + config.hostMemoryMiB().orElseThrow()
          + " MiB before ECS_RESERVED_MEMORY)");
    }
    Thread.currentThread().join();
  }

  private AgentLauncher() {}
}
