package dev.berth.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.model.EcsException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** IAM's Query parameters and CloudTrail's LookupEvents checked against botocore's models of them. */
class QueryValidatorTest {
  private final QueryValidator iam = new QueryValidator(ServiceModel.iam());

  private String violation(String operation, Map<String, String> params) {
    return assertThrows(ModelViolation.class, () -> iam.validate(operation, params)).getMessage();
  }

  @Test
  void servesExactlyTheTwelveIamOperations() {
    for (String operation : new String[] {"CreateUser", "GetUser", "ListUsers", "DeleteUser", "CreateAccessKey",
        "ListAccessKeys", "UpdateAccessKey", "DeleteAccessKey", "PutUserPolicy", "GetUserPolicy", "ListUserPolicies",
        "DeleteUserPolicy"}) {
      assertTrue(iam.knows(operation), operation);
    }
    assertEquals(12, ServiceModel.iam().operations().size());
    assertEquals(false, iam.knows("CreateRole"));
  }

  @Test
  void requiredMembersAreNamedAsAwsNamesThem() {
    assertEquals("1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must "
        + "not be null", violation("CreateUser", Map.of()));
    ModelViolation two = assertThrows(ModelViolation.class, () -> iam.validate("PutUserPolicy",
        Map.of("UserName", "alice")));
    assertTrue(two.getMessage().startsWith("2 validation errors detected: "), two.getMessage());
    assertEquals("PolicyName", two.member());
  }

  @Test
  void lengthsComeFromTheModel() {
    assertEquals("1 validation error detected: Value '" + "a".repeat(65) + "' at 'userName' failed to satisfy "
        + "constraint: Member must have length less than or equal to 64",
        violation("CreateUser", Map.of("UserName", "a".repeat(65))));
    // an existing user's name may be up to 128: the model says so for every other operation
    iam.validate("GetUser", Map.of("UserName", "a".repeat(128)));
    assertTrue(violation("DeleteAccessKey", Map.of("AccessKeyId", "AKIASHORT")).contains(
        "Member must have length greater than or equal to 16"));
    assertTrue(violation("PutUserPolicy", Map.of("UserName", "u", "PolicyName", "p", "PolicyDocument", ""))
        .contains("at 'policyDocument' failed to satisfy constraint: Member must have length greater than or equal "
            + "to 1"));
    // code points, not UTF-16 units
    iam.validate("CreateUser", Map.of("UserName", "u", "Tags.member.1.Key", "k", "Tags.member.1.Value",
        "\uD835\uDC00".repeat(256)));
  }

  @Test
  void patternsComeFromTheModelAndMatchTheWholeValue() {
    assertEquals("1 validation error detected: Value 'bad name!' at 'userName' failed to satisfy constraint: "
        + "Member must satisfy regular expression pattern: [\\w+=,.@-]+",
        violation("CreateUser", Map.of("UserName", "bad name!")));
    assertTrue(violation("CreateUser", Map.of("UserName", "u", "Path", "no-slashes")).contains(
        "at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern"));
    iam.validate("CreateUser", Map.of("UserName", "u", "Path", "/team/ops/"));
    assertTrue(violation("PutUserPolicy", Map.of("UserName", "u", "PolicyName", "p", "PolicyDocument",
        "{\"Statement\":\"\u0100\"}")).contains("at 'policyDocument'"));
    assertTrue(violation("DeleteAccessKey", Map.of("AccessKeyId", "BKIA-0000000000000000")).contains(
        "pattern: [\\w]+"));
  }

  @Test
  void enumsAndNumbers() {
    assertEquals("1 validation error detected: Value 'Deleted' at 'status' failed to satisfy constraint: Member "
        + "must satisfy enum value set: [Active, Expired, Inactive]",
        violation("UpdateAccessKey", Map.of("AccessKeyId", "BKIA0000000000000000", "Status", "Deleted")));
    assertTrue(violation("ListUsers", Map.of("MaxItems", "0")).contains(
        "Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1"));
    assertTrue(violation("ListUsers", Map.of("MaxItems", "1001")).contains("less than or equal to 1000"));
    assertTrue(violation("ListUsers", Map.of("MaxItems", "ten")).contains("Member must be a whole number"));
  }

  @Test
  void listsOfStructures() {
    Map<String, String> tags = new HashMap<>(Map.of("UserName", "u"));
    for (int i = 1; i <= 51; i++) {
      tags.put("Tags.member." + i + ".Key", "k" + i);
      tags.put("Tags.member." + i + ".Value", "v");
    }
    assertTrue(violation("CreateUser", tags).contains(
        "Value with 51 elements at 'tags' failed to satisfy constraint: Member must have length less than or equal "
            + "to 50"));
    assertTrue(violation("CreateUser", Map.of("UserName", "u", "Tags.member.1.Key", "k")).contains(
        "Value null at 'tags.1.member.value' failed to satisfy constraint: Member must not be null"));
    assertTrue(violation("CreateUser", Map.of("UserName", "u", "Tags.member.1.Key", "bad*key",
        "Tags.member.1.Value", "v")).contains("at 'tags.1.member.key'"));
    assertTrue(violation("CreateUser", Map.of("UserName", "u", "Tags.member.2.Key", "k", "Tags.member.2.Value", "v"))
        .contains("without gaps"));
  }

  @Test
  void returnsOnlyWhatTheModelKnows() {
    assertEquals(Map.of("UserName", "alice"), iam.validate("GetUser", Map.of("UserName", "alice",
        "Action", "GetUser", "Version", "2010-05-08", "Invented", "x")));
  }

  @Test
  void cloudTrailLookupEventsIsValidatedByItsJsonModel() {
    EcsException tooMany = assertThrows(EcsException.class, () -> RequestValidator.validate(ServiceModel.cloudTrail(),
        "LookupEvents", "{\"MaxResults\":51}".getBytes(StandardCharsets.UTF_8)));
    assertEquals("InvalidParameterException", tooMany.code());
    assertTrue(tooMany.getMessage().startsWith("MaxResults"), tooMany.getMessage());
    EcsException key = assertThrows(EcsException.class, () -> RequestValidator.validate(ServiceModel.cloudTrail(),
        "LookupEvents", "{\"LookupAttributes\":[{\"AttributeKey\":\"Bogus\",\"AttributeValue\":\"x\"}]}"
            .getBytes(StandardCharsets.UTF_8)));
    assertTrue(key.getMessage().contains("LookupAttributes[0].AttributeKey"), key.getMessage());
    EcsException empty = assertThrows(EcsException.class, () -> RequestValidator.validate(ServiceModel.cloudTrail(),
        "LookupEvents", "{\"LookupAttributes\":[{\"AttributeKey\":\"EventName\",\"AttributeValue\":\"\"}]}"
            .getBytes(StandardCharsets.UTF_8)));
    assertTrue(empty.getMessage().contains("at least 1 characters"), empty.getMessage());
    EcsException type = assertThrows(EcsException.class, () -> RequestValidator.validate(ServiceModel.cloudTrail(),
        "LookupEvents", "{\"StartTime\":\"yesterday\"}".getBytes(StandardCharsets.UTF_8)));
    assertEquals("SerializationException", type.code());
  }
}
