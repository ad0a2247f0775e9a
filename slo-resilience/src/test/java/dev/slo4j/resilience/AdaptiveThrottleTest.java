package dev.slo4j.resilience;

import dev.slo4j.ResilienceListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slo4j.testing.FakeClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AdaptiveThrottleTest {

  private final FakeClock now = new FakeClock();

  private AdaptiveThrottle throttle(long seed) {
    Random random = new Random(seed);
    return AdaptiveThrottle.of(2.0, Duration.ofMinutes(2), now::nanoTime, random::nextDouble);
  }

  @Test
  void theSreBookFormula() {
    AdaptiveThrottle t = throttle(1);
    assertThat(t.rejectionProbability()).isZero();
    for (int i = 0; i < 10; i++) {
      t.tryAcquire();
    }
    t.onAccepted();
    // (10 − 2 × 1) / (10 + 1)
    assertThat(t.rejectionProbability()).isCloseTo(8.0 / 11, org.assertj.core.data.Offset.offset(1e-9));
    for (int i = 0; i < 4; i++) {
      t.onAccepted();
    }
    assertThat(t.rejectionProbability()).as("half accepted: nothing rejected").isZero();
  }

  @Test
  void aFullOutageGetsATrickleAndRecoveryEndsTheThrottling() {
    AdaptiveThrottle t = throttle(2);
    int sent = 0;
    for (int i = 0; i < 1_000; i++) {
      if (t.tryAcquire()) {
        sent++; // fails: no accept
      }
    }
    assertThat(sent).as("attempts sent of 1,000 at a full outage").isLessThan(20);
    now.advance(Duration.ofMinutes(2)); // the window forgets the outage
    assertThat(t.rejectionProbability()).isZero();
  }

  @Test
  void belowHalfFailingNothingIsRejected() {
    AdaptiveThrottle t = throttle(3);
    Random faults = new Random(4);
    int rejected = 0;
    for (int i = 0; i < 10_000; i++) {
      if (!t.tryAcquire()) {
        rejected++;
      } else if (faults.nextDouble() >= 0.3) {
        t.onAccepted();
      }
    }
    assertThat(rejected).as("30% errors").isZero();
  }

  @Test
  void aPolicyRejectsLocallyAndNeverRetriesAThrottledAttempt() {
    AdaptiveThrottle t = throttle(5);
    AtomicInteger reached = new AtomicInteger();
    ResiliencePolicy<String> p = ResiliencePolicy.<String>builder("price").listener(new ResilienceListener() {})
        .retry(3, Backoff.fullJitter(Duration.ofMillis(1), Duration.ofMillis(2))).sleeper(ms -> { })
        .adaptiveThrottling(t).fallback(e -> e.getClass().getSimpleName()).build();
    int throttled = 0;
    for (int i = 0; i < 200; i++) {
      String answer = p.get(() -> {
        reached.incrementAndGet();
        throw new UncheckedIOException(new IOException("HTTP 503"));
      });
      if (answer.equals("ThrottledException")) {
        throttled++;
      }
    }
    assertThat(reached.get()).as("attempts that reached the dependency of up to 600").isLessThan(30);
    assertThat(throttled).isGreaterThan(150);
  }

  @Test
  void badValuesAreNamed() {
    assertThatThrownBy(() -> AdaptiveThrottle.of(0.5, Duration.ofMinutes(2), now::nanoTime))
        .hasMessageContaining("K must be 1 or more, was 0.5");
    assertThatThrownBy(() -> AdaptiveThrottle.of(2, Duration.ZERO, now::nanoTime)).hasMessageContaining("window");
  }
}
