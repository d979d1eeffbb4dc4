package dev.berth.scheduler.query;

import static dev.berth.scheduler.query.TestInstance.instance;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bare and quoted values, lists, regular expressions, and the canonical form. */
class ValuesTest {

  private static boolean holds(String query, Subject subject) {
    return QueryParser.parse(query).matches(subject);
  }

  @Test
  void quotedValuesMayContainSpacesParenthesesAndOperators() {
    TestInstance odd = instance().attribute("note", "a b && (c) or == d");
    assertTrue(holds("attribute:note == 'a b && (c) or == d'", odd));
    assertFalse(holds("attribute:note == 'a b'", odd));
  }

  @Test
  void quotedAndBareValuesAreTheSame() {
    TestInstance web = instance().attribute("stack", "web");
    assertTrue(holds("attribute:stack == 'web'", web));
    assertTrue(holds("attribute:stack == web", web));
  }

  @Test
  void quotedValueMayBeEmpty() {
    assertTrue(holds("attribute:flag == ''", instance().attribute("flag", "")));
    assertFalse(holds("attribute:flag == ''", instance().attribute("flag", "x")));
  }

  @Test
  void bareValuesKeepColonsDotsAndSlashes() {
    assertTrue(holds("attribute:path == /opt/app:v1.2", instance().attribute("path", "/opt/app:v1.2")));
  }

  @Test
  void listsMixQuotedAndBareValues() {
    String query = "attribute:zone in [us-east-1a, 'us east 1b' ,us-east-1c]";
    assertTrue(holds(query, instance().attribute("zone", "us east 1b")));
    assertTrue(holds(query, instance().attribute("zone", "us-east-1c")));
    assertFalse(holds(query, instance().attribute("zone", "us")));
  }

  @Test
  void listWithOneValue() {
    assertTrue(holds("ec2InstanceId in [i-0abc]", instance()));
  }

  @Test
  void availabilityZoneList() {
    String query = "attribute:ecs.availability-zone in [us-east-1a, us-east-1b]";
    assertTrue(holds(query, instance().attribute("ecs.availability-zone", "us-east-1b")));
    assertFalse(holds(query, instance().attribute("ecs.availability-zone", "us-east-1c")));
  }

  @Test
  void bareRegexMayContainBracketsAndCommas() {
    assertTrue(holds("ec2InstanceId =~ i-[0-9a-f]{4}", instance().ec2InstanceId("i-0abc")));
    assertFalse(holds("ec2InstanceId =~ i-[0-9a-f]{4}", instance().ec2InstanceId("i-0abz")));
    assertTrue(holds("attribute:n =~ a{1,2}", instance().attribute("n", "aa")));
  }

  @Test
  void regexWithParenthesesOrSpacesIsQuoted() {
    String query = "attribute:ecs.instance-type =~ '(t2|m5)\\.(micro|large)'";
    assertTrue(holds(query, instance().attribute("ecs.instance-type", "m5.large")));
    assertFalse(holds(query, instance().attribute("ecs.instance-type", "c5.large")));
    assertTrue(holds("attribute:note =~ 'a .*'", instance().attribute("note", "a b")));
  }

  @Test
  void regexIsJavaSyntaxAndCaseSensitive() {
    assertTrue(holds("attribute:n =~ \\d+", instance().attribute("n", "123")));
    assertFalse(holds("attribute:n =~ ABC", instance().attribute("n", "abc")));
    assertTrue(holds("attribute:n =~ '(?i)ABC'", instance().attribute("n", "abc")));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "attribute:ecs.instance-type == t2.small",
      "attribute:ecs.instance-type =~ g2.*",
      "attribute:ecs.instance-type =~ t2.* and attribute:ecs.availability-zone != us-east-1d",
      "not(task:group == database)",
      "ec2InstanceId in ['i-a','i-b']",
      "attribute:ecs.availability-zone in [us-east-1a, us-east-1b]",
      "runningTasksCount == 0",
      "runningTasksCount == 1",
      "agentConnected == true",
      "agentVersion >= 1.15.0",
      "agentVersion < 1.14.5",
      "registeredAt < 2026-01-01",
      "registeredAt < 2018-02-13",
      "attribute:stack exists",
      "task:group == service:web || task:group == service:api",
      "task:group == service:production",
      "(attribute:a == 1 or attribute:b == 2) and attribute:c == 3",
  })
  void documentedExamplesParse(String query) {
    assertDoesNotThrow(() -> QueryParser.parse(query));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "attribute:note == 'a b' and not attribute:x !exists",
      "ec2InstanceId not_in ['i a', i-b, '']",
      "attribute:t matches '(t2|m5).*' || registeredAt >= 2018-06-18T22:28:28Z",
      "!(runningTasksCount > 3 && agentVersion <= 1.2) or task:group =~ a,b",
  })
  void canonicalFormParsesBackToItself(String query) {
    String canonical = QueryParser.parse(query).toString();
    assertEquals(canonical, QueryParser.parse(canonical).toString());
  }

  @Test
  void canonicalFormUsesSymbolsAndQuotesWhereNeeded() {
    assertEquals("ec2InstanceId !in ['i a', i-b]", QueryParser.parse("ec2InstanceId not_in ['i a','i-b']").toString());
    assertEquals("attribute:x !exists", QueryParser.parse("attribute:x not_exists").toString());
  }

  @Test
  void oneParsedExpressionServesManyInstances() {
    Expression e = QueryParser.parse("attribute:ecs.instance-type =~ t2.* and task:group != database "
        + "and attribute:ecs.availability-zone in [us-east-1a, us-east-1b] and runningTasksCount < 10");
    List<TestInstance> fleet = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      fleet.add(instance().attribute("ecs.instance-type", i % 2 == 0 ? "t2.micro" : "m5.large")
          .attribute("ecs.availability-zone", "us-east-1" + "abc".charAt(i % 3))
          .runningTasksCount(i % 20)
          .taskGroups(i % 5 == 0 ? "database" : "service:web"));
    }
    int matched = 0;
    for (TestInstance each : fleet) {
      matched += e.matches(each) ? 1 : 0;
    }
    int expected = 0;
    for (int i = 0; i < 5_000; i++) {
      boolean match = i % 2 == 0 && i % 5 != 0 && i % 3 != 2 && i % 20 < 10;
      expected += match ? 1 : 0;
    }
    assertEquals(expected, matched);
  }
}
