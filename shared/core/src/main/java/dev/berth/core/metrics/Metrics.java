package dev.berth.core.metrics;

import dev.berth.json.JsonTrees;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.Config;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * Berth's metrics as CloudWatch Embedded Metric Format records: one JSON line per record on
 * standard output, which Lambda sends to CloudWatch Logs, where each record becomes metric data in
 * the {@code Berth} namespace without a PutMetricData call. Locally (BERTH_METRICS_FILE) the same
 * lines are appended to a file.
 */
@Singleton
public final class Metrics {
  public static final String NAMESPACE = "Berth";
  /** Functions prime themselves for SnapStart in this cluster; what they measure there is not real. */
  private static final String PRIMING_CLUSTER = "berth-snapstart-priming";

  /** One value of a record: its metric name, value and CloudWatch unit. */
  public record Metric(String name, double value, String unit) {
    public static Metric count(String name, double value) {
      return new Metric(name, value, "Count");
    }

    public static Metric percent(String name, double value) {
      return new Metric(name, value, "Percent");
    }
  }

  private final String file;
  private final Clock clock;

  @Inject
  public Metrics(Config config, Clock clock) {
    this.file = config.metricsFile();
    this.clock = clock;
  }

  /** Publishes {@code metrics} under one set of dimensions (names and values, in order). */
  public void emit(Map<String, String> dimensions, List<Metric> metrics) {
    emit(dimensions, metrics, false);
  }

  /**
   * Publishes {@code metrics} under these dimensions and also as one total across all of them (an
   * empty dimension set), which is what the template's alarms watch: an alarm names no cluster.
   */
  public void emitWithTotal(Map<String, String> dimensions, List<Metric> metrics) {
    emit(dimensions, metrics, true);
  }

  private void emit(Map<String, String> dimensions, List<Metric> metrics, boolean total) {
    if (metrics.isEmpty() || PRIMING_CLUSTER.equals(dimensions.get("ClusterName"))) {
      return;
    }
    write(record(clock.instant(), dimensions, metrics, total));
  }

  /** Dimensions in the order given: name, value, name, value... */
  public static Map<String, String> dimensions(String... namesAndValues) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
      out.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return out;
  }

  /** Adds {@code value} to a count with these dimensions. */
  public void count(String name, double value, Map<String, String> dimensions) {
    emit(dimensions, List.of(Metric.count(name, value)));
  }

  /** The EMF record: the metrics' declaration under {@code _aws}, then the dimension and metric values. */
  public static String record(Instant at, Map<String, String> dimensions, List<Metric> metrics, boolean total) {
    ObjectNode root = JsonTrees.object();
    ObjectNode aws = root.putObject("_aws");
    aws.put("Timestamp", at.toEpochMilli());
    ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
    directive.put("Namespace", NAMESPACE);
    ArrayNode dimensionSets = directive.putArray("Dimensions");
    ArrayNode dimensionSet = dimensionSets.addArray();
    dimensions.keySet().forEach(dimensionSet::add);
    if (total && !dimensions.isEmpty()) {
      dimensionSets.addArray();
    }
    ArrayNode declared = directive.putArray("Metrics");
    Map<String, Metric> byName = new LinkedHashMap<>();
    metrics.forEach(m -> byName.put(m.name(), m));
    byName.values().forEach(m -> declared.addObject().put("Name", m.name()).put("Unit", m.unit()));
    dimensions.forEach(root::put);
    byName.values().forEach(m -> root.put(m.name(), m.value()));
    return JsonTrees.text(root);
  }

  private void write(String line) {
    if (file.isEmpty()) {
      PrintStream out = System.out;
      synchronized (out) {
        out.println(line);
      }
      return;
    }
    synchronized (Metrics.class) {
      try {
        Files.writeString(Path.of(file), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
