package dev.berth.protocol.logging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.json.JsonTrees;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One JSON object per line: time, level, logger, message, the request's context (request id,
 * operation, cluster, principal; see {@link RequestLog}), a summary line's fields (outcome, status,
 * latency) and the exception, if any. CloudWatch Logs Insights reads these fields as they are.
 */
public final class JsonLogFormatter extends Formatter {
  @Override
  public String format(LogRecord record) {
    ObjectNode line = JsonTrees.object();
    line.put("time", Instant.ofEpochMilli(record.getMillis()).toString());
    line.put("level", record.getLevel().getName());
    line.put("logger", record.getLoggerName());
    line.put("message", formatMessage(record));
    RequestLog.current().forEach((k, v) -> line.put(k, String.valueOf(v)));
    Object[] parameters = record.getParameters();
    if (parameters != null && parameters.length == 1 && parameters[0] instanceof Map<?, ?> fields) {
      fields.forEach((k, v) -> line.set(String.valueOf(k), JsonTrees.value(v)));
    }
    if (record.getThrown() != null) {
      Throwable t = record.getThrown();
      line.put("error", t.getClass().getName() + ": " + t.getMessage());
      StringWriter trace = new StringWriter();
      t.printStackTrace(new PrintWriter(trace));
      line.put("stackTrace", trace.toString());
    }
    return JsonTrees.text(line) + System.lineSeparator();
  }

  @Override
  public String formatMessage(LogRecord record) {
    // summary lines carry their fields as the one parameter; their message has no placeholders
    Object[] parameters = record.getParameters();
    if (parameters != null && parameters.length == 1 && parameters[0] instanceof Map<?, ?>) {
      return record.getMessage();
    }
    return super.formatMessage(record);
  }
}
