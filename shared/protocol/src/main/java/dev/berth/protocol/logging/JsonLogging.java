package dev.berth.protocol.logging;

import java.io.PrintStream;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Makes java.util.logging write {@link JsonLogFormatter} lines to standard output, where Lambda
 * collects them for CloudWatch Logs. Each function's Lambda constructor installs it, and so does
 * the local runtime, so local runs write the same lines.
 */
public final class JsonLogging {
  private static volatile boolean installed;

  private JsonLogging() {}

  public static synchronized void install() {
    if (installed) {
      return;
    }
    Logger root = LogManager.getLogManager().getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    root.addHandler(new StdoutHandler(System.out));
    root.setLevel(Level.INFO);
    installed = true;
  }

  /** Writes whole lines, one record each, flushed at once (Lambda may freeze right after a request). */
  private static final class StdoutHandler extends Handler {
    private final PrintStream out;

    StdoutHandler(PrintStream out) {
      this.out = out;
      setFormatter(new JsonLogFormatter());
      setLevel(Level.ALL);
    }

    @Override
    public void publish(LogRecord record) {
      if (!isLoggable(record)) {
        return;
      }
      String line = getFormatter().format(record);
      synchronized (out) {
        out.print(line);
        out.flush();
      }
    }

    @Override
    public void flush() {
      out.flush();
    }

    @Override
    public void close() {
      flush();
    }
  }
}
