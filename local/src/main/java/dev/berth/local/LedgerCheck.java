package dev.berth.local;

import dev.berth.core.Config;
import dev.berth.core.ledger.LedgerAudit;
import dev.berth.core.store.ContainerInstanceStore;
import dev.berth.core.store.TaskStore;
import dev.berth.model.Arns;
import dev.berth.store.AwsModule;
import dev.berth.store.DynamoContainerInstanceStore;
import dev.berth.store.DynamoTaskStore;
import java.time.Clock;
import java.util.List;

/**
 * {@code make ledger-check CLUSTER=name}: checks the ledger invariant of one cluster against the
 * tables named by the environment (the same variables the functions read) and prints any drift.
 * Exits 0 when the ledger is exact, 1 when it drifted.
 */
public final class LedgerCheck {
  public static void main(String[] args) {
    if (args.length != 1 || args[0].isBlank()) {
      System.err.println("usage: LedgerCheck <cluster name or ARN>");
      System.exit(2);
    }
    Config config = Config.fromEnvironment();
    var dynamo = AwsModule.dynamoDb(config, AwsModule.httpClient(), AwsModule.credentials());
    String cluster = Arns.clusterName(args[0]);
    var instances = new DynamoContainerInstanceStore(dynamo, config);
    var audit = new LedgerAudit(instances, new DynamoTaskStore(dynamo, config), Clock.systemUTC());
    List<String> drift = audit.check(cluster);
    int count = instances.inCluster(cluster).size();
    if (drift.isEmpty()) {
      System.out.printf("ledger of cluster %s is exact: %d container instances checked%n", cluster, count);
      return;
    }
    System.out.printf("ledger of cluster %s drifted (%d container instances checked):%n", cluster, count);
    drift.forEach(line -> System.out.println("  " + line));
    System.exit(1);
  }

  private LedgerCheck() {}
}
