package dev.berth.scheduler.query;

import static dev.berth.scheduler.query.TestInstance.instance;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Each subject, how its values compare, and what an absent value does. */
class SubjectsTest {

  private static boolean holds(String query, Subject subject) {
    return QueryParser.parse(query).matches(subject);
  }

  @Test
  void attributeNumbersCompareNumericallyWhenBothSidesAreNumbers() {
    TestInstance nine = instance().attribute("cores", "9");
    assertTrue(holds("attribute:cores < 10", nine)); // lexicographically "9" > "10"
    assertFalse(holds("attribute:cores > 10", nine));
  }

  @Test
  void attributeDecimalsAndNegativesCompareNumerically() {
    assertTrue(holds("attribute:ratio < 10", instance().attribute("ratio", "2.5")));
    assertTrue(holds("attribute:ratio > -3", instance().attribute("ratio", "-1")));
    assertTrue(holds("attribute:big > 99999999999999999999", instance().attribute("big", "100000000000000000000")));
  }

  @Test
  void attributeOrderingFallsBackToLexicographicWhenEitherSideIsNotANumber() {
    TestInstance zone = instance().attribute("zone", "us-east-1b");
    assertTrue(holds("attribute:zone > us-east-1a", zone));
    assertFalse(holds("attribute:zone > us-east-1c", zone));
    assertTrue(holds("attribute:size > 10", instance().attribute("size", "large"))); // "l" > "1"
  }

  @Test
  void attributeEqualityIsStringEquality() {
    TestInstance one = instance().attribute("n", "1.0");
    assertFalse(holds("attribute:n == 1", one));
    assertTrue(holds("attribute:n == 1.0", one));
    assertFalse(holds("attribute:zone == US-EAST-1A", instance().attribute("zone", "us-east-1a")));
  }

  @Test
  void absentAttributeOnlySatisfiesTheNegatedOperators() {
    TestInstance bare = instance();
    assertFalse(holds("attribute:stack == prod", bare));
    assertTrue(holds("attribute:stack != prod", bare));
    assertFalse(holds("attribute:stack > 1", bare));
    assertFalse(holds("attribute:stack <= 1", bare));
    assertFalse(holds("attribute:stack in [prod]", bare));
    assertTrue(holds("attribute:stack not_in [prod]", bare));
    assertFalse(holds("attribute:stack =~ .*", bare));
    assertTrue(holds("attribute:stack !~ .*", bare));
    assertFalse(holds("attribute:stack exists", bare));
    assertTrue(holds("attribute:stack !exists", bare));
  }

  @Test
  void attributeWithoutValueExists() {
    TestInstance capable = instance().attribute("com.amazonaws.ecs.capability.ecr-auth", "");
    assertTrue(holds("attribute:com.amazonaws.ecs.capability.ecr-auth exists", capable));
    assertFalse(holds("attribute:com.amazonaws.ecs.capability.ecr-auth not_exists", capable));
  }

  @Test
  void attributeNamesMayContainDotsDashesUnderscoresAndSlashes() {
    TestInstance custom = instance().attribute("team/app_tier-1.x", "web");
    assertTrue(holds("attribute:team/app_tier-1.x == web", custom));
  }

  @Test
  void ec2InstanceId() {
    TestInstance a = instance().ec2InstanceId("i-a");
    assertTrue(holds("ec2InstanceId == i-a", a));
    assertFalse(holds("ec2InstanceId == i-b", a));
    assertTrue(holds("ec2InstanceId in ['i-a','i-b']", a));
    assertFalse(holds("ec2InstanceId in ['i-b','i-c']", a));
    assertTrue(holds("ec2InstanceId =~ i-[a-f]", a));
  }

  @Test
  void unknownEc2InstanceIdOnlySatisfiesTheNegatedOperators() {
    TestInstance unknown = instance().ec2InstanceId(null);
    assertFalse(holds("ec2InstanceId == i-a", unknown));
    assertTrue(holds("ec2InstanceId != i-a", unknown));
    assertTrue(holds("ec2InstanceId !in [i-a]", unknown));
    assertFalse(holds("ec2InstanceId =~ .*", unknown));
  }

  @Test
  void agentConnected() {
    assertTrue(holds("agentConnected == true", instance().agentConnected(true)));
    assertFalse(holds("agentConnected == true", instance().agentConnected(false)));
    assertTrue(holds("agentConnected != true", instance().agentConnected(false)));
    assertTrue(holds("agentConnected equals false", instance().agentConnected(false)));
  }

  @Test
  void agentConnectedAcceptsBooleansInAnyCaseAndListsAndPatterns() {
    assertTrue(holds("agentConnected == TRUE", instance().agentConnected(true)));
    assertTrue(holds("agentConnected in [false]", instance().agentConnected(false)));
    assertFalse(holds("agentConnected in [false]", instance().agentConnected(true)));
    assertTrue(holds("agentConnected =~ t.*", instance().agentConnected(true)));
  }

