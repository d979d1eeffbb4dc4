package dev.berth.auth.sts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CallerIdentityTest {
  private static byte[] answer(String arn, String account) {
    return ("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
        + "<UserId>AROAEXAMPLE:i-0123456789abcdef0</UserId><Account>" + account + "</Account><Arn>" + arn + "</Arn>"
        + "</GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>"
        + "</GetCallerIdentityResponse>").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void anInstanceProfileSessionNamesItsRoleAndInstance() {
    CallerIdentity caller = CallerIdentity.parse(answer(
        "arn:aws:sts::123456789012:assumed-role/berth-host/i-0123456789abcdef0", "123456789012")).orElseThrow();
    assertTrue(caller.isAssumedRole());
    assertEquals("arn:aws:iam::123456789012:role/berth-host", caller.roleArn());
    assertEquals(Optional.of("i-0123456789abcdef0"), caller.ec2InstanceId());
  }

  @Test
  void aSessionNotNamedAfterAnInstanceBindsToNoInstance() {
    CallerIdentity caller = CallerIdentity.parse(answer(
        "arn:aws:sts::123456789012:assumed-role/berth-host/botocore-session-1", "123456789012")).orElseThrow();
    assertTrue(caller.isAssumedRole());
    assertEquals(Optional.empty(), caller.ec2InstanceId());
  }

  @Test
  void usersAndMismatchedAccountsAreNotAssumedRoles() {
    assertFalse(CallerIdentity.parse(answer("arn:aws:iam::123456789012:user/alice", "123456789012")).orElseThrow()
        .isAssumedRole());
    assertFalse(CallerIdentity.parse(answer("arn:aws:sts::123456789012:assumed-role/r/i-0123456789abcdef0",
        "210987654321")).orElseThrow().isAssumedRole());
  }

  @Test
  void refusesWhatIsNotAnAnswerOrCarriesADoctype() {
    assertEquals(Optional.empty(), CallerIdentity.parse("not xml".getBytes(StandardCharsets.UTF_8)));
    assertEquals(Optional.empty(), CallerIdentity.parse(
        "<ErrorResponse><Error><Code>InvalidClientTokenId</Code></Error></ErrorResponse>".getBytes(StandardCharsets.UTF_8)));
    String entity = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        + "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>&x;</Arn><Account>1</Account>"
        + "</GetCallerIdentityResult></GetCallerIdentityResponse>";
    assertEquals(Optional.empty(), CallerIdentity.parse(entity.getBytes(StandardCharsets.UTF_8)));
  }
}
