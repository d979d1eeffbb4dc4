package dev.berth.core.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.MessageJson;
import java.io.IOException;

/**
 * What one reconcile message asks for: a pass over one service, or, without a service, the
 * missing-instance detection and ledger repair of one cluster.
 */
public record ReconcileTarget(String cluster, String service) {

  public static ReconcileTarget cluster(String cluster) {
    return new ReconcileTarget(cluster, null);
  }

  public static ReconcileTarget service(String cluster, String service) {
    return new ReconcileTarget(cluster, service);
  }

  public boolean isCluster() {
    return service == null;
  }

  public String toJson() {
    ObjectNode o = MessageJson.object().put("cluster", cluster);
    MessageJson.putIfPresent(o, "service", service);
    return o.toString();
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
    return new ReconcileTarget(cluster, node.path("service").asText(null));
  }
}