  @Test
  void agentVersionComparesAsDottedVersion() {
    assertTrue(holds("agentVersion >= 1.15.0", instance().agentVersion("1.15.0")));
    assertTrue(holds("agentVersion >= 1.15.0", instance().agentVersion("1.20.1")));
    assertFalse(holds("agentVersion >= 1.15.0", instance().agentVersion("1.9.9"))); // "1.9.9" > "1.15.0" as text
    assertTrue(holds("agentVersion < 1.14.5", instance().agentVersion("1.14.4")));
    assertFalse(holds("agentVersion < 1.14.5", instance().agentVersion("1.14.10")));
  }

  @Test
  void agentVersionEqualityIgnoresMissingTrailingZeros() {
    assertTrue(holds("agentVersion == 1.15", instance().agentVersion("1.15.0")));
    assertFalse(holds("agentVersion != 1.15.0", instance().agentVersion("1.15")));
    assertTrue(holds("agentVersion != 1.15.1", instance().agentVersion("1.15")));
  }

  @Test
  void unknownAgentVersionOnlySatisfiesNotEquals() {
    TestInstance unknown = instance().agentVersion(null);
    assertFalse(holds("agentVersion >= 0", unknown));
    assertFalse(holds("agentVersion == 1.15.0", unknown));
    assertTrue(holds("agentVersion != 1.15.0", unknown));
  }

  @Test
  void registeredAtBeforeADate() {
    assertTrue(holds("registeredAt < 2026-01-01", instance().registeredAt("2025-12-31T23:59:59Z")));
    assertFalse(holds("registeredAt < 2026-01-01", instance().registeredAt("2026-01-01T00:00:00Z")));
  }

  @Test
  void registeredAtADateMeansTheWholeUtcDay() {
    TestInstance noon = instance().registeredAt("2018-06-18T12:00:00Z");
    assertTrue(holds("registeredAt == 2018-06-18", noon));
    assertTrue(holds("registeredAt >= 2018-06-18", noon));
    assertTrue(holds("registeredAt <= 2018-06-18", noon));
    assertFalse(holds("registeredAt > 2018-06-18", noon));
    assertTrue(holds("registeredAt > 2018-06-17", noon));
    assertTrue(holds("registeredAt != 2018-06-19", noon));
  }

  @Test
  void registeredAtTimestampsCompareInstants() {
    TestInstance at = instance().registeredAt("2018-06-18T22:28:28Z");
    assertTrue(holds("registeredAt == 2018-06-18T22:28:28Z", at));
    assertTrue(holds("registeredAt == 2018-06-18T22:28:28+00:00", at));
    assertTrue(holds("registeredAt == 2018-06-18T22:28:28", at)); // no offset: UTC
    assertTrue(holds("registeredAt == 2018-06-18T23:28:28+01:00", at));
    assertTrue(holds("registeredAt > 2018-06-18T22:28:27.5Z", at));
    assertFalse(holds("registeredAt > 2018-06-18T18:28:28-04:00", at));
  }

  @Test
  void unknownRegistrationTimeOnlySatisfiesNotEquals() {
    TestInstance unknown = instance().registeredAt(null);
    assertFalse(holds("registeredAt < 2030-01-01", unknown));
    assertTrue(holds("registeredAt != 2030-01-01", unknown));
  }

  @Test
  void runningTasksCount() {
    assertTrue(holds("runningTasksCount == 0", instance().runningTasksCount(0)));
    assertFalse(holds("runningTasksCount == 0", instance().runningTasksCount(1)));
    assertTrue(holds("runningTasksCount > 2", instance().runningTasksCount(3)));
    assertFalse(holds("runningTasksCount <= 2", instance().runningTasksCount(3)));
    assertTrue(holds("runningTasksCount not_equals 2", instance().runningTasksCount(3)));
  }

  @Test
  void taskGroupEqualsMeansSomeTaskHasTheGroup() {
    TestInstance both = instance().taskGroups("service:web", "family:batch");
    assertTrue(holds("task:group == service:web", both));
    assertTrue(holds("task:group == family:batch", both));
    assertFalse(holds("task:group == database", both));
  }

  @Test
  void taskGroupNotEqualsMeansNoTaskHasTheGroup() {
    TestInstance both = instance().taskGroups("service:web", "family:batch");
    assertFalse(holds("task:group != service:web", both)); // another task's group differs, yet one matches
    assertTrue(holds("task:group != database", both));
    assertTrue(holds("task:group != database", instance()));
  }

  @Test
  void taskGroupInAndNotIn() {
    TestInstance web = instance().taskGroups("service:web");
    assertTrue(holds("task:group in [service:api, service:web]", web));
    assertFalse(holds("task:group in [service:api, database]", web));
    assertTrue(holds("task:group not_in [service:api, database]", web));
    assertFalse(holds("task:group !in [service:web]", web));
  }

  @Test
  void taskGroupMatchesAndNotMatches() {
    TestInstance web = instance().taskGroups("service:web", "family:batch");
    assertTrue(holds("task:group =~ service:.*", web));
    assertFalse(holds("task:group =~ database.*", web));
    assertFalse(holds("task:group !~ family:.*", web));
    assertTrue(holds("task:group not_matches db.*", web));
  }

  @Test
  void instanceWithoutTasksHasNoGroup() {
    TestInstance empty = instance();
    assertFalse(holds("task:group == database", empty));
    assertFalse(holds("task:group in [database]", empty));
    assertFalse(holds("task:group =~ .*", empty));
    assertTrue(holds("task:group !~ .*", empty));
  }
}
