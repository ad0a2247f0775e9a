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
  void aServersPushbackWinsOverTheComputedDelayUpToTheCap() {
    class Overloaded extends IOException {
      final Duration retryAfter;

      Overloaded(Duration retryAfter) {
        this.retryAfter = retryAfter;
      }
    }
    Backoff b = Backoff.fullJitter(BASE, CAP).withRandom(() -> 0.5)
        .withPushback(f -> f instanceof Overloaded o ? Optional.of(o.retryAfter) : Optional.empty());
    assertThat(b.delay(1, new Overloaded(Duration.ofSeconds(1)))).isEqualTo(Duration.ofSeconds(1));
    assertThat(b.delay(1, new Overloaded(Duration.ofSeconds(7)))).as("capped").isEqualTo(CAP);
    assertThat(b.pushback(new Overloaded(Duration.ofSeconds(7)))).as("uncapped, for the policy")
        .contains(Duration.ofSeconds(7));
    assertThat(b.delay(1, new IOException())).isEqualTo(Duration.ofMillis(50));
    assertThat(b.delay(1, new Overloaded(Duration.ZERO))).as("a zero pushback keeps the jitter")
        .isEqualTo(Duration.ofMillis(50));
  }

  @Test
  void pushbackIsHonouredByDefaultAnywhereInTheCauseChain() {
    Backoff b = Backoff.fullJitter(BASE, CAP).withRandom(() -> 0.5);
    HttpStatusException tooMany = new HttpStatusException(429, "HTTP 429", Duration.ofSeconds(1));
    assertThat(b.delay(1, tooMany)).isEqualTo(Duration.ofSeconds(1));
    assertThat(b.delay(1, new java.io.UncheckedIOException(tooMany))).isEqualTo(Duration.ofSeconds(1));
    assertThat(b.delay(1, new HttpStatusException(503, "HTTP 503", Duration.ofHours(1)))).isEqualTo(CAP);
    assertThat(b.delay(1, new HttpStatusException(503, "HTTP 503", null))).isEqualTo(Duration.ofMillis(50));
    // A custom reader is asked first; where it finds nothing, the default still applies.
    Backoff custom = b.withPushback(f -> Optional.empty());
    assertThat(custom.delay(1, tooMany)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void retryAfterReadsSecondsAndHttpDatesAndIgnoresGarbage() {
    java.time.Clock clock = java.time.Clock.fixed(java.time.Instant.parse("2015-10-21T07:27:58Z"),
        java.time.ZoneOffset.UTC);
    assertThat(RetryAfter.parse("120", clock)).contains(Duration.ofSeconds(120));
    assertThat(RetryAfter.parse(" 1 ", clock)).contains(Duration.ofSeconds(1));
    assertThat(RetryAfter.parse("0", clock)).contains(Duration.ZERO);
    assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:28:00 GMT", clock)).contains(Duration.ofSeconds(2));
    assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:00:00 GMT", clock)).as("passed").contains(Duration.ZERO);
    for (String garbage : new String[] {"soon", "-5", "1.5", "", "99999999999999999999999", "Wed, 32 Oct 2015"}) {
      assertThat(RetryAfter.parse(garbage, clock)).as("'%s'", garbage).isEmpty();
    }
    assertThat(RetryAfter.parse(null, clock)).isEmpty();
  }

  @Test
  void badBoundsAreRefusedWithTheValue() {
    assertThatThrownBy(() -> Backoff.fullJitter(Duration.ZERO, CAP)).hasMessageContaining("base must be positive");
    assertThatThrownBy(() -> Backoff.fullJitter(CAP, BASE)).hasMessageContaining("cap PT0.1S is below its base PT2S");
  }
}
