package dev.berth.store;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * Work done once before SnapStart takes a function's snapshot, so that environments restored from it
 * start with the classes loaded and the code paths already run: each handler primes with a request
 * that reads and changes nothing (a cluster that cannot exist), which exercises its Dagger graph, JSON
 * binding and SDK client (signing, marshalling, one real call). Outside a SnapStart (CRaC) runtime
 * the hook is never called.
 */
public final class SnapStartPriming implements Resource {
  /**
   * The cluster priming requests name. A valid name, so that the request reaches DynamoDB; whether or
   * not such a cluster exists, each priming request is refused before anything is written (the
   * resources it names inside the cluster are {@link #INVALID_NAME} or an id no instance or task has).
   */
  public static final String CLUSTER = "berth-snapstart-priming";
  /** A name no service or task definition can have (ECS names are letters, digits, '-' and '_'). */
  public static final String INVALID_NAME = "berth.snapstart.priming";
  /** An id Berth never makes (ids are random). */
  public static final String NO_ID = "00000000000000000000000000000000";
  private static final Logger LOG = Logger.getLogger(SnapStartPriming.class.getName());
  /** The CRaC context holds its resources weakly; these are held for the life of the process. */
  private static final List<SnapStartPriming> REGISTERED = new CopyOnWriteArrayList<>();

  private final String name;
  private final Runnable prime;

  private SnapStartPriming(String name, Runnable prime) {
    this.name = name;
    this.prime = prime;
  }

  /** Runs {@code prime} before the snapshot is taken. */
  public static void register(String name, Runnable prime) {
    SnapStartPriming resource = new SnapStartPriming(name, prime);
    REGISTERED.add(resource);
    Core.getGlobalContext().register(resource);
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    long start = System.nanoTime();
    try {
      prime.run();
      LOG.info("primed " + name + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    } catch (RuntimeException e) {
      // a snapshot without priming only starts slower; it must still be taken
      LOG.log(Level.WARNING, "priming " + name + " failed", e);
    }
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    // nothing to redo: connections the SDK kept are re-opened on first use, randomness is drawn per use
  }
}
