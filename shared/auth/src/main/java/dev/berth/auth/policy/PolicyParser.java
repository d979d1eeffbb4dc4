package dev.berth.auth.policy;

import dev.berth.json.JsonTrees;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and validates an identity-based policy the way IAM does before storing it. Messages
 * follow IAM's {@code MalformedPolicyDocument} wording where it is known.
 */
final class PolicyParser {

  private static final Set<String> DOCUMENT_MEMBERS = Set.of("Version", "Id", "Statement");
  private static final Set<String> STATEMENT_MEMBERS =
      Set.of("Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition");

  private PolicyParser() {}

  static PolicyDocument parse(String json) {
    JsonNode root = read(json);
    if (!root.isObject()) {
      throw MalformedPolicyException.syntax();
    }
    requireKnownMembers(root, DOCUMENT_MEMBERS);
    // Without a Version, IAM reads the 2008-10-17 language, which has no policy variables.
    PolicyVersion version = root.has("Version")
        ? PolicyVersion.parse(JsonStrings.text(root.get("Version")))
        : PolicyVersion.V2008_10_17;
    if (root.has("Id")) {
      JsonStrings.text(root.get("Id"));
    }
    JsonNode statements = root.get("Statement");
    if (statements == null || (statements.isArray() && statements.isEmpty())) {
      throw MalformedPolicyException.syntax();
    }
    List<Statement> parsed = new ArrayList<>();
    Set<String> sids = new HashSet<>();
    for (JsonNode statement : statements.isArray() ? statements : List.of(statements)) {
      Statement s = statement(statement, version);
      if (s.sid().filter(sid -> !sid.isEmpty()).isPresent() && !sids.add(s.sid().get())) {
        throw new MalformedPolicyException("Statement IDs (SID) in a single policy must be unique.");
      }
      parsed.add(s);
    }
    return new PolicyDocument(version, parsed, json);
  }

  private static JsonNode read(String json) {
    try {
      // strictly: duplicate members are refused (with two Effects, which one would IAM mean?)
      JsonNode root = JsonTrees.readStrictly(json);
      if (root == null) {
        throw MalformedPolicyException.syntax();
      }
      return root;
    } catch (JacksonException e) {
      throw MalformedPolicyException.syntax();
    }
  }

  private static Statement statement(JsonNode node, PolicyVersion version) {
    if (!node.isObject()) {
      throw MalformedPolicyException.syntax();
    }
    if (node.has("Principal") || node.has("NotPrincipal")) {
      throw new MalformedPolicyException("Policy document should not specify a principal.");
    }
    requireKnownMembers(node, STATEMENT_MEMBERS);
    String sid = node.has("Sid") ? sid(JsonStrings.text(node.get("Sid"))) : null;
    if (!node.has("Effect")) {
      throw MalformedPolicyException.syntax();
    }
    Effect effect = Effect.parse(JsonStrings.text(node.get("Effect")));
    boolean notAction = exactlyOne(node, "Action", "NotAction", "Policy statement must contain actions.");
    List<String> actions = JsonStrings.strings(node.get(notAction ? "NotAction" : "Action"));
    actions.forEach(PolicyParser::action);
    boolean notResource = exactlyOne(node, "Resource", "NotResource", "Policy statement must contain resources.");
    List<String> resources = JsonStrings.strings(node.get(notResource ? "NotResource" : "Resource"));
    resources.forEach(PolicyParser::resource);
    List<Condition> conditions = node.has("Condition")
        ? ConditionParser.parse(node.get("Condition"), version)
        : List.of();
    return new Statement(sid, effect,
        ElementMatcher.actions(actions, notAction),
        ElementMatcher.resources(resources, notResource, version),
        conditions);
  }

  /** True when the statement uses the {@code Not} form; refuses both forms and neither. */
  private static boolean exactlyOne(JsonNode node, String positive, String negative, String missing) {
    boolean hasPositive = node.has(positive);
    boolean hasNegative = node.has(negative);
    if (hasPositive && hasNegative) {
      throw new MalformedPolicyException("Policy statement must not contain both " + positive + " and " + negative + ".");
    }
    if (!hasPositive && !hasNegative) {
      throw new MalformedPolicyException(missing);
    }
    return hasNegative;
  }

  private static String sid(String sid) {
    if (!sid.chars().allMatch(c -> c < 128 && Character.isLetterOrDigit(c))) {
      throw new MalformedPolicyException(
          "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*");
    }
    return sid;
  }

  private static void action(String action) {
    if (!action.equals("*")) {
      vendorPrefixed(action);
    }
  }

  /** Actions and condition keys name their service first ({@code ecs:RunTask}, {@code aws:SourceIp}). */
  static String vendorPrefixed(String name) {
    if (name.indexOf(':') <= 0) {
      throw new MalformedPolicyException("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
    }
    return name;
  }

  private static void resource(String resource) {
    if (!resource.equals("*") && !resource.startsWith("arn:")) {
      throw new MalformedPolicyException("Resource " + resource + " must be in ARN format or \"*\".");
    }
  }

  private static void requireKnownMembers(JsonNode node, Set<String> known) {
    for (Map.Entry<String, JsonNode> member : node.properties()) {
      if (!known.contains(member.getKey()) || member.getValue().isNull()) {
        throw MalformedPolicyException.syntax();
      }
    }
  }
}
