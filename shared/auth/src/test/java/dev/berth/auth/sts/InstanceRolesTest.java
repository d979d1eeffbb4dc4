package dev.berth.auth.sts;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InstanceRolesTest {
  private static final String PROD = "arn:aws:iam::123456789012:role/berth-prod-host";

  @Test
  void aRoleIsAllowedInTheClustersItsEntriesName() {
    InstanceRoles roles = InstanceRoles.parse("prod=" + PROD + ", default=arn:aws:iam::123456789012:role/dev-*\n"
        + "*=arn:aws:iam::210987654321:role/shared-host");
    assertTrue(roles.allows("prod", PROD));
    assertFalse(roles.allows("default", PROD));
    assertTrue(roles.allows("default", "arn:aws:iam::123456789012:role/dev-alice"));
    assertFalse(roles.allows("prod", "arn:aws:iam::123456789012:role/dev-alice"));
    assertTrue(roles.allows("anything", "arn:aws:iam::210987654321:role/shared-host"));
    assertFalse(roles.allows("prod", "arn:aws:iam::123456789012:role/berth-prod-host-2"), "no implicit prefix match");
  }

  @Test
  void nothingIsAllowedWhenNothingIsConfigured() {
    assertTrue(InstanceRoles.parse("  ").isEmpty());
    assertFalse(InstanceRoles.parse(null).allows("prod", PROD));
  }

  @Test
  void refusesEntriesThatAreNotClusterEqualsRoleArn() {
    for (String bad : new String[] {PROD, "prod=", "prod=arn:aws:iam::123456789012:user/alice",
        "prod=arn:aws:iam::123456789012:role/path/name", "bad cluster!=" + PROD, "prod=arn:aws:sts::1:assumed-role/r/s"}) {
      assertThrows(IllegalArgumentException.class, () -> InstanceRoles.parse(bad), bad);
    }
  }
}
