package dev.berth.protocol.logging;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What every log line of a request carries (its id, operation, cluster and principal), kept per
 * thread while a handler serves the request, and the one summary line each request ends with
 * (outcome and latency). Requests nest when the local runtime runs a function inside the endpoint's
 * thread, so the context is a stack. Only names and ids are recorded: never a secret, never a body.
 */
public final class RequestLog {
  private static final Logger LOG = Logger.getLogger("berth.request");
  private static final ThreadLocal<Deque<Context>> STACK = ThreadLocal.withInitial(ArrayDeque::new);

  /** One request's context. */
  public static final class Context {
    final String requestId;
    final String operation;
    final long startNanos;
    String cluster;
    String principal;

    Context(String requestId, String operation, long startNanos) {
      this.requestId = requestId;
      this.operation = operation;
      this.startNanos = startNanos;
    }

    Map<String, Object> fields() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("requestId", requestId);
      out.put("operation", operation);
      if (cluster != null) {
        out.put("cluster", cluster);
      }
      if (principal != null) {
        out.put("principal", principal);
      }
      return out;
    }
  }

  private RequestLog() {}

  /** Starts a request on this thread; end it with {@link #end}. */
  public static void begin(String requestId, String operation) {
    STACK.get().push(new Context(requestId, operation, System.nanoTime()));
  }

  /** The cluster the request concerns (a name or ARN, as sent). */
  public static void cluster(String cluster) {
    Context c = STACK.get().peek();
    if (c != null && cluster != null && !cluster.isEmpty()) {
      c.cluster = cluster.length() > 300 ? cluster.substring(0, 300) : cluster;
    }
  }

  /** Who made the request (a user's or an instance's ARN). */
  public static void principal(String principal) {
    Context c = STACK.get().peek();
    if (c != null && principal != null && !principal.isEmpty()) {
      c.principal = principal;
    }
  }

  /** The context of the request this thread serves, if any (what the formatter adds to each line). */
  static Map<String, Object> current() {
    Context c = STACK.get().peek();
    return c == null ? Map.of() : c.fields();
  }

  /**
   * Ends the request with its summary line: {@code outcome} ("ok", or the error's code), the HTTP
   * status when there is one (0 otherwise), and the latency since {@link #begin}.
   */
  public static void end(String outcome, int status) {
    Context c = STACK.get().peek();
    if (c == null) {
      return;
    }
    try {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("outcome", outcome);
      if (status > 0) {
        fields.put("status", status);
      }
      fields.put("latencyMs", (System.nanoTime() - c.startNanos) / 1_000_000.0);
      Level level = status >= 500 || "error".equals(outcome) ? Level.WARNING : Level.INFO;
      LogRecord record = new LogRecord(level, c.operation + " " + outcome);
      record.setLoggerName(LOG.getName());
      record.setParameters(new Object[] {fields});
      LOG.log(record);
    } finally {
      STACK.get().pop();
    }
  }
}
