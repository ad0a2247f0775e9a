package dev.slo4j.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.testing.FakeClock;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Policies and breakers built from the defaults run on the time the defaults were given: a test's fake clock. */
class ResilienceDefaultsTimeTest {

  private final FakeClock clock = new FakeClock();
  private final ServiceLevelObjective checkout =
      ServiceLevelObjective.builder("checkout").service("shop").objective("99.9").build();

  @Test
  void backoffMovesTheFakeClockAndTheBreakerWaitsOnIt() {
    ResilienceDefaults defaults = ResilienceDefaults.builder().breakerWait(Duration.ofSeconds(30))
        .backoff(Backoff.fullJitter(Duration.ofSeconds(1), Duration.ofSeconds(10)))
        .time(clock::nanoTime, clock::sleep, clock.asClock()).build();
    ResiliencePolicy<String> policy = defaults.<String>policy("payments", checkout).build();
    AtomicInteger calls = new AtomicInteger();
    long realStart = System.nanoTime();
    for (int i = 0; i < SloCircuitBreakers.MINIMUM_CALLS; i++) {
      assertThatThrownBy(() -> policy.get(() -> {
        calls.incrementAndGet();
        throw new UncheckedIOException(new IOException("down"));
      })).isInstanceOf(RuntimeException.class);
    }
    assertThat(clock.nanoTime()).as("the backoff slept on the fake clock").isPositive();
    assertThat(System.nanoTime() - realStart).as("and took no real time").isLessThan(Duration.ofSeconds(5).toNanos());
    CircuitBreaker breaker = defaults.circuitBreakers().circuitBreaker("payments");
    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThatThrownBy(() -> policy.get(() -> "paid")).isInstanceOf(CallNotPermittedException.class);
    clock.advance(Duration.ofSeconds(31));
    assertThat(policy.get(() -> "paid")).as("the breaker's wait passed on the fake clock").isEqualTo("paid");
  }

  @Test
  void toBuilderKeepsThePlatformsDefaultsAndReplacesOnlyWhatIsSetAgain() {
    ResilienceDefaults platform = ResilienceDefaults.builder().maxAttempts(5).breakerWait(Duration.ofSeconds(9)).build();
    ResilienceDefaults test = platform.toBuilder().time(clock::nanoTime, clock::sleep, clock.asClock()).build();
    assertThat(test.toString()).isEqualTo(platform.toString()).contains("5 attempts").contains("breaker wait PT9S");
  }

  /** A client's wrapper around an I/O error (Spring's ResourceAccessException is one) is retried like the error. */
  @Test
  void aFailureCausedByAnIoErrorIsRetriedAndOneThatIsNotIsNot() {
    ResiliencePolicy<String> policy = ResiliencePolicy.<String>builder("x")
        .retry(3, Backoff.fullJitter(Duration.ofMillis(1), Duration.ofMillis(1))).sleeper(clock::sleep).build();
    AtomicInteger attempts = new AtomicInteger();
    assertThat(policy.get(() -> {
      if (attempts.incrementAndGet() < 3) {
        throw new IllegalStateException("I/O error on GET", new java.net.ConnectException("refused"));
      }
      return "ok";
    })).isEqualTo("ok");
    assertThat(attempts).hasValue(3);
    attempts.set(0);
    assertThatThrownBy(() -> policy.get(() -> {
      attempts.incrementAndGet();
      throw new IllegalArgumentException("bad request");
    })).isInstanceOf(IllegalArgumentException.class);
    assertThat(attempts).as("not transient: tried once").hasValue(1);
    Throwable loop = new IllegalStateException("a");
    Throwable other = new IllegalStateException("b", loop);
    loop.initCause(other);
    assertThat(ResiliencePolicy.isTransient(loop)).as("a cause cycle ends").isFalse();
  }
}
