package dev.berth.scheduler.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The subjects of the language, the operators ECS documents for each, and how a condition on each
 * is built (validating its arguments once, at parse time).
 */
enum SubjectKind {
  ATTRIBUTE("attribute:<name>"),
  EC2_INSTANCE_ID("ec2InstanceId"),
  AGENT_CONNECTED("agentConnected"),
  AGENT_VERSION("agentVersion"),
  REGISTERED_AT("registeredAt"),
  RUNNING_TASKS_COUNT("runningTasksCount"),
  TASK_GROUP("task:group");

  static final String ATTRIBUTE_PREFIX = "attribute:";
  private static final Pattern VERSION = Pattern.compile("\\d+(\\.\\d+)*");
  private static final Pattern WHOLE_NUMBER = Pattern.compile("\\d{1,18}");

  final String spelling;

  SubjectKind(String spelling) {
    this.spelling = spelling;
  }

  /** The subject spelled exactly so (names are case-sensitive), or null; not for attributes. */
  static SubjectKind named(String word) {
    for (SubjectKind kind : values()) {
      if (kind != ATTRIBUTE && kind.spelling.equals(word)) {
        return kind;
      }
    }
    return null;
  }

  static String allSpellings() {
    List<String> names = new ArrayList<>();
    for (SubjectKind kind : values()) {
      names.add(kind.spelling);
    }
    return String.join(", ", names);
  }

  boolean allows(Operator operator) {
    return switch (this) {
      case ATTRIBUTE -> true;
      case EC2_INSTANCE_ID, AGENT_CONNECTED, TASK_GROUP -> switch (operator.positive()) {
        case EQUALS, IN, MATCHES -> true;
        default -> false;
      };
      case AGENT_VERSION, REGISTERED_AT, RUNNING_TASKS_COUNT -> switch (operator) {
        case EQUALS, NOT_EQUALS, GREATER_THAN, GREATER_THAN_EQUAL, LESS_THAN, LESS_THAN_EQUAL -> true;
        default -> false;
      };
    };
  }

  /** The operators {@link #allows} accepts, for error messages. */
  String allowedOperators() {
    List<String> symbols = new ArrayList<>();
    for (Operator operator : Operator.values()) {
      if (allows(operator)) {
        symbols.add(operator.symbol);
      }
    }
    return String.join(", ", symbols);
  }

  Condition condition(String subject, String attributeName, Operator operator, List<Literal> arguments) {
    List<String> texts = arguments.stream().map(Literal::text).toList();
    Pattern pattern = operator.argument == Operator.Argument.REGEX ? regex(arguments.get(0)) : null;
    return switch (this) {
      case ATTRIBUTE -> new TextCondition(subject, operator, texts, pattern, s -> s.attribute(attributeName));
      case EC2_INSTANCE_ID -> new TextCondition(subject, operator, texts, pattern, Subject::ec2InstanceId);
      case AGENT_CONNECTED -> new TextCondition(subject, operator, pattern != null ? texts : booleans(subject, arguments),
          pattern, s -> s.agentConnected() ? "true" : "false");
      case AGENT_VERSION -> new VersionCondition(subject, operator,
          checked(arguments.get(0), VERSION, "a version such as 1.15.0", subject));
      case REGISTERED_AT -> RegisteredAtCondition.of(subject, operator, arguments.get(0));
      case RUNNING_TASKS_COUNT -> {
        String count = checked(arguments.get(0), WHOLE_NUMBER, "a whole number", subject);
        yield new CountCondition(subject, operator, count, Long.parseLong(count));
      }
      case TASK_GROUP -> new TaskGroupCondition(subject, operator, texts, pattern);
    };
  }

  private static Pattern regex(Literal argument) {
    try {
      return Pattern.compile(argument.text());
    } catch (PatternSyntaxException e) {
      throw QueryParser.error(argument.index(),
          "invalid regular expression '" + argument.text() + "': " + e.getDescription());
    }
  }

  /** {@code true} and {@code false}, in any case, written as the field reads them. */
  private static List<String> booleans(String subject, List<Literal> arguments) {
    List<String> out = new ArrayList<>();
    for (Literal argument : arguments) {
      String value = argument.text().toLowerCase(Locale.ROOT);
      if (!value.equals("true") && !value.equals("false")) {
        throw QueryParser.error(argument.index(),
            "expected true or false for '" + subject + "', found '" + argument.text() + "'");
      }
      out.add(value);
    }
    return out;
  }

  private static String checked(Literal argument, Pattern shape, String expected, String subject) {
    if (!shape.matcher(argument.text()).matches()) {
      throw QueryParser.error(argument.index(),
          "expected " + expected + " for '" + subject + "', found '" + argument.text() + "'");
    }
    return argument.text();
  }
}
