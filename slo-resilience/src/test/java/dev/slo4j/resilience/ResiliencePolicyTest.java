package dev.slo4j.resilience;

import dev.slo4j.Degradation;
import dev.slo4j.ResilienceListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.budget.BudgetStatus;
import dev.slo4j.LocalBudget;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import dev.slo4j.testing.FakeClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ResiliencePolicyTest {

  private final FakeClock now = new FakeClock();
  private final List<String> events = new ArrayList<>();
  private final ResilienceListener listener = new ResilienceListener() {
    @Override
    public void onDegraded(String policy, Degradation how, Throwable cause) {
      events.add(how.label());
    }

    @Override
    public void onRetryBudgetExhausted(String policy, Throwable cause) {
      events.add("budget");
    }

    @Override
    public void onDeadlineExceeded(String policy, Throwable cause) {
      events.add("deadline");
    }
  };

  private ResiliencePolicy.Builder<String> policy() {
    return ResiliencePolicy.<String>builder("pricing")
        .listener(listener)
        .ticker(now::nanoTime)
        .sleeper(now::sleep);
  }

  private static UncheckedIOException down() {
    return new UncheckedIOException(new IOException("connection refused"));
  }

  /** A LocalBudget whose status the test sets. */
  static final class FixedBudget implements LocalBudget {
    volatile BudgetStatus status = BudgetStatus.HEALTHY;

    @Override
    public ServiceLevelObjective slo() {
      return ServiceLevelObjective.builder("checkout").service("shop").build();
    }

    @Override
    public double burnRate(Duration window) {
      return 0;
    }

    @Override
    public List<Duration> windows() {
      return List.of();
    }

    @Override
    public long goodEvents() {
      return 0;
    }

    @Override
    public double remaining() {
      return 1;
    }

    @Override
    public BudgetStatus status() {
      return status;
    }
  }

  @Test
  void transientFailuresAreRetriedWithTheBackoffsDelays() {
    AtomicInteger calls = new AtomicInteger();
    ResiliencePolicy<String> p = policy().retry(3, Backoff.fullJitter(Duration.ofMillis(100), Duration.ofSeconds(1))
        .withRandom(() -> 0.5)).build();
    String answer = p.get(() -> {
      if (calls.incrementAndGet() < 3) {
        throw down();
      }
      return "42";
    });
    assertThat(answer).isEqualTo("42");
    assertThat(calls).hasValue(3);
    assertThat(Duration.ofNanos(now.nanoTime())).isEqualTo(Duration.ofMillis(50 + 100));
  }

  @Test
  void onlyRetryableFailuresOfIdempotentCallsAreRetried() {
    AtomicInteger calls = new AtomicInteger();
    ResiliencePolicy<String> p = policy().retry(3, Backoff.fullJitter(Duration.ofMillis(1), Duration.ofMillis(2)))
        .build();
    assertThatThrownBy(() -> p.get(() -> {
      calls.incrementAndGet();
      throw new IllegalArgumentException("bad request");
    })).isInstanceOf(IllegalArgumentException.class);
    assertThat(calls).as("a bad request is not transient").hasValue(1);

    calls.set(0);
    ResiliencePolicy<String> payment = policy().retry(3, Backoff.fullJitter(Duration.ofMillis(1), Duration.ofMillis(2)))
        .idempotent(false).build();
    assertThatThrownBy(() -> payment.get(() -> {
      calls.incrementAndGet();
      throw down();
    })).isInstanceOf(UncheckedIOException.class);
    assertThat(calls).as("charging a card twice is worse than failing").hasValue(1);

    calls.set(0);
    ResiliencePolicy<String> optedIn = policy().retry(3, Backoff.fullJitter(Duration.ofMillis(1), Duration.ofMillis(2)))
        .idempotent(false).retryNonIdempotent().build();
    assertThatThrownBy(() -> optedIn.get(() -> {
      calls.incrementAndGet();
      throw down();
    })).isInstanceOf(UncheckedIOException.class);
    assertThat(calls).hasValue(3);
  }

  @Test
  void aDoNotRetrySignalStopsRetriesAtOnce() {
    AtomicInteger calls = new AtomicInteger();
    ResiliencePolicy<String> p = policy().retry(5, Backoff.fullJitter(Duration.ofMillis(1), Duration.ofMillis(2)))
        .doNotRetryOn(e -> e.getMessage() != null && e.getMessage().contains("overloaded")).build();
    assertThatThrownBy(() -> p.get(() -> {
      calls.incrementAndGet();
      throw new UncheckedIOException(new IOException("503 overloaded"));
    })).isInstanceOf(UncheckedIOException.class);
    assertThat(calls).hasValue(1);
  }

  @Test
  void noRetryStartsThatCannotFinishBeforeTheDeadline() {
    AtomicInteger calls = new AtomicInteger();
    ResiliencePolicy<String> p = policy()
        .retry(10, Backoff.fullJitter(Duration.ofMillis(400), Duration.ofMillis(400)).withRandom(() -> 1.0))
        .deadline(Duration.ofSeconds(1))
        .build();
    assertThatThrownBy(() -> p.get(() -> {
      calls.incrementAndGet();
      now.advance(Duration.ofMillis(100)); // each attempt takes 100 ms
      throw down();
    })).isInstanceOf(UncheckedIOException.class);
    // t=100 fail, wait 400 -> t=500, attempt -> t=600 fail; the next would end at 600+400+100 = 1,100 ms > 1 s.
    assertThat(calls).hasValue(2);
    assertThat(events).containsExactly("deadline");
  }

  @Test
  void aSpentRetryBudgetFailsFastWithTheOriginalError() {
    RetryBudget budget = RetryBudget.of(0.3, 0, Duration.ofSeconds(10), now::nanoTime);
    AtomicInteger attempts = new AtomicInteger();
    ResiliencePolicy<String> p = policy().retry(3, Backoff.fullJitter(Duration.ofMillis(1), Duration.ofMillis(1)))
        .retryBudget(budget).build();
    for (int i = 0; i < 100; i++) {
      assertThat(p.get(() -> "ok")).isEqualTo("ok");
    }
    UncheckedIOException original = down();
    for (int i = 0; i < 100; i++) {
      assertThatThrownBy(() -> p.get(() -> {
        attempts.incrementAndGet();
        throw original;
      })).isSameAs(original);
    }
    // 100 successful calls earned 30 retries; the 100 failing calls spend them and no more: 1.3 instead of 3.
    assertThat(attempts).hasValue(130);
    assertThat(events).contains("budget");
  }

  @Test
  void onlyAnsweringAttemptsEarnRetries() {
    RetryBudget budget = RetryBudget.of(0.5, 0, Duration.ofSeconds(10), now::nanoTime);
    AtomicInteger calls = new AtomicInteger();
    ResiliencePolicy<String> p = policy().retry(3, Backoff.fullJitter(Duration.ofMillis(1), Duration.ofMillis(1)))
        .retryOnResult(String::isEmpty).retryBudget(budget).build();
    assertThatThrownBy(() -> p.get(() -> {
      throw down();
    })).isInstanceOf(UncheckedIOException.class);
    assertThat(budget.available()).as("a failure earns nothing, and with no minimum nothing is spent").isZero();
    assertThat(p.get(() -> "a")).isEqualTo("a");
    assertThat(budget.available()).isEqualTo(0.5);
    assertThat(p.get(() -> "b")).isEqualTo("b");
    assertThat(p.get(() -> calls.incrementAndGet() == 1 ? "" : "c")).isEqualTo("c");
    assertThat(budget.available()).as("3 answers earned 1.5; the empty result earned nothing and its retry took 1")
        .isEqualTo(0.5);
  }

  @Test
  void asynchronousSuccessesEarnRetries() throws Exception {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try {
      RetryBudget budget = RetryBudget.of(0.5, 0, Duration.ofSeconds(10), now::nanoTime);
      AtomicInteger calls = new AtomicInteger();
      ResiliencePolicy<String> p = ResiliencePolicy.<String>builder("async").listener(listener).ticker(now::nanoTime)
          .retry(3, Backoff.fullJitter(Duration.ofMillis(1), Duration.ofMillis(1))).retryBudget(budget)
          .fallbackValue("fallback").build();
      assertThat(p.stage(() -> calls.incrementAndGet() == 1
          ? CompletableFuture.failedFuture(down()) : CompletableFuture.completedFuture("late"), scheduler)
          .toCompletableFuture().get()).as("nothing earned yet: no retry").isEqualTo("fallback");
      for (int i = 0; i < 4; i++) {
        assertThat(p.stage(() -> CompletableFuture.completedFuture("ok"), scheduler).toCompletableFuture().get())
            .isEqualTo("ok");
      }
      assertThat(budget.available()).isEqualTo(2.0);
      calls.set(0);
      assertThat(p.stage(() -> calls.incrementAndGet() < 3
          ? CompletableFuture.failedFuture(down()) : CompletableFuture.completedFuture("third time"), scheduler)
          .toCompletableFuture().get()).isEqualTo("third time");
      assertThat(budget.available()).as("2 earned, 2 spent, 0.5 earned by the third attempt").isEqualTo(0.5);
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void anOpenBreakerStopsRetriesAndTheFallbackAnswers() {
    CircuitBreaker breaker = CircuitBreakerRegistry.ofDefaults().circuitBreaker("prices");
    breaker.transitionToOpenState();
    AtomicInteger calls = new AtomicInteger();
    ResiliencePolicy<String> p = policy().retry(3, Backoff.fullJitter(Duration.ofMillis(1), Duration.ofMillis(2)))
        .circuitBreaker(breaker).fallback(e -> "cached price (" + e.getClass().getSimpleName() + ")").build();
    assertThat(p.get(() -> {
      calls.incrementAndGet();
      return "live price";
    })).isEqualTo("cached price (CallNotPermittedException)");
    assertThat(calls).hasValue(0);
    assertThat(events).containsExactly("fallback");
  }

  @Test
  void theLastGoodValueAnswersWithinItsMaximumAgeThenTheFallback() {
    ResiliencePolicy<String> p = policy().serveStale(Duration.ofMinutes(5)).fallbackValue("default").build();
    assertThat(p.get(() -> "v1")).isEqualTo("v1");
    now.advance(Duration.ofMinutes(4));
    assertThat(p.get(() -> {
      throw down();
    })).isEqualTo("v1");
    now.advance(Duration.ofMinutes(2));
    assertThat(p.get(() -> {
      throw down();
    })).isEqualTo("default");
    assertThat(events).containsExactly("stale", "fallback");
  }

  @Test
  void optionalWorkIsShedWhileTheSloBurnsCriticalWorkNever() {
    FixedBudget budget = new FixedBudget();
    AtomicInteger calls = new AtomicInteger();
    ResiliencePolicy<String> recommendations = policy().shedWhenBurning(budget, Criticality.OPTIONAL)
        .fallbackValue("no recommendations").build();
    ResiliencePolicy<String> defaults = policy().shedWhenBurning(budget, Criticality.DEFAULT).build();
    ResiliencePolicy<String> payments = policy().shedWhenBurning(budget, Criticality.CRITICAL).build();

    budget.status = BudgetStatus.BURNING;
    assertThat(recommendations.get(() -> "" + calls.incrementAndGet())).isEqualTo("no recommendations");
    assertThat(defaults.get(() -> "" + calls.incrementAndGet())).isEqualTo("1");
    budget.status = BudgetStatus.EXHAUSTED;
    assertThatThrownBy(() -> defaults.get(() -> "" + calls.incrementAndGet()))
        .isInstanceOf(LoadShedException.class)
        .hasMessage("policy 'pricing' shed default work because its SLO's error budget is exhausted");
    assertThat(payments.get(() -> "" + calls.incrementAndGet())).isEqualTo("2");
    assertThat(events).containsExactly("shed", "shed");
  }

  @Test
  void asynchronousCallsAreRetriedOnTheSchedulerAndAnsweredByTheFallback() throws Exception {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try {
      AtomicInteger calls = new AtomicInteger();
      ResiliencePolicy<String> p = ResiliencePolicy.<String>builder("async").listener(listener)
          .retry(3, Backoff.fullJitter(Duration.ofMillis(1), Duration.ofMillis(5))).fallbackValue("fallback").build();
      String ok = p.stage(() -> calls.incrementAndGet() < 3
          ? CompletableFuture.failedFuture(down()) : CompletableFuture.completedFuture("third time"), scheduler)
          .toCompletableFuture().get();
      assertThat(ok).isEqualTo("third time");
      assertThat(calls).hasValue(3);
      String degraded = p.stage(() -> CompletableFuture.<String>failedFuture(down()), scheduler)
          .toCompletableFuture().get();
      assertThat(degraded).isEqualTo("fallback");
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void pushbackIsHonouredCappedAndNeverWaitsPastTheDeadline() {
    AtomicInteger calls = new AtomicInteger();
    Backoff backoff = Backoff.fullJitter(Duration.ofMillis(50), Duration.ofSeconds(2)).withRandom(() -> 0.5);
    ResiliencePolicy<String> honoured = policy().retry(2, backoff).build();
    assertThatThrownBy(() -> honoured.call(() -> {
      calls.incrementAndGet();
      throw new HttpStatusException(503, "HTTP 503", Duration.ofSeconds(1));
    })).isInstanceOf(HttpStatusException.class);
    assertThat(calls).hasValue(2);
    assertThat(Duration.ofNanos(now.nanoTime())).as("Retry-After: 1 is honoured without withPushback")
        .isEqualTo(Duration.ofSeconds(1));

    calls.set(0);
    now.setNanos(0);
    assertThatThrownBy(() -> honoured.call(() -> {
      calls.incrementAndGet();
      throw new HttpStatusException(503, "HTTP 503", Duration.ofHours(1));
    })).isInstanceOf(HttpStatusException.class);
    assertThat(calls).as("an hour's pushback with a 2 s cap: no retry").hasValue(1);
    assertThat(now.nanoTime()).as("and no wait").isZero();

    calls.set(0);
    ResiliencePolicy<String> withDeadline = policy().retry(2, backoff).deadline(Duration.ofMillis(900)).build();
    assertThatThrownBy(() -> withDeadline.call(() -> {
      calls.incrementAndGet();
      throw new HttpStatusException(429, "HTTP 429", Duration.ofSeconds(1));
    })).isInstanceOf(HttpStatusException.class);
    assertThat(calls).hasValue(1);
    assertThat(now.nanoTime()).as("gives up at once instead of waiting past the deadline").isZero();
    assertThat(events).containsExactly("deadline");
  }

  @Test
  void aContextCallIsToldTheTimeLeftBeforeTheDeadline() throws Exception {
    List<String> seen = new ArrayList<>();
    ResiliencePolicy<String> p = policy()
        .retry(3, Backoff.fullJitter(Duration.ofMillis(100), Duration.ofMillis(100)).withRandom(() -> 1.0))
        .deadline(Duration.ofSeconds(1)).build();
    String answer = p.call(ctx -> {
      seen.add(ctx.attempt() + ":" + ctx.remaining().toMillis());
      now.advance(Duration.ofMillis(200));
      if (ctx.attempt() < 3) {
        throw down();
      }
      return "ok";
    });
    assertThat(answer).isEqualTo("ok");
    // 200 ms per attempt and 100 ms between them.
    assertThat(seen).containsExactly("1:1000", "2:700", "3:400");

    ResiliencePolicy<String> none = policy().build();
    assertThat(none.call(ctx -> ctx.remaining().equals(CallContext.NO_DEADLINE) + "")).isEqualTo("true");
    assertThat(none.call(ctx -> ctx.remaining(Duration.ofSeconds(3)).toString())).isEqualTo("PT3S");
  }

  @Test
  void anAsynchronousAttemptIsCancelledAtTheDeadline() throws Exception {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try {
      CompletableFuture<String> never = new CompletableFuture<>();
      ResiliencePolicy<String> p = ResiliencePolicy.<String>builder("async").listener(listener)
          .deadline(Duration.ofMillis(50)).build();
      CompletableFuture<String> answer = p.stage(() -> never, scheduler).toCompletableFuture();
      assertThatThrownBy(answer::get).hasCauseInstanceOf(DeadlineExceededException.class)
          .hasMessageContaining("its deadline of 50 ms passed");
      assertThat(never).as("the attempt is cancelled").isCancelled();
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void callNotPermittedIsNeverRetried() {
    CircuitBreaker breaker = CircuitBreakerRegistry.ofDefaults().circuitBreaker("x");
    breaker.transitionToOpenState();
    ResiliencePolicy<String> p = policy().retry(3, Backoff.fullJitter(Duration.ofMillis(1), Duration.ofMillis(1)))
        .retryOn(e -> true).circuitBreaker(breaker).build();
    assertThatThrownBy(() -> p.get(() -> "x")).isInstanceOf(CallNotPermittedException.class);
    assertThat(breaker.getMetrics().getNumberOfNotPermittedCalls()).isEqualTo(1);
  }
}
