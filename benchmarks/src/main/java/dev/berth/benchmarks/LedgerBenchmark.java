package dev.berth.benchmarks;

import dev.berth.core.Config;
import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.core.store.TaskStore;
import dev.berth.core.tasks.ClusterViews;
import dev.berth.core.tasks.LedgerPlacer;
import dev.berth.model.Container;
import dev.berth.model.ContainerInstance;
import dev.berth.model.IdSource;
import dev.berth.model.Resource;
import dev.berth.model.Resources;
import dev.berth.model.Task;
import dev.berth.model.TaskOverride;
import dev.berth.scheduler.PlacementEngine;
import dev.berth.scheduler.PlacementRequest;
import dev.berth.scheduler.PlacementSession;
import dev.berth.store.AwsModule;
import dev.berth.store.DynamoContainerInstanceStore;
import dev.berth.store.DynamoTaskStore;
import dev.berth.store.Provisioning;
import dev.berth.store.Tables;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Placements per second through the real ledger (conditional reservation on the instance item, then
 * the conditional task put) against the AWS endpoint, at 1, 4 and 16 concurrent callers, printed
 * next to the endpoint's raw conditional-UpdateItem rate measured in the same run, with the rate of
 * refused reservations that had to be retried. Each caller holds its own view of the cluster, as a
 * RunTask call does, and refreshes it from refusals.
 *
 * <p>Run with {@code make bench-ledger} (optional: BENCH_SECONDS, BENCH_INSTANCES).
 */
public final class LedgerBenchmark {
  private static final int[] CALLERS = {1, 4, 16};

  public static void main(String[] args) throws Exception {
    int seconds = Integer.parseInt(System.getenv().getOrDefault("BENCH_SECONDS", "10"));
    int instanceCount = Integer.parseInt(System.getenv().getOrDefault("BENCH_INSTANCES", "16"));
    URI endpoint = URI.create(System.getenv().getOrDefault("AWS_ENDPOINT_URL", "http://localhost:4566"));
    String prefix = "bench-" + Long.toHexString(System.nanoTime());
    Config config = Config.withPrefix(prefix, Optional.of(endpoint));
    DynamoDbClient dynamo = AwsModule.dynamoDb(config, AwsModule.httpClient(), AwsModule.credentials());
    Provisioning.create(config, dynamo, AwsModule.sqs(config, AwsModule.httpClient(), AwsModule.credentials()), prefix);
    try {
      System.out.printf("endpoint %s, %d s per measurement, %d container instances, %d cores%n%n", endpoint, seconds,
          instanceCount, Runtime.getRuntime().availableProcessors());
      System.out.printf("%-8s %18s %22s %14s %16s %20s%n", "callers", "raw cond. updates/s", "ledger placements/s",
          "% of ceiling", "refused/placed", "over-allocation");
      for (int callers : CALLERS) {
        double raw = rawConditionalUpdates(dynamo, config, callers, seconds);
        Result ledger = placements(dynamo, config, "c" + callers, callers, seconds, instanceCount);
        double ceiling = raw / 2;
        System.out.printf("%-8d %18.1f %22.1f %13.0f%% %16.3f %20s%n", callers, raw, ledger.perSecond(),
            100 * ledger.perSecond() / ceiling, ledger.conflictRate(), ledger.overAllocation());
      }
      System.out.println();
      contendedFill(dynamo, config, 16, 8, 64);
    } finally {
      new Tables(dynamo, config).deleteAll();
    }
  }

