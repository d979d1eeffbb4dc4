package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * IAM and CloudTrail requests checked against botocore's models of them, over HTTP: the AWS CLI
 * (which checks types and required members itself, but not lengths above a minimum or patterns)
 * and raw signed requests for what the CLI would stop first. Each refusal is the API's own error
 * and writes nothing.
 */
class IamModelIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension
  static final RunningBerth BERTH = RunningBerth.start("it-iam-model");
  private static Berth berth;
  private static AwsCli cli;

  @BeforeAll
  static void setUp() throws Exception {
    berth = BERTH.get();
    cli = new AwsCli(berth);
  }

  @Test
  void iamLimitsFromTheModelAreValidationErrors() throws Exception {
    Object before = StoreSnapshot.of(berth);
    AwsCli.Result tooLong = cli.service("iam", "create-user", "--user-name", "u".repeat(65));
    assertTrue(tooLong.exitCode() != 0, tooLong.stderr());
    assertTrue(tooLong.stderr().contains("(ValidationError)"), tooLong.stderr());
    assertTrue(tooLong.stderr().contains("Value '" + "u".repeat(65) + "' at 'userName' failed to satisfy constraint: "
        + "Member must have length less than or equal to 64"), tooLong.stderr());
    AwsCli.Result pattern = cli.service("iam", "create-user", "--user-name", "no spaces");
    assertTrue(pattern.stderr().contains("Member must satisfy regular expression pattern: [\\w+=,.@-]+"),
        pattern.stderr());
    AwsCli.Result path = cli.service("iam", "create-user", "--user-name", "pathy", "--path", "no-slashes");
    assertTrue(path.stderr().contains("(ValidationError)") && path.stderr().contains("at 'path'"), path.stderr());
    AwsCli.Result status = cli.service("iam", "update-access-key", "--access-key-id", "BKIA0000000000000000",
        "--status", "Deleted");
    assertTrue(status.stderr().contains("Member must satisfy enum value set: [Active, Expired, Inactive]"),
        status.stderr());
    AwsCli.Result policyName = cli.service("iam", "put-user-policy", "--user-name", "berth-admin", "--policy-name",
        "p".repeat(129), "--policy-document", "{}");
    assertTrue(policyName.stderr().contains("at 'policyName'") && policyName.stderr().contains("128"),
        policyName.stderr());
    // what the CLI would refuse before sending: an empty name, a short key id, MaxItems 0
    assertValidationError(iam("Action=CreateUser&Version=2010-05-08&UserName="), "greater than or equal to 1");
    assertValidationError(iam("Action=DeleteAccessKey&Version=2010-05-08&AccessKeyId=BKIA"),
        "at 'accessKeyId' failed to satisfy constraint: Member must have length greater than or equal to 16");
    assertValidationError(iam("Action=ListUsers&Version=2010-05-08&MaxItems=0"), "at 'maxItems'");
    assertValidationError(iam("Action=PutUserPolicy&Version=2010-05-08&UserName=berth-admin&PolicyName=p"),
        "Value null at 'policyDocument' failed to satisfy constraint: Member must not be null");
    assertEquals(before, StoreSnapshot.of(berth), "refused IAM calls wrote nothing");
  }

  @Test
  void whatBerthDoesNotSupportIsRefusedNotDropped() throws Exception {
    Object before = StoreSnapshot.of(berth);
    AwsCli.Result tagged = cli.service("iam", "create-user", "--user-name", "tagged", "--tags", "Key=team,Value=ops");
    assertTrue(tagged.stderr().contains("(InvalidInput)"), tagged.stderr());
    AwsCli.Result bounded = cli.service("iam", "create-user", "--user-name", "bounded", "--permissions-boundary",
        "arn:aws:iam::aws:policy/PowerUserAccess");
    assertTrue(bounded.stderr().contains("(InvalidInput)"), bounded.stderr());
    assertEquals(before, StoreSnapshot.of(berth));
  }

  @Test
  void listsArePagedWithMaxItemsAndMarker() throws Exception {
    for (String name : List.of("page-a", "page-b", "page-c")) {
      assertEquals(0, cli.service("iam", "create-user", "--user-name", name, "--path", "/paged/").exitCode());
    }
    String first = iam("Action=ListUsers&Version=2010-05-08&PathPrefix=/paged/&MaxItems=2").body();
    assertTrue(first.contains("<UserName>page-a</UserName>") && first.contains("<UserName>page-b</UserName>")
        && !first.contains("page-c") && first.contains("<IsTruncated>true</IsTruncated>"), first);
    String marker = first.substring(first.indexOf("<Marker>") + 8, first.indexOf("</Marker>"));
    String second = iam("Action=ListUsers&Version=2010-05-08&PathPrefix=/paged/&MaxItems=2&Marker=" + marker).body();
    assertTrue(second.contains("<UserName>page-c</UserName>") && !second.contains("page-a")
        && second.contains("<IsTruncated>false</IsTruncated>"), second);
    // the CLI follows the markers itself
    JsonNode all = JSON.readTree(cli.service("iam", "list-users", "--path-prefix", "/paged/", "--page-size", "1")
        .stdout());
    List<String> names = new ArrayList<>();
    all.path("Users").forEach(u -> names.add(u.path("UserName").asText()));
    assertEquals(List.of("page-a", "page-b", "page-c"), names);
  }

  @Test
  void cloudTrailLimitsFromTheModelGetCloudTrailsCodes() throws Exception {
    assertCloudTrailError(lookup("{\"MaxResults\":51}"), "InvalidMaxResultsException");
    assertCloudTrailError(lookup("{\"LookupAttributes\":[{\"AttributeKey\":\"Bogus\",\"AttributeValue\":\"x\"}]}"),
        "InvalidLookupAttributesException");
    assertCloudTrailError(lookup("{\"LookupAttributes\":[{\"AttributeKey\":\"EventName\",\"AttributeValue\":\""
        + "x".repeat(2001) + "\"}]}"), "InvalidLookupAttributesException");
    assertCloudTrailError(lookup("{\"EventCategory\":\"other\"}"), "InvalidEventCategoryException");
    assertCloudTrailError(lookup("{\"StartTime\":\"yesterday\"}"), "SerializationException");
    HttpResponse<String> insight = lookup("{\"EventCategory\":\"insight\"}");
    assertEquals(200, insight.statusCode(), insight.body());
    assertEquals(0, JSON.readTree(insight.body()).path("Events").size(), "Berth records no Insights events");
  }

  private static HttpResponse<String> iam(String form) throws Exception {
    byte[] body = form.getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
    headers.putAll(SigV4.signature("POST", URI.create(berth.url()), headers, body, berth.adminKey, "iam",
        "us-east-1"));
    return RawEcs.withHeaders(berth.url(), headers, form);
  }

  private static HttpResponse<String> lookup(String json) throws Exception {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Amz-Target", "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents");
    headers.put("Content-Type", RawEcs.CONTENT_TYPE);
    headers.putAll(SigV4.signature("POST", URI.create(berth.url()), headers, body, berth.adminKey, "cloudtrail",
        "us-east-1"));
    return RawEcs.withHeaders(berth.url(), headers, json);
  }

  private static void assertValidationError(HttpResponse<String> response, String messagePart) {
    assertEquals(400, response.statusCode(), response.body());
    assertTrue(response.body().contains("<Code>ValidationError</Code>"), response.body());
    assertTrue(response.body().replace("&apos;", "'").contains(messagePart), response.body());
  }

  private static void assertCloudTrailError(HttpResponse<String> response, String type) throws Exception {
    assertEquals(400, response.statusCode(), response.body());
    assertEquals(type, JSON.readTree(response.body()).path("__type").asText(), response.body());
  }
}
