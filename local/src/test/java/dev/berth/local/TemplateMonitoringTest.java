package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.metrics.MetricNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The template's alarms and dashboard watch metrics that exist: Berth's own by the names the
 * functions publish (MetricNames), Lambda's of the template's functions, SQS's of its queues.
 */
class TemplateMonitoringTest {
  private static final Set<String> LAMBDA_METRICS = Set.of("Errors", "Throttles");
  private static final Set<String> SQS_METRICS = Set.of("ApproximateNumberOfMessagesVisible");
  private static final Pattern BERTH_SEARCH = Pattern.compile("\\{Berth[^}]*\\} MetricName=\\\\?\"(\\w+)\\\\?\"");

  @Test
  @SuppressWarnings("unchecked")
  void everyAlarmWatchesAMetricThatExists() throws Exception {
    Set<String> functions = Template.resources("AWS::Serverless::Function").keySet();
    Set<String> queues = Template.resources("AWS::SQS::Queue").keySet();
    var alarms = Template.resources("AWS::CloudWatch::Alarm");
    assertTrue(alarms.keySet().containsAll(Set.of("TaskStateDeadLetterAlarm", "ReconcileDeadLetterAlarm",
        "ReconcilerErrorsAlarm", "SweepNotRunningAlarm", "ThrottlesAlarm", "LedgerDriftAlarm", "FunctionErrorsAlarm")),
        alarms.keySet().toString());
    List<String> problems = new ArrayList<>();
    for (var alarm : alarms.entrySet()) {
      Map<String, Object> p = Template.properties(alarm.getValue());
      List<Map<String, Object>> metrics = new ArrayList<>();
      if (p.containsKey("MetricName")) {
        metrics.add(p);
      }
      for (Map<String, Object> query : (List<Map<String, Object>>) p.getOrDefault("Metrics", List.of())) {
        if (query.containsKey("MetricStat")) {
          metrics.add((Map<String, Object>) ((Map<String, Object>) query.get("MetricStat")).get("Metric"));
        }
      }
      if (metrics.isEmpty()) {
        problems.add(alarm.getKey() + " watches no metric");
      }
      for (Map<String, Object> m : metrics) {
        String namespace = (String) m.get("Namespace");
        String name = (String) m.get("MetricName");
        var dimensions = (List<Map<String, Object>>) m.getOrDefault("Dimensions", List.of());
        switch (namespace) {
          case "Berth" -> {
            if (!MetricNames.ALL.contains(name)) {
              problems.add(alarm.getKey() + ": Berth publishes no " + name);
            }
            if (!dimensions.isEmpty()) {
              problems.add(alarm.getKey() + ": alarms watch Berth's totals, which have no dimensions");
            }
          }
          case "AWS/Lambda" -> {
            if (!LAMBDA_METRICS.contains(name) || dimensions.size() != 1
                || !functions.contains(String.valueOf(dimensions.get(0).get("Value")))) {
              problems.add(alarm.getKey() + ": " + name + " of " + dimensions + " is not a function's metric");
            }
          }
          case "AWS/SQS" -> {
            String queue = dimensions.size() == 1 ? String.valueOf(dimensions.get(0).get("Value")) : "";
            if (!SQS_METRICS.contains(name) || !queue.endsWith(".QueueName")
                || !queues.contains(queue.substring(0, queue.indexOf('.')))) {
              problems.add(alarm.getKey() + ": " + name + " of " + dimensions + " is not a queue's metric");
            }
          }
          default -> problems.add(alarm.getKey() + ": unexpected namespace " + namespace);
        }
      }
      assertEquals(List.of("HasAlarmTopic", List.of("AlarmTopicArn"), "AWS::NoValue"), p.get("AlarmActions"),
          alarm.getKey() + " notifies the topic given as a parameter");
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void theDashboardShowsMetricsThatExist() throws Exception {
    var dashboards = Template.resources("AWS::CloudWatch::Dashboard");
    assertEquals(1, dashboards.size());
    String body = String.valueOf(Template.properties(dashboards.values().iterator().next()).get("DashboardBody"));
    Matcher m = BERTH_SEARCH.matcher(body);
    List<String> shown = new ArrayList<>();
    while (m.find()) {
      shown.add(m.group(1));
    }
    assertTrue(shown.containsAll(List.of("CPUReservation", "MemoryReservation", "GPUReservation",
        "PendingTaskCount", "PlacementFailures", "ReconcilePasses", "LeaseConflicts", "LedgerDrift",
        "TaskStateMessagesApplied", "TaskStateMessagesDeadLettered")), shown.toString());
    assertEquals(List.of(), shown.stream().filter(name -> !MetricNames.ALL.contains(name)).toList());
  }
}
