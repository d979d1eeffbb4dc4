package dev.berth.agent;

import dev.berth.agent.config.AgentConfig;
import dev.berth.agent.config.Host;
import dev.berth.agent.config.InstanceResources;
import dev.berth.agent.ecs.ControlPlane;
import dev.berth.agent.ecs.EcsError;
import dev.berth.agent.ecs.EcsTransport;
import dev.berth.agent.ecs.InstanceIdentity;
import dev.berth.agent.ecs.InstanceRoleSigner;
import dev.berth.agent.ecs.RequestSigner;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import dev.berth.agent.instance.Heartbeats;
import dev.berth.agent.instance.Registrar;
import dev.berth.agent.report.Backoff;
import dev.berth.agent.report.ReportQueue;
import dev.berth.agent.runtime.ContainerRuntime;
import dev.berth.agent.state.AgentState;
import dev.berth.agent.state.StateFile;
import dev.berth.agent.state.StateStore;
import dev.berth.agent.state.TaskPhase;
import dev.berth.agent.task.HealthMonitor;
import dev.berth.agent.task.TaskPoller;
import dev.berth.agent.task.TaskSpecs;
import dev.berth.agent.task.TaskSupervisor;
import dev.berth.agent.wake.HandshakeSigner;
import dev.berth.agent.wake.JdkWebSocketTransport;
import dev.berth.agent.wake.WakeChannel;
import dev.berth.agent.wake.WakeSignal;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;

/**
 * Berth's host agent: registers the host as a container instance, heartbeats, polls for the tasks
 * placed on it, runs them with a {@link ContainerRuntime} and reports their state changes.
 * Stopping the agent leaves its containers running; the next agent with the same data directory
 * registers as the same instance and takes them up again, as the ECS agent does.
 */
