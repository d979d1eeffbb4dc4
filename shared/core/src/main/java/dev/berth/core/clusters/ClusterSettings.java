package dev.berth.core.clusters;

import dev.berth.model.EcsException;
import dev.berth.model.KeyValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** ECS's cluster settings: {@code containerInsights} alone, {@code enhanced}, {@code enabled} or {@code disabled}. */
final class ClusterSettings {
  static final String CONTAINER_INSIGHTS = "containerInsights";
  private static final Set<String> VALUES = Set.of("enhanced", "enabled", "disabled");

  private ClusterSettings() {}

  /** {@code current} with {@code given} applied by name; a bad name or value refuses the whole list. */
  static List<KeyValue> merge(List<KeyValue> current, List<KeyValue> given) {
    List<KeyValue> out = new ArrayList<>(current);
    for (KeyValue setting : given == null ? List.<KeyValue>of() : given) {
      if (!CONTAINER_INSIGHTS.equals(setting.name())) {
        throw EcsException.invalidParameter("Invalid cluster setting name: " + setting.name()
            + ". The only setting is containerInsights.");
      }
      if (setting.value() == null || !VALUES.contains(setting.value())) {
        throw EcsException.invalidParameter("Invalid value for containerInsights: " + setting.value()
            + ". Valid values are enhanced, enabled and disabled.");
      }
      out.removeIf(s -> s.name().equals(setting.name()));
      out.add(new KeyValue(setting.name(), setting.value()));
    }
    return List.copyOf(out);
  }
}
