package dev.berth.scheduler.query;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.model.EcsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the parser rejects, and that it says where (1-based) and what it expected. */
class QueryParserErrorsTest {

  private static EcsException rejected(String query) {
    return assertThrows(EcsException.class, () -> QueryParser.parse(query));
  }

  private static void assertRejected(String query, int position, String expected) {
    EcsException e = rejected(query);
    assertEquals("InvalidParameterException", e.code());
    assertEquals(400, e.status());
    assertTrue(e.getMessage().startsWith("Invalid query expression at position " + position + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void missingOperatorNamesTheSubjectAndWhatWasFound() {
    EcsException e = rejected("attribute:stack foo");
    assertEquals("Invalid query expression at position 17: expected an operator after 'attribute:stack', found 'foo'",
        e.getMessage());
  }

  @Test
  void missingOperatorAtTheEnd() {
    assertRejected("attribute:stack", 16, "expected an operator after 'attribute:stack', found the end of the expression");
  }

  @Test
  void unknownOperator() {
    assertRejected("attribute:stack contains web", 17, "expected an operator");
    assertRejected("attribute:stack = web", 17, "expected an operator");
  }

  @Test
  void unknownSubject() {
    assertRejected("instanceType == t2.small", 1, "unknown subject 'instanceType'");
    assertRejected("attribute:a == 1 and task:name == x", 22, "unknown subject 'task:name'");
  }

  @Test
  void subjectsAreCaseSensitive() {
    assertRejected("EC2InstanceId == i-a", 1, "unknown subject 'EC2InstanceId'");
  }

  @Test
  void attributeNeedsAName() {
    assertRejected("attribute: == x", 11, "expected an attribute name after 'attribute:'");
  }

  @Test
  void operatorsOutsideWhatTheSubjectDocumentsAreRejected() {
    assertRejected("ec2InstanceId > i-a", 15, "operator '>' cannot be used with 'ec2InstanceId'");
    assertRejected("runningTasksCount exists", 19, "operator 'exists' cannot be used with 'runningTasksCount'");
    assertRejected("agentVersion =~ 1.*", 14, "expected one of ==, !=, >, >=, <, <=");
    assertRejected("registeredAt in [2018-01-01]", 14, "cannot be used with 'registeredAt'");
    assertRejected("task:group <= x", 12, "cannot be used with 'task:group'");
    assertRejected("agentConnected not_exists", 16, "cannot be used with 'agentConnected'");
  }

  @Test
  void missingValue() {
    assertRejected("attribute:a ==", 15, "expected a value after '=='");
    assertRejected("(attribute:a != )", 17, "expected a value after '!=', found ')'");
    assertRejected("attribute:a matches", 20, "expected a value after 'matches'");
  }

  @Test
  void aValueSpelledLikeAConnectiveIsAValue() {
    // After an operator a value is due, so 'and' here is the value, and what follows is left over.
    assertRejected("attribute:a equals and attribute:b exists", 24, "found 'attribute:b'");
    assertTrue(QueryParser.parse("attribute:a == and").matches(TestInstance.instance().attribute("a", "and")));
  }

  @Test
  void valueCannotBeAList() {
    assertRejected("attribute:a == [x]", 16, "expected a value after '==', found '['");
  }

  @Test
  void emptyList() {
    assertRejected("attribute:a in []", 17, "expected at least one value in the list");
    assertRejected("attribute:a not_in [  ]", 23, "expected at least one value in the list");
  }

  @Test
  void listMustBeInBrackets() {
    assertRejected("attribute:a in x", 16, "expected '[' to start the list after 'in', found 'x'");
    assertRejected("attribute:a in (x, y)", 16, "expected '[' to start the list after 'in', found '('");
  }

  @Test
  void unclosedList() {
    assertRejected("attribute:a in [x, y", 21, "expected ',' or ']' in the list, found the end of the expression");
    assertRejected("attribute:a in [x y]", 19, "expected ',' or ']' in the list, found 'y'");
  }

  @Test
  void listValueMissing() {
    assertRejected("attribute:a in [x,]", 19, "expected a value in the list, found ']'");
    assertRejected("attribute:a in [,x]", 17, "expected a value in the list, found ','");
  }

  @Test
  void unclosedParenthesis() {
    assertRejected("(attribute:a == b", 18, "expected ')' to close the '(' at position 1");
    assertRejected("not(attribute:a == b or (attribute:c exists)", 45, "'(' at position 4");
  }

  @Test
  void unbalancedClosingParenthesis() {
    assertRejected("attribute:a == b)", 17, "unbalanced ')'");
    assertRejected("(attribute:a == b))", 19, "unbalanced ')'");
  }

  @Test
  void emptyParentheses() {
    assertRejected("()", 2, "expected a subject, '(' or 'not', found ')'");
  }

  @Test
  void singleExpressionCannotContainParentheses() {
    assertRejected("attribute:a == (b)", 16, "expected a value after '=='");
    assertRejected("attribute:a =~ (b|c)", 16, "expected a value after '=~'");
  }

  @Test
  void badRegex() {
    assertRejected("attribute:a =~ 'a(b'", 16, "invalid regular expression 'a(b'");
    assertRejected("ec2InstanceId !~ i-[0-9", 18, "invalid regular expression 'i-[0-9'");
  }

  @Test
  void unterminatedQuote() {
    assertRejected("attribute:a == 'abc", 16, "unterminated quoted value");
    assertRejected("attribute:a in ['x', 'y]", 22, "unterminated quoted value");
  }

  @Test
  void emptyExpression() {
    assertRejected("", 1, "expected a subject, '(' or 'not', found the end of the expression");
    assertRejected("   ", 4, "found the end of the expression");
    assertRejected(null, 1, "expected a subject");
  }

  @Test
  void expressionsAreLimitedTo2000Characters() {
    String padded = "attribute:a == " + "x".repeat(QueryParser.MAX_LENGTH - 15);
    assertEquals(2000, padded.length());
    assertDoesNotThrow(() -> QueryParser.parse(padded));
    assertRejected(padded + "x", 2001, "limited to 2000 characters");
  }

  @Test
  void badWholeNumber() {
    assertRejected("runningTasksCount == many", 22, "expected a whole number for 'runningTasksCount', found 'many'");
    assertRejected("runningTasksCount > -1", 21, "expected a whole number");
    assertRejected("runningTasksCount > 1.5", 21, "expected a whole number");
  }

  @Test
  void badVersion() {
    assertRejected("agentVersion >= latest", 17, "expected a version such as 1.15.0 for 'agentVersion', found 'latest'");
    assertRejected("agentVersion >= 1..2", 17, "expected a version");
  }

  @Test
  void badDate() {
    assertRejected("registeredAt < yesterday", 16, "expected a date (yyyy-MM-dd) or an ISO-8601 timestamp");
    assertRejected("registeredAt < 2018-02-30", 16, "found '2018-02-30'");
    assertRejected("registeredAt < 2018-06-18T25:00:00Z", 16, "ISO-8601 timestamp");
  }

  @Test
  void badBoolean() {
    assertRejected("agentConnected == yes", 19, "expected true or false for 'agentConnected', found 'yes'");
    assertRejected("agentConnected in [true, 1]", 26, "found '1'");
  }

  @Test
  void trailingText() {
    assertRejected("attribute:a == b c", 18, "expected 'and', 'or' or the end of the expression, found 'c'");
    assertRejected("attribute:a exists web", 20, "found 'web'");
  }

  @Test
  void danglingConnective() {
    assertRejected("attribute:a == b and", 21, "expected a subject, '(' or 'not', found the end of the expression");
    assertRejected("attribute:a == b or or attribute:c exists", 21, "unknown subject 'or'");
    assertRejected("not", 4, "expected a subject");
  }

  @Test
  void keywordsAreLowerCase() {
    assertRejected("attribute:a == b AND attribute:c == d", 18, "found 'AND'");
    assertRejected("attribute:a EQUALS b", 13, "expected an operator");
  }

  @ParameterizedTest
  @ValueSource(strings = {"attribute:a == b &", "attribute:a == b |", "attribute:a == b & attribute:c exists"})
  void singleAmpersandOrBarIsNotAConnective(String query) {
    assertRejected(query, 18, "expected 'and', 'or' or the end of the expression");
  }
}
