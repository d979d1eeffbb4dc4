package dev.berth.core.services;

import dev.berth.json.JsonTrees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.MessageJson;
import dev.berth.core.store.ServiceStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What one reconcile message asks for: a pass over one service; one instance's loss (declared and
 * its tasks stopped: see {@link dev.berth.core.instances.InstanceHealth}); or, with neither, the
 * missing-instance detection and ledger repair of one cluster. A trigger's message also carries
 * the wakeup count its trigger set ({@code wakeups}): a pass saved since that count makes this one
 * unnecessary. The sweep's and the timers' messages carry none ({@link ServiceStore#NO_WAKEUP}),
 * nor do messages written before the count was added: those always make a pass.
 */
public record ReconcileTarget(String cluster, String service, String instance, long wakeups) {

  public static ReconcileTarget cluster(String cluster) {
    return new ReconcileTarget(cluster, null, null, ServiceStore.NO_WAKEUP);
  }

  public static ReconcileTarget service(String cluster, String service) {
    return new ReconcileTarget(cluster, service, null, ServiceStore.NO_WAKEUP);
  }

  /** A trigger's message: the service, and the wakeup count its trigger set. */
  public static ReconcileTarget woken(String cluster, String service, long wakeups) {
    return new ReconcileTarget(cluster, service, null, wakeups);
  }

  /** One container instance found silent past the lost-after period, or lost with tasks not yet stopped. */
  public static ReconcileTarget lostInstance(String cluster, String instanceId) {
    return new ReconcileTarget(cluster, null, instanceId, ServiceStore.NO_WAKEUP);
  }

  /** The cluster's minute: missing-instance detection and ledger repair. */
  public boolean isCluster() {
    return service == null && instance == null;
  }

  public boolean isInstance() {
    return service == null && instance != null;
  }

  public String toJson() {
    ObjectNode o = MessageJson.object().put("cluster", cluster);
    MessageJson.putIfPresent(o, "service", service);
    MessageJson.putIfPresent(o, "instance", instance);
    if (wakeups != ServiceStore.NO_WAKEUP) {
      o.put("wakeups", wakeups);
    }
    return JsonTrees.text(o);
  }

  /**
   * The order a batch of reconcile messages is handled in: the clusters' minute checks and the lost
   * instances first, then the passes, each in the order they came. An invocation that dies sends the rest of its batch
   * back only after the queue's visibility timeout (six minutes), and at 5,000 services a batch of
   * passes often holds a write that fails: the missing-instance detection must not wait that long
   * behind it. An unreadable body keeps its place (its failure is reported where it is handled).
   */
  public static <T> List<T> clusterChecksFirst(List<T> batch, Function<T, String> body) {
    List<T> checks = new ArrayList<>();
    List<T> passes = new ArrayList<>();
    for (T message : batch) {
      boolean check;
      try {
        check = fromJson(body.apply(message)).service() == null;
      } catch (IllegalArgumentException unreadable) {
        check = false;
      }
      (check ? checks : passes).add(message);
    }
    checks.addAll(passes);
    return checks;
  }

  public static ReconcileTarget fromJson(String body) {
    JsonNode node;
    try {
      node = MessageJson.read(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable reconcile message: " + body, e);
    }
    String cluster = node.path("cluster").asText(null);
    if (cluster == null || cluster.isEmpty()) {
      throw new IllegalArgumentException("a reconcile message names its cluster: " + body);
    }
    return new ReconcileTarget(cluster, node.path("service").asText(null), node.path("instance").asText(null),
        node.path("wakeups").asLong(ServiceStore.NO_WAKEUP));
  }
}
