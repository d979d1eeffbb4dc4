package dev.berth.functions.reconciler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.berth.core.Config;
import dev.berth.core.metrics.MetricNames;
import dev.berth.core.metrics.Metrics;
import dev.berth.core.services.ReconcileSweep;
import dev.berth.json.JsonTrees;
import dev.berth.protocol.logging.JsonLogging;
import dev.berth.protocol.logging.RequestLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The scheduled sweep (EventBridge Scheduler, every minute): fans the minute's work out onto the
 * reconcile queue and returns what it sent. The schedule's input is not read; any event will do.
 */
public final class SweepHandler implements RequestStreamHandler {
  private static final Logger LOG = Logger.getLogger(SweepHandler.class.getName());
  private final ReconcileSweep sweep;
  private final Metrics metrics;

  public SweepHandler() {
    this(Config.fromEnvironment(), Clock.systemUTC());
    JsonLogging.install(); // Lambda: structured lines on standard output
  }

  public SweepHandler(Config config, Clock clock) {
    this(ReconcilerComponent.create(config, clock));
  }

  public SweepHandler(ReconcilerComponent component) {
    this.sweep = component.sweep();
    this.metrics = component.metrics();
  }

  /** Lambda's entry: the schedule's event is not read; the answer is what {@link #handle} returns, as JSON. */
  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    JsonTrees.write(JsonTrees.value(handle(context)), output);
  }

  /** One minute's sweep: how many clusters and services it queued work for, and its send calls. */
  public Map<String, Integer> handle(Context context) {
    RequestLog.begin(context == null ? "local" : context.getAwsRequestId(), "Sweep");
    ReconcileSweep.Result result;
    try {
      result = sweep.sweep();
    } catch (RuntimeException e) {
      RequestLog.end("error", 0);
      throw e;
    }
    RequestLog.end("ok", 0);
    // the alarm "sweep not running" watches this record, one a minute
    metrics.emit(Map.of(), List.of(Metrics.Metric.count(MetricNames.SWEEP_RUNS, 1),
        Metrics.Metric.count(MetricNames.CLUSTERS_SWEPT, result.clusters()), Metrics.Metric.count(MetricNames.SERVICES_DUE, result.services())));
    // A quiet minute (nothing but the clusters' health checks) is not worth a log line.
    LOG.log(result.services() > 0 ? java.util.logging.Level.INFO : java.util.logging.Level.FINE, "sweep: " + result);
    return Map.of("clusters", result.clusters(), "services", result.services(), "sendCalls", result.sendCalls());
  }
}