  /** The endpoint's own rate: conditional decrements of one counter item, as fast as it answers. */
  private static double rawConditionalUpdates(DynamoDbClient dynamo, Config config, int callers, int seconds)
      throws Exception {
    String table = config.idempotencyTable();
    var key = Map.of("key", AttributeValue.fromS("raw-" + callers));
    dynamo.putItem(b -> b.tableName(table).item(Map.of("key", AttributeValue.fromS("raw-" + callers),
        "cpu", AttributeValue.fromN("1000000000"))));
    AtomicLong done = new AtomicLong();
    run(callers, seconds, () -> {
      try {
        dynamo.updateItem(b -> b.tableName(table).key(key).updateExpression("SET cpu = cpu - :one")
            .conditionExpression("cpu >= :one").expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
        done.incrementAndGet();
      } catch (ConditionalCheckFailedException e) {
        throw new IllegalStateException("counter ran out", e);
      }
    });
    return done.get() / (double) seconds;
  }

  private record Result(double perSecond, double conflictRate, String overAllocation) {}

  private static Result placements(DynamoDbClient dynamo, Config config, String cluster, int callers, int seconds,
      int instanceCount) throws Exception {
    var instances = new DynamoContainerInstanceStore(dynamo, config);
    var tasks = new DynamoTaskStore(dynamo, config);
    var placer = new LedgerPlacer(new PlacementEngine(), instances, Clock.systemUTC(),
        new ClusterViews(instances, Clock.systemUTC()));
    IdSource ids = IdSource.secureRandom();
    int cpuPerInstance = 100_000_000;
    for (int i = 0; i < instanceCount; i++) {
      var resources = List.of(Resource.integer("CPU", cpuPerInstance), Resource.integer("MEMORY", cpuPerInstance));
      instances.put(new ContainerInstance(cluster, ids.newId(), null, ContainerInstance.ACTIVE, null, true, resources,
          cpuPerInstance, cpuPerInstance, Set.of(), Set.of(), Map.of(), List.of(), null, Clock.systemUTC().instant(), 1,
          List.of()), 0);
    }
    Resources need = new Resources(1, 1, Set.of(), Set.of());
    PlacementRequest request = PlacementRequest.of(need, List.of());
    AtomicLong placed = new AtomicLong();
    AtomicLong conflicts = new AtomicLong();
    var engine = new PlacementEngine();
    ThreadLocal<PlacementSession> views = ThreadLocal.withInitial(
        () -> engine.session(request, instances.inCluster(cluster)));
    ThreadLocal<RandomGenerator> random = ThreadLocal.withInitial(SplittableRandom::new);
    run(callers, seconds, () -> {
      String taskId = ids.newId();
      var outcome = placer.place(cluster, taskId, request, views.get(), random.get());
      conflicts.addAndGet(outcome.conflicts());
      if (!outcome.placed()) {
        throw new IllegalStateException("no capacity left");
      }
      tasks.create(new Task(cluster, taskId, "bench", 1, outcome.placedOn().id(), null, "PENDING", "RUNNING", need,
          List.of(new Container(taskId, "c", "busybox", null, "PENDING", null, null, List.of(), 1, 1, null)),
          TaskOverride.NONE, null, "family:bench", Clock.systemUTC().instant(), null, null, null, null, null, null,
          null, null, 1, List.of()));
      placed.incrementAndGet();
    });
    // The ledger must account for exactly what was acknowledged.
    long reserved = instances.inCluster(cluster).stream().mapToLong(ci -> ci.reservations().size()).sum();
    long cpuUsed = instances.inCluster(cluster).stream().mapToLong(ci -> cpuPerInstance - ci.remainingCpu()).sum();
    String over = reserved == placed.get() && cpuUsed == placed.get() ? "none" : "DRIFT " + reserved + "/" + cpuUsed;
    return new Result(placed.get() / (double) seconds, conflicts.get() / (double) Math.max(1, placed.get()), over);
  }

  /**
   * Conflicts where they really happen: {@code callers} race to fill {@code instances} x
   * {@code slots} one-unit slots until every one of them is told nothing fits. Exactly the slots
   * must be placed; refused reservations are the retries the race cost.
   */
  private static void contendedFill(DynamoDbClient dynamo, Config config, int callers, int instanceCount, int slots)
      throws Exception {
    var instances = new DynamoContainerInstanceStore(dynamo, config);
    var placer = new LedgerPlacer(new PlacementEngine(), instances, Clock.systemUTC(),
        new ClusterViews(instances, Clock.systemUTC()));
    IdSource ids = IdSource.secureRandom();
    String cluster = "fill";
    for (int i = 0; i < instanceCount; i++) {
      var resources = List.of(Resource.integer("CPU", slots), Resource.integer("MEMORY", slots));
      instances.put(new ContainerInstance(cluster, ids.newId(), null, ContainerInstance.ACTIVE, null, true, resources,
          slots, slots, Set.of(), Set.of(), Map.of(), List.of(), null, Clock.systemUTC().instant(), 1, List.of()), 0);
    }
    Resources need = new Resources(1, 1, Set.of(), Set.of());
    PlacementRequest request = PlacementRequest.of(need, List.of());
    AtomicLong placed = new AtomicLong();
    AtomicLong conflicts = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    List<Future<?>> workers = new ArrayList<>();
    long start = System.nanoTime();
    for (int c = 0; c < callers; c++) {
      workers.add(pool.submit(() -> {
        PlacementSession view = new PlacementEngine().session(request, instances.inCluster(cluster));
        RandomGenerator random = new SplittableRandom();
        while (true) {
          var outcome = placer.place(cluster, ids.newId(), request, view, random);
          conflicts.addAndGet(outcome.conflicts());
          if (!outcome.placed()) {
            return null;
          }
          placed.incrementAndGet();
        }
      }));
    }
    for (Future<?> w : workers) {
      w.get();
    }
    pool.shutdown();
    double seconds = (System.nanoTime() - start) / 1e9;
    long left = instances.inCluster(cluster).stream().mapToLong(ContainerInstance::remainingCpu).sum();
    long reserved = instances.inCluster(cluster).stream().mapToLong(ci -> ci.reservations().size()).sum();
    System.out.printf("contended fill: %d callers, %d instances x %d slots: placed %d (ledger holds %d, %d left) in"
        + " %.1f s, refused reservations %d (%.3f per placement), over-allocation %s%n", callers, instanceCount, slots,
        placed.get(), reserved, left, seconds, conflicts.get(), conflicts.get() / (double) placed.get(),
        placed.get() == (long) instanceCount * slots && reserved == placed.get() && left == 0 ? "none" : "DRIFT");
  }

  /** Runs {@code action} on {@code callers} threads until {@code seconds} have passed. */
  private static void run(int callers, int seconds, Runnable action) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    List<Future<?>> workers = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      workers.add(pool.submit(() -> {
        while (System.nanoTime() < deadline) {
          action.run();
        }
        return null;
      }));
    }
    for (Future<?> w : workers) {
      w.get();
    }
    pool.shutdown();
  }

  private LedgerBenchmark() {}
}
