package dev.slo4j.resilience;

import dev.slo4j.ResilienceListener;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slo4j.LatencySli;
import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.testing.FakeClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The breaker defaults of issue 15, in memory and on a fake clock: no wall-clock assertions. */
class SloCircuitBreakersTest {

  private static final ServiceLevelObjective SLO = ServiceLevelObjective.builder("price").service("shop").objective("99.9").build();

  private static CircuitBreaker breaker(CircuitBreakerConfig config, FakeClock clock) {
    return CircuitBreaker.of("price", CircuitBreakerConfig.from(config).clock(clock.asClock())
        .currentTimestampFunction(c -> c.instant().toEpochMilli(), TimeUnit.MILLISECONDS).build());
  }

  @Test
  void theThresholdNoLongerFollowsTheObjective() {
    for (String objective : List.of("90", "99", "99.9", "99.99")) {
      ServiceLevelObjective slo = SLO.toBuilder().objective(objective).build();
      CircuitBreakerConfig c = SloCircuitBreakers.configFor(slo);
      assertThat(c.getFailureRateThreshold()).as(objective).isEqualTo(100f);
      assertThat(c.getSlidingWindowType()).isEqualTo(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED);
      assertThat(c.getSlidingWindowSize()).isEqualTo(100);
      assertThat(c.getMinimumNumberOfCalls()).isEqualTo(50);
      assertThat(c.getPermittedNumberOfCallsInHalfOpenState()).isEqualTo(1);
    }
  }

  @Test
  void aLatencySloSetsTheSlowCallDuration() {
    ServiceLevelObjective latency = SLO.toBuilder().sli(LatencySli.of(Duration.ofMillis(300))).build();
    CircuitBreakerConfig c = SloCircuitBreakers.configFor(latency);
    assertThat(c.getSlowCallDurationThreshold()).isEqualTo(Duration.ofMillis(300));
    assertThat(c.getSlowCallRateThreshold()).isEqualTo(100f);

    FakeClock clock = new FakeClock();
    CircuitBreaker b = breaker(c, clock);
    Random random = new Random(3);
    // Half the calls slow: answers that are good events, so the breaker stays closed.
    for (int i = 0; i < 1_000; i++) {
      b.acquirePermission();
      b.onResult(random.nextBoolean() ? 500 : 20, TimeUnit.MILLISECONDS, "42");
    }
    assertThat(b.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    // Every call slower than the SLO's threshold: no call can be a good event, the breaker opens.
    for (int i = 0; i < 100 && b.getState() == CircuitBreaker.State.CLOSED; i++) {
      b.acquirePermission();
      b.onResult(500, TimeUnit.MILLISECONDS, "42");
    }
    assertThat(b.getState()).isEqualTo(CircuitBreaker.State.OPEN);
  }

  @Test
  void partialFailureUpTo90PercentNeverOpensIt() {
    for (double rate : new double[] {0.1, 0.2, 0.3, 0.5, 0.7, 0.9}) {
      for (long seed = 1; seed <= 5; seed++) {
        CircuitBreaker b = breaker(SloCircuitBreakers.configFor(SLO), new FakeClock());
        Random random = new Random(seed);
        for (int i = 0; i < 5_000; i++) {
          b.acquirePermission();
          if (random.nextDouble() < rate) {
            b.onError(1, TimeUnit.MILLISECONDS, new IOException("HTTP 503"));
          } else {
            b.onSuccess(1, TimeUnit.MILLISECONDS);
          }
        }
        assertThat(b.getMetrics().getNumberOfNotPermittedCalls()).as("rate %s seed %d", rate, seed).isZero();
        assertThat(b.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
      }
    }
  }

  @Test
  void aFullOutageOpensItAndItClosesWithinTheWaitPlusOneProbe() {
    FakeClock clock = new FakeClock();
    Duration wait = Duration.ofSeconds(5);
    CircuitBreaker b = breaker(SloCircuitBreakers.configFor(SLO, wait), clock);
    List<CircuitBreaker.StateTransition> transitions = new ArrayList<>();
    b.getEventPublisher().onStateTransition(e -> transitions.add(e.getStateTransition()));
    boolean[] down = {true};
    AtomicInteger reached = new AtomicInteger();
    ResiliencePolicy<String> p = ResilienceDefaults.ofDefaults().<String>policy("price")
        .listener(new ResilienceListener() {}).sleeper(clock::sleep)
        .circuitBreaker(b).fallbackValue("fallback").build();
    java.util.function.Supplier<String> call = () -> {
      reached.incrementAndGet();
      if (down[0]) {
        throw new UncheckedIOException(new IOException("HTTP 503"));
      }
      return "42";
    };

    int calls = 0;
    while (b.getState() == CircuitBreaker.State.CLOSED) {
      assertThat(p.get(call)).isEqualTo("fallback");
      calls++;
    }
    assertThat(reached.get()).as("opens after 50 failed attempts").isEqualTo(50);
    assertThat(calls).as("retries count as attempts").isLessThanOrEqualTo(50);
    assertThat(transitions).containsExactly(CircuitBreaker.StateTransition.CLOSED_TO_OPEN);

    down[0] = false; // recovered, but the breaker does not know yet
    clock.advance(wait.minusMillis(1));
    assertThat(p.get(call)).isEqualTo("fallback");
    assertThat(reached.get()).as("an open breaker sends nothing").isEqualTo(50);

    clock.advance(Duration.ofMillis(2)); // resilience4j: strictly after the wait
    assertThat(p.get(call)).as("the first call after the wait is the probe, and it answers").isEqualTo("42");
    assertThat(reached.get()).as("one probe").isEqualTo(51);
    assertThat(transitions).containsExactly(CircuitBreaker.StateTransition.CLOSED_TO_OPEN,
        CircuitBreaker.StateTransition.OPEN_TO_HALF_OPEN, CircuitBreaker.StateTransition.HALF_OPEN_TO_CLOSED);
    for (int i = 0; i < 20; i++) {
      assertThat(p.get(call)).isEqualTo("42");
    }
  }

  @Test
  void aFailedProbeWaitsAgain() {
    FakeClock clock = new FakeClock();
    CircuitBreaker b = breaker(SloCircuitBreakers.configFor(SLO, Duration.ofSeconds(5)), clock);
    b.transitionToOpenState();
    clock.advance(Duration.ofMillis(5_001));
    assertThat(b.tryAcquirePermission()).isTrue();
    assertThat(b.tryAcquirePermission()).as("only one probe").isFalse();
    b.onError(1, TimeUnit.MILLISECONDS, new IOException("still down"));
    assertThat(b.getState()).isEqualTo(CircuitBreaker.State.OPEN);
  }
}
