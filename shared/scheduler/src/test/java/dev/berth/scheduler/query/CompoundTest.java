package dev.berth.scheduler.query;

import static dev.berth.scheduler.query.TestInstance.instance;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** and / or / not, their precedence and parentheses. */
class CompoundTest {
  private static final String A = "attribute:a == 1";
  private static final String B = "attribute:b == 1";
  private static final String C = "attribute:c == 1";

  private static String shape(String query) {
    return QueryParser.parse(query).toString();
  }

  private static TestInstance with(boolean a, boolean b, boolean c) {
    return instance().attribute("a", a ? "1" : "0").attribute("b", b ? "1" : "0").attribute("c", c ? "1" : "0");
  }

  @ParameterizedTest
  @ValueSource(strings = {"and", "&&"})
  void and(String op) {
    Expression both = QueryParser.parse(A + " " + op + " " + B);
    assertInstanceOf(Expression.And.class, both);
    assertTrue(both.matches(with(true, true, false)));
    assertFalse(both.matches(with(true, false, false)));
    assertFalse(both.matches(with(false, true, false)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"or", "||"})
  void or(String op) {
    Expression either = QueryParser.parse(A + " " + op + " " + B);
    assertInstanceOf(Expression.Or.class, either);
    assertTrue(either.matches(with(true, false, false)));
    assertTrue(either.matches(with(false, true, false)));
    assertFalse(either.matches(with(false, false, false)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"not", "!", "not ", "! "})
  void not(String op) {
    Expression negated = QueryParser.parse(op + "(" + A + ")");
    assertInstanceOf(Expression.Not.class, negated);
    assertTrue(negated.matches(with(false, false, false)));
    assertFalse(negated.matches(with(true, false, false)));
  }

  @Test
  void andBindsTighterThanOr() {
    assertEquals("(" + A + " or (" + B + " and " + C + "))", shape(A + " or " + B + " and " + C));
    assertEquals("((" + A + " and " + B + ") or " + C + ")", shape(A + " and " + B + " or " + C));
    assertTrue(QueryParser.parse(A + " or " + B + " and " + C).matches(with(true, false, false)));
  }

  @Test
  void parenthesesOverridePrecedence() {
    String grouped = "(" + A + " or " + B + ") and " + C;
    assertEquals("((" + A + " or " + B + ") and " + C + ")", shape(grouped));
    assertFalse(QueryParser.parse(grouped).matches(with(true, false, false)));
    assertTrue(QueryParser.parse(grouped).matches(with(true, false, true)));
  }

  @Test
  void connectivesAreLeftAssociative() {
    assertEquals("((" + A + " or " + B + ") or " + C + ")", shape(A + " || " + B + " || " + C));
    assertEquals("((" + A + " and " + B + ") and " + C + ")", shape(A + " && " + B + " and " + C));
  }

  @Test
  void notAppliesToTheSingleExpressionThatFollows() {
    assertEquals("(not(" + A + ") and " + B + ")", shape("not " + A + " and " + B));
    assertEquals("(not(" + A + ") or " + B + ")", shape("!" + A + " || " + B));
  }

  @Test
  void notAppliesToAParenthesisedExpression() {
    assertEquals("not((" + A + " or " + B + "))", shape("not(" + A + " or " + B + ")"));
  }

  @Test
  void notCanBeRepeatedAndTwoNegationsCancel() {
    assertEquals(A, shape("not !" + A));
    assertEquals("not(" + A + ")", shape("not ! not " + A));
    assertTrue(QueryParser.parse("not not " + A).matches(with(true, false, false)));
  }

  @Test
  void redundantParenthesesAreAllowed() {
    assertEquals(A, shape("((" + A + "))"));
  }

  @Test
  void deepNestingUpToTheLimitParsesAndLongNegationRunsCostNoStack() {
    String nested = "(".repeat(QueryParser.MAX_DEPTH) + A + ")".repeat(QueryParser.MAX_DEPTH);
    assertEquals(A, shape(nested));
    String negations = "!".repeat(1_900) + A;
    assertTrue(QueryParser.parse(negations).matches(with(true, false, false)));
    assertTrue(QueryParser.parse("!" + negations).matches(with(false, false, false)));
  }

  @Test
  void nestingPastTheLimitIsRefusedWithItsPosition() {
    String nested = "(".repeat(QueryParser.MAX_DEPTH + 1) + A + ")".repeat(QueryParser.MAX_DEPTH + 1);
    var error = assertThrows(dev.berth.model.EcsException.class, () -> QueryParser.parse(nested));
    assertTrue(error.getMessage().contains("position " + (QueryParser.MAX_DEPTH + 1)), error.getMessage());
  }

  @Test
  void connectivesNeedNoSpacesAroundSymbols() {
    Expression e = QueryParser.parse("attribute:a==1&&attribute:b==1||attribute:c==1");
    assertEquals("((" + A + " and " + B + ") or " + C + ")", e.toString());
    assertTrue(QueryParser.parse("(" + A + ")and(" + B + ")").matches(with(true, true, false)));
  }

  @Test
  void taskAntiAffinity() {
    Expression e = QueryParser.parse("not(task:group == database)");
    assertTrue(e.matches(instance().taskGroups("service:web")));
    assertFalse(e.matches(instance().taskGroups("service:web", "database")));
  }

  @Test
  void affinityToEitherOfTwoGroups() {
    Expression e = QueryParser.parse("task:group == service:web || task:group == service:api");
    assertTrue(e.matches(instance().taskGroups("service:api")));
    assertFalse(e.matches(instance().taskGroups("service:db")));
  }

  @Test
  void instanceTypeAndZone() {
    Expression e = QueryParser.parse(
        "attribute:ecs.instance-type =~ t2.* and attribute:ecs.availability-zone != us-east-1d");
    assertTrue(e.matches(instance().attribute("ecs.instance-type", "t2.micro")
        .attribute("ecs.availability-zone", "us-east-1a")));
    assertFalse(e.matches(instance().attribute("ecs.instance-type", "t2.micro")
        .attribute("ecs.availability-zone", "us-east-1d")));
    assertFalse(e.matches(instance().attribute("ecs.instance-type", "m5.large")
        .attribute("ecs.availability-zone", "us-east-1a")));
  }

  @Test
  void evaluationShortCircuits() {
    Subject onlyAttributes = new Subject() {
      @Override public String attribute(String name) { return "1"; }
      @Override public String ec2InstanceId() { throw new AssertionError("not needed"); }
      @Override public boolean agentConnected() { throw new AssertionError("not needed"); }
      @Override public String agentVersion() { throw new AssertionError("not needed"); }
      @Override public Instant registeredAt() { throw new AssertionError("not needed"); }
      @Override public int runningTasksCount() { throw new AssertionError("not needed"); }
      @Override public Set<String> taskGroups() { throw new AssertionError("not needed"); }
    };
    assertTrue(QueryParser.parse(A + " or task:group == x").matches(onlyAttributes));
    assertFalse(QueryParser.parse("attribute:a == 2 and runningTasksCount > 1").matches(onlyAttributes));
  }
}