public final class Agent implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Agent.class.getName());
  static final String VERSION = "0.1.0";
  /** How often container health is read, and how often all of it is published again regardless. */
  static final Duration HEALTH_CHECK = Duration.ofSeconds(2);
  static final Duration HEALTH_RESEND = Duration.ofSeconds(20);
  /** How often the latest state of every task is reported again, repairing a lost report. */
  static final Duration STATE_RESEND = Duration.ofSeconds(60);
  /** The least time between the end of a poll and a poll a wake-up asks for: bursts make few polls. */
  static final Duration WAKE_GAP = Duration.ofMillis(250);

  private final StateStore state;
  private final ReportQueue reports;
  private final ExecutorService workers;
  private final ExecutorService senders;
  private final ScheduledExecutorService scheduler;
  private final WakeChannel channel;

  private Agent(StateStore state, ReportQueue reports, ExecutorService workers, ExecutorService senders,
      ScheduledExecutorService scheduler, WakeChannel channel) {
    this.channel = channel;
    this.state = state;
    this.reports = reports;
    this.workers = workers;
    this.senders = senders;
    this.scheduler = scheduler;
  }

  /**
   * Registers and starts the agent's loops; returns once the instance is registered.
   *
   * @param environment what the agent's own environment is (containers of the process runtime inherit it)
   */
  public static Agent start(AgentConfig config, Map<String, String> environment, Host host, Clock clock,
      RandomGenerator random) throws EcsError, IOException, InterruptedException {
    return start(config, environment, host, clock, random, UnaryOperator.identity());
  }

  /** As above, with the container runtime wrapped by {@code wrap} (the Docker benchmark times its calls). */
  public static Agent start(AgentConfig config, Map<String, String> environment, Host host, Clock clock,
      RandomGenerator random, UnaryOperator<ContainerRuntime> wrap)
      throws EcsError, IOException, InterruptedException {
    Files.createDirectories(config.dataDir());
    StateFile file = new StateFile(config.dataDir());
    AgentState saved = file.load().orElse(AgentState.empty(config.cluster()));
    if (!saved.cluster().equals(config.cluster())) {
      // as the ECS agent does: a data directory belongs to one cluster's instance
      throw new IllegalStateException("the data directory " + config.dataDir() + " holds an instance of cluster "
          + saved.cluster() + ", not " + config.cluster() + "; use another ECS_DATADIR or clear it");
    }
    StateStore state = new StateStore(file, saved);
    InstanceResources resources = InstanceResources.of(config, host);
    ContainerRuntime runtime = wrap.apply(Runtimes.create(config, environment, clock));
    ControlPlane.VersionInfo version = new ControlPlane.VersionInfo(VERSION, "berth", runtime.version());
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    RequestSigner bootstrap = config.bootstrapKey()
        .map(k -> RequestSigner.sigV4(StaticCredentialsProvider.create(AwsBasicCredentials.create(k[0], k[1])),
            config.region()))
        .orElseGet(() -> InstanceRoleSigner.fromEnvironment(environment, config.region(), config.endpoint(), http,
            config.cluster(), clock));
    InstanceIdentity identity = new InstanceIdentity(bootstrap, config.endpoint(), http, config.region(),
        config.cluster(), state::instanceArn, clock);
    ControlPlane ecs = new ControlPlane(new EcsTransport(config.endpoint(), http, identity, Duration.ofSeconds(30)));

    ExecutorService workers = Executors.newCachedThreadPool(daemon("berth-agent-task"));
    ExecutorService senders = Executors.newFixedThreadPool(10, daemon("berth-agent-report"));
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, daemon("berth-agent-loop"));
    ReportQueue reports = new ReportQueue(report -> ecs.submitTaskStateChange(config.cluster(), report), senders,
        (delay, action) -> scheduler.schedule(action, delay.toMillis(), TimeUnit.MILLISECONDS),
        Backoff.reports(random),
        (report, delivered) -> state.update(report.taskArn(), t -> t.withReported(TaskPhase.valueOf(report.status()))));
    TaskSupervisor tasks = new TaskSupervisor(runtime, state, reports, workers, clock);

    Registrar registrar = new Registrar(ecs, config.cluster(), resources, config.instanceAttributes(), runtime.capabilities(), version,
        Backoff.registration(random), d -> Thread.sleep(d.toMillis()), clock);
    String previous = state.instanceArn();
    String arn;
    try {
      arn = registrar.register(previous);
    } catch (EcsError | IOException | InterruptedException | RuntimeException e) {
      new Agent(state, reports, workers, senders, scheduler, null).close();
      throw e;
    }
    state.setInstanceArn(arn);
    LOG.info("registered as container instance " + arn + " of cluster " + config.cluster());
    tasks.resume();
    if (previous != null && !previous.equals(arn)) {
      LOG.warning("instance " + previous + " is gone; stopping its tasks");
      tasks.stopAll();
    }

    new Heartbeats(ecs, config.cluster(), state, registrar, (old, fresh) -> tasks.stopAll(), scheduler).start();
    TaskPoller poller = new TaskPoller(ecs, config.cluster(), state::instanceArn, tasks,
        new TaskSpecs(config.containerStopTimeout()), TaskPoller.STOP_CHECK_EVERY);
    // Polls at once, then after each interval, or as soon as the agent channel wakes it (a task was
    // placed here or asked to stop); wake-ups during a poll make exactly one more.
    WakeSignal signal = new WakeSignal();
    Duration interval = config.pollInterval();
    workers.submit(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        try {
          poller.pollOnce();
        } catch (EcsError | IOException | RuntimeException e) {
          LOG.log(Level.WARNING, "polling for tasks failed: " + e);
        }
        try {
          signal.await(interval, System.nanoTime(), WAKE_GAP);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    WakeChannel channel = config.wakeUrl().map(url -> {
      WakeChannel c = new WakeChannel(new JdkWebSocketTransport(http, () -> channelUrl(url, config.cluster(),
          state.instanceArn()), new HandshakeSigner(identity::instanceCredentials, config.region())), signal,
          WakeChannel.backoff(random), d -> Thread.sleep(d.toMillis()), WakeChannel.KEEP_ALIVE);
      workers.submit(c);
      LOG.info("listening for wake-ups on " + url + "; polling every " + interval + " as well");
      return c;
    }).orElse(null);
    HealthMonitor health = new HealthMonitor(ecs, config.cluster(), state::instanceArn, state, runtime, clock,
        HEALTH_RESEND);
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        health.checkOnce();
      } catch (Exception e) {
        LOG.log(Level.WARNING, "publishing container health failed: " + e);
      }
    }, HEALTH_CHECK.toMillis(), HEALTH_CHECK.toMillis(), TimeUnit.MILLISECONDS);
    scheduler.scheduleWithFixedDelay(tasks::resendAll, STATE_RESEND.toMillis(), STATE_RESEND.toMillis(),
        TimeUnit.MILLISECONDS);
    return new Agent(state, reports, workers, senders, scheduler, channel);
  }

  /** The channel's URL for this instance: the handshake names the instance it connects for. */
  static URI channelUrl(URI base, String cluster, String instanceArn) {
    String query = "cluster=" + URLEncoder.encode(cluster, StandardCharsets.UTF_8) + "&containerInstance="
        + URLEncoder.encode(instanceArn, StandardCharsets.UTF_8);
    return URI.create(base + (base.getRawQuery() == null ? "?" : "&") + query);
  }

  /** How many wake messages the agent channel has brought (0 without a channel). */
  public long wakeMessages() {
    return channel == null ? 0 : channel.wakeMessages();
  }

  public String containerInstanceArn() {
    return state.instanceArn();
  }

  /** Stops the agent's loops; containers keep running and the state file keeps them. */
  @Override
  public void close() {
    if (channel != null) {
      channel.stop();
    }
    reports.close();
    scheduler.shutdownNow();
    senders.shutdownNow();
    workers.shutdownNow();
    try {
      // they write the state file; the next agent reads it
      workers.awaitTermination(10, TimeUnit.SECONDS);
      senders.awaitTermination(10, TimeUnit.SECONDS);
      scheduler.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    Agent agent = start(AgentConfig.from(env), env, Host.local(), Clock.systemUTC(), new java.security.SecureRandom());
    Runtime.getRuntime().addShutdownHook(new Thread(agent::close));
    Thread.currentThread().join();
  }
}
