package dev.berth.functions.endpoint;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.auth.identity.Principal;
import dev.berth.auth.sigv4.AuthError;
import dev.berth.auth.sigv4.AuthException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ThrottleTest {
  private static final Principal ALICE = Principal.user("alice", "arn:aws:iam::1:user/alice", "BKIA");
  private static final Principal BOB = Principal.user("bob", "arn:aws:iam::1:user/bob", "BKIB");

  @Test
  void aBurstPastTheBucketIsThrottledAndTheRateRefillsIt() {
    var clock = new ManualClock();
    Throttle throttle = new Throttle(clock, 1);
    // service modify: burst 50, 5 per second
    for (int i = 0; i < 50; i++) {
      throttle.take(ALICE, "CreateService");
    }
    AuthException e = assertThrows(AuthException.class, () -> throttle.take(ALICE, "CreateService"));
    assertEquals(AuthError.THROTTLING, e.error());
    assertEquals("Rate exceeded", e.getMessage());
    // another category and another caller have their own buckets
    assertDoesNotThrow(() -> throttle.take(ALICE, "DescribeServices"));
    assertDoesNotThrow(() -> throttle.take(BOB, "CreateService"));
    clock.advance(Duration.ofMillis(200));
    assertDoesNotThrow(() -> throttle.take(ALICE, "CreateService"));
    assertThrows(AuthException.class, () -> throttle.take(ALICE, "CreateService"));
  }

  @Test
  void scaleZeroTurnsItOff() {
    Throttle throttle = new Throttle(new ManualClock(), 0);
    for (int i = 0; i < 1000; i++) {
      throttle.take(ALICE, "CreateCluster");
    }
  }
}
