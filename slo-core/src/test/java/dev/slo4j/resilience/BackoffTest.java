package dev.slo4j.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.core.IntervalFunction;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private static final Duration BASE = Duration.ofMillis(100);
  private static final Duration CAP = Duration.ofSeconds(2);

  @Test
  void fullJitterStaysSpreadOnceTheCapIsReachedWhereResilience4jsRandomizedBackoffConverges() {
    Random random = new Random(42);
    Backoff full = Backoff.fullJitter(BASE, CAP).withRandom(random::nextDouble);
    // 100 clients at their 10th retry: the uncapped delay (51.2s) is far above the cap.
    Set<Long> slo4j = new HashSet<>();
    Set<Long> resilience4j = new HashSet<>();
    IntervalFunction r4j = IntervalFunction.ofExponentialRandomBackoff(BASE, 2.0, 0.5, CAP);
    for (int client = 0; client < 100; client++) {
      long d = full.delay(10, null).toMillis();
      assertThat(d).isBetween(0L, CAP.toMillis());
      slo4j.add(d / 100); // 100 ms buckets
      resilience4j.add(r4j.apply(10) / 100);
    }
    assertThat(resilience4j).as("randomized before the cap: every client sleeps exactly the cap").containsExactly(20L);
    assertThat(slo4j).as("jitter after the cap: delays spread over [0, cap]").hasSizeGreaterThanOrEqualTo(15);
  }

  @Test
  void eachStrategyDrawsFromItsRangeAtTheCap() {
    for (double r : new double[] {0.0, 0.5, 0.999}) {
      assertThat(Backoff.fullJitter(BASE, CAP).withRandom(() -> r).delay(20, null).toMillis())
          .isEqualTo(Math.round(r * 2000));
      assertThat(Backoff.equalJitter(BASE, CAP).withRandom(() -> r).delay(20, null).toMillis())
          .isEqualTo(Math.round(1000 + r * 1000));
      assertThat(Backoff.decorrelatedJitter(BASE, CAP).withRandom(() -> r).delay(20, null).toMillis())
          .isEqualTo(Math.round(100 + r * 1900));
    }
  }

  @Test
  void delaysGrowExponentiallyBelowTheCap() {
    Backoff full = Backoff.fullJitter(BASE, CAP).withRandom(() -> 0.5);
    assertThat(full.delay(1, null)).isEqualTo(Duration.ofMillis(50));
    assertThat(full.delay(2, null)).isEqualTo(Duration.ofMillis(100));
    assertThat(full.delay(3, null)).isEqualTo(Duration.ofMillis(200));
    Backoff decorrelated = Backoff.decorrelatedJitter(BASE, CAP).withRandom(() -> 1.0);
    assertThat(decorrelated.delay(2, null)).isEqualTo(Duration.ofMillis(300));
    assertThat(decorrelated.delay(3, null)).isEqualTo(Duration.ofMillis(900));
  }

  @Test
  void aServersPushbackWinsOverTheComputedDelay() {
    class Overloaded extends IOException {
      final Duration retryAfter;

      Overloaded(Duration retryAfter) {
        this.retryAfter = retryAfter;
      }
    }
    Backoff b = Backoff.fullJitter(BASE, CAP).withRandom(() -> 0.5)
        .withPushback(f -> f instanceof Overloaded o ? Optional.of(o.retryAfter) : Optional.empty());
    assertThat(b.delay(1, new Overloaded(Duration.ofSeconds(7)))).isEqualTo(Duration.ofSeconds(7));
    assertThat(b.delay(1, new IOException())).isEqualTo(Duration.ofMillis(50));
  }

  @Test
  void badBoundsAreRefusedWithTheValue() {
    assertThatThrownBy(() -> Backoff.fullJitter(Duration.ZERO, CAP)).hasMessageContaining("base must be positive");
    assertThatThrownBy(() -> Backoff.fullJitter(CAP, BASE)).hasMessageContaining("cap PT0.1S is below its base PT2S");
  }
}
