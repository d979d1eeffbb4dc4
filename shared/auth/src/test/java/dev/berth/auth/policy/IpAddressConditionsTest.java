package dev.berth.auth.policy;

import static dev.berth.auth.policy.Policies.holds;
import static dev.berth.auth.policy.Policies.key;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IpAddressConditionsTest {

  private static final String OFFICE = "{'IpAddress':{'aws:SourceIp':['203.0.113.0/24','2001:db8:1234::/48']}}";

  @Test
  void ipv4RangesContainTheirAddresses() {
    assertTrue(holds(OFFICE, key("aws:SourceIp", "203.0.113.7")));
    assertTrue(holds(OFFICE, key("aws:SourceIp", "203.0.113.255")));
    assertFalse(holds(OFFICE, key("aws:SourceIp", "203.0.114.1")));
  }

  @Test
  void ipv6RangesContainTheirAddresses() {
    assertTrue(holds(OFFICE, key("aws:SourceIp", "2001:db8:1234:ffff::1")));
    assertTrue(holds(OFFICE, key("aws:SourceIp", "2001:0DB8:1234:0000:0000:0000:0000:0001")));
    assertFalse(holds(OFFICE, key("aws:SourceIp", "2001:db8:1235::1")));
  }

  @Test
  void prefixesNeedNotFallOnByteBoundaries() {
    String c = "{'IpAddress':{'aws:SourceIp':'10.0.0.0/13'}}";
    assertTrue(holds(c, key("aws:SourceIp", "10.7.255.255")));
    assertFalse(holds(c, key("aws:SourceIp", "10.8.0.0")));
  }

  @Test
  void anAddressWithoutPrefixIsOneHost() {
    String c = "{'IpAddress':{'aws:SourceIp':'198.51.100.10'}}";
    assertTrue(holds(c, key("aws:SourceIp", "198.51.100.10")));
    assertFalse(holds(c, key("aws:SourceIp", "198.51.100.11")));
  }

  @Test
  void slashZeroContainsEveryAddressOfItsFamily() {
    assertTrue(holds("{'IpAddress':{'aws:SourceIp':'0.0.0.0/0'}}", key("aws:SourceIp", "192.0.2.1")));
    assertFalse(holds("{'IpAddress':{'aws:SourceIp':'0.0.0.0/0'}}", key("aws:SourceIp", "::1")));
  }

  @Test
  void notIpAddress() {
    String c = "{'NotIpAddress':{'aws:SourceIp':'203.0.113.0/24'}}";
    assertTrue(holds(c, key("aws:SourceIp", "192.0.2.1")));
    assertFalse(holds(c, key("aws:SourceIp", "203.0.113.9")));
  }

  @Test
  void aRequestValueThatIsNotAnAddressMatchesNothingAndResolvesNoName() {
    assertFalse(holds(OFFICE, key("aws:SourceIp", "localhost")));
    assertFalse(holds(OFFICE, key("aws:SourceIp", "203.0.113")));
  }
}
