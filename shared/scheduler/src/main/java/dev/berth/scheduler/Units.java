package dev.berth.scheduler;

import dev.berth.model.EcsException;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ECS task-level cpu and memory strings: plain units/MiB ("1024", "2048") or with a unit
 * ("1 vCPU", "0.5 vcpu", "2GB", "512 MiB"); converted to CPU units and MiB.
 */
public final class Units {
  private static final Pattern VALUE = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*([a-zA-Z]*)\\s*");

  public static int cpu(String value) {
    Matcher m = match(value, "cpu");
    BigDecimal n = new BigDecimal(m.group(1));
    String unit = m.group(2).toLowerCase(Locale.ROOT);
    BigDecimal units = switch (unit) {
      case "" -> n;
      case "vcpu", "vcpus" -> n.multiply(BigDecimal.valueOf(1024));
      default -> throw EcsException.clientException("Invalid 'cpu' setting for task: " + value);
    };
    return exact(units, value, "cpu");
  }

  public static int memory(String value) {
    Matcher m = match(value, "memory");
    BigDecimal n = new BigDecimal(m.group(1));
    String unit = m.group(2).toLowerCase(Locale.ROOT);
    BigDecimal mib = switch (unit) {
      case "", "mb", "mib" -> n;
      case "gb", "gib" -> n.multiply(BigDecimal.valueOf(1024));
      default -> throw EcsException.clientException("Invalid 'memory' setting for task: " + value);
    };
    return exact(mib, value, "memory");
  }

  private static Matcher match(String value, String what) {
    Matcher m = VALUE.matcher(value == null ? "" : value);
    if (!m.matches()) {
      throw EcsException.clientException("Invalid '" + what + "' setting for task: " + value);
    }
    return m;
  }

  private static int exact(BigDecimal value, String original, String what) {
    try {
      int n = value.intValueExact();
      if (n < 0) {
        throw new ArithmeticException();
      }
      return n;
    } catch (ArithmeticException e) {
      throw EcsException.clientException("Invalid '" + what + "' setting for task: " + original);
    }
  }

  private Units() {}
}
