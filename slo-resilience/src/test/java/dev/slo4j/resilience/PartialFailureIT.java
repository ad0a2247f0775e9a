package dev.slo4j.resilience;

import dev.slo4j.ResilienceListener;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slo4j.ServiceLevelObjective;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Issue 15's invariant on a real loopback dependency ({@link FaultServer}, seeded): over transient error rates from 0%
 * to 100%, slo4j's default policy (retries, the default retry budget of 0.3 retries per successful attempt, the SLO
 * breaker) never answers fewer calls than no policy at all, answers at least 99% of calls at 20% errors, and keeps a
 * full outage's amplification within 1.1× plus the budget's minimum. Prints the table of docs/resilience.md; the old
 * SLO-derived breaker is measured beside it. Backoffs are 1-4 ms instead of 50 ms-2 s to keep the run short; nothing
 * else differs from {@link ResilienceDefaults#ofDefaults()}.
 */
class PartialFailureIT {

  private static final int CALLS = 400;
  private static final double[] RATES = {0, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 1.0};
  private static final ServiceLevelObjective SLO = ServiceLevelObjective.builder("price").service("shop").objective("99.9").build();
  private static final Backoff FAST = Backoff.fullJitter(Duration.ofMillis(1), Duration.ofMillis(4));
  /** Retries the default policy's budget refused in the row being run. */
  private static final java.util.concurrent.atomic.AtomicLong REFUSED = new java.util.concurrent.atomic.AtomicLong();

  private record Row(int answered, long attempts, double seconds) {
    double answeredShare() {
      return (double) answered / CALLS;
    }

    double perCall() {
      return (double) attempts / CALLS;
    }
  }

  /** The old breaker (before issue 15): 14.4 × (1 − objective) per attempt, bounded to [5%, 50%], 50 calls / 20. */
  static CircuitBreakerConfig oldConfig(ServiceLevelObjective slo) {
    double allowed = slo.errorBudget().allowedErrorRatio().doubleValue();
    return CircuitBreakerConfig.custom()
        .failureRateThreshold((float) Math.max(5.0, Math.min(50.0, 100.0 * 14.4 * allowed)))
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED).slidingWindowSize(50)
        .minimumNumberOfCalls(20).waitDurationInOpenState(Duration.ofSeconds(5))
        .permittedNumberOfCallsInHalfOpenState(1).ignoreExceptions(LoadShedException.class).build();
  }

  private static ResilienceDefaults defaults() {
    return ResilienceDefaults.builder().backoff(FAST).listener(new ResilienceListener() {}).build();
  }

  /** The policies compared, each made fresh for a row: a function from the dependency to one call. */
  private static Map<String, Function<FaultServer, Supplier<String>>> policies() {
    Map<String, Function<FaultServer, Supplier<String>>> m = new LinkedHashMap<>();
    m.put("no policy", server -> server::price);
    m.put("naive, 3 attempts", server -> {
      ResiliencePolicy<String> p = ResiliencePolicy.<String>builder("naive").listener(new ResilienceListener() {})
          .retry(3, FAST).build();
      return () -> p.get(server::price);
    });
    m.put("resilience4j Retry, 3 attempts", server -> {
      Retry retry = Retry.of("r4j", RetryConfig.custom().maxAttempts(3).waitDuration(Duration.ofMillis(2))
          .retryExceptions(UncheckedIOException.class).build());
      return Retry.decorateSupplier(retry, server::price);
    });
    m.put("slo4j defaults, old SLO breaker", server -> {
      ResiliencePolicy<String> p = defaults().<String>policy("old")
          .circuitBreaker(CircuitBreaker.of("old", oldConfig(SLO))).build();
      return () -> p.get(server::price);
    });
    m.put("slo4j defaults", server -> {
      ResiliencePolicy<String> p = defaults().<String>policy("price", SLO).listener(new ResilienceListener() {
        @Override
        public void onRetryBudgetExhausted(String policy, Throwable cause) {
          REFUSED.incrementAndGet();
        }
      }).build();
      return () -> p.get(server::price);
    });
    m.put("slo4j defaults + adaptive throttling", server -> {
      java.util.Random random = new java.util.Random(21);
      ResiliencePolicy<String> p = defaults().<String>policy("throttled", SLO).adaptiveThrottling(
          AdaptiveThrottle.of(2.0, Duration.ofMinutes(2), dev.slo4j.Ticker.system(), random::nextDouble)).build();
      return () -> p.get(server::price);
    });
    return m;
  }

  private static Row run(double rate, Function<FaultServer, Supplier<String>> policy) throws Exception {
    try (FaultServer server = new FaultServer(15)) {
      if (rate >= 1.0) {
        server.outage(true);
      } else {
        server.errorRate(rate);
      }
      Supplier<String> call = policy.apply(server);
      int ok = 0;
      long start = System.nanoTime();
      for (int i = 0; i < CALLS; i++) {
        try {
          if ("42".equals(call.get())) {
            ok++;
          }
        } catch (RuntimeException failed) {
          // not answered
        }
      }
      return new Row(ok, server.requests(), (System.nanoTime() - start) / 1e9);
    }
  }

  @Test
  void thePolicyNeverAnswersFewerCallsThanNoPolicyAndCapsAnOutage() throws Exception {
    Map<String, Function<FaultServer, Supplier<String>>> policies = policies();
    List<String> names = new ArrayList<>(policies.keySet());
    Map<Double, Map<String, Row>> table = new LinkedHashMap<>();
    Map<Double, Long> refused = new LinkedHashMap<>();
    for (double rate : RATES) {
      Map<String, Row> rows = new LinkedHashMap<>();
      for (String name : names) {
        REFUSED.set(0);
        rows.put(name, run(rate, policies.get(name)));
        if (name.equals("slo4j defaults")) {
          refused.put(rate, REFUSED.get());
        }
      }
      table.put(rate, rows);
    }

    StringBuilder out = new StringBuilder("\n| transient errors |");
    names.forEach(n -> out.append(' ').append(n).append(" |"));
    out.append("\n|---|").append("---|".repeat(names.size())).append('\n');
    table.forEach((rate, rows) -> {
      out.append(String.format(Locale.ROOT, "| %.0f%% |", 100 * rate));
      rows.values().forEach(r -> out.append(String.format(Locale.ROOT, " %.1f%% (%.2f) |", 100 * r.answeredShare(),
          r.perCall())));
      out.append('\n');
    });
    out.append(String.format(Locale.ROOT, "answered %% of %d calls (attempts per call), seeded FaultServer(15)%n",
        CALLS));
    out.append("retries the default budget refused, by error rate: ").append(refused).append('\n');
    System.out.print(out);

    table.forEach((rate, rows) -> {
      Row none = rows.get("no policy");
      Row slo4j = rows.get("slo4j defaults");
      // Retries only add answers; the tolerance covers two independent samples (3 standard deviations).
      double tolerance = 3 * Math.sqrt(2 * rate * (1 - rate) / CALLS) + 1.0 / CALLS;
      assertThat(slo4j.answeredShare()).as("slo4j defaults at %.0f%% errors answer at least what no policy does",
          100 * rate).isGreaterThanOrEqualTo(none.answeredShare() - tolerance);
    });
    Row outage = table.get(1.0).get("slo4j defaults");
    // An outage earns no retries: at most 1.1 attempts per call plus the budget's minimum (1 retry a second over its
    // 10 s window, or the run if longer).
    assertThat(outage.perCall()).as("amplification at a full outage")
        .isLessThanOrEqualTo(1.1 + Math.max(10.0, Math.ceil(outage.seconds())) / CALLS);
    Row throttled = table.get(1.0).get("slo4j defaults + adaptive throttling");
    assertThat(throttled.attempts()).as("adaptive throttling sends less than the breaker alone at a full outage")
        .isLessThan(outage.attempts());
    table.forEach((rate, rows) -> {
      if (rate <= 0.3) {
        Row none = rows.get("no policy");
        assertThat(rows.get("slo4j defaults + adaptive throttling").answeredShare())
            .as("throttling costs no answers while most attempts succeed (%.0f%%)", 100 * rate)
            .isGreaterThanOrEqualTo(none.answeredShare() - 3 * Math.sqrt(2 * rate * (1 - rate) / CALLS));
      }
    });
    // 20% transient errors within the default budget: it refuses no retry, so the policy answers what 3 unbudgeted
    // attempts answer (1 − 0.2³ = 99.2% expected; on this seeded sample of 400 naive retries answer 98.0%, so the
    // 99% itself is asserted on 100,000 calls below, where the sample cannot hide a shortfall).
    assertThat(refused.get(0.2)).as("retries the default budget refused at 20% errors").isZero();
    assertThat(table.get(0.2).get("slo4j defaults").answered())
        .as("20% transient errors: the default budget costs no answers against unbudgeted retries")
        .isGreaterThanOrEqualTo(table.get(0.2).get("naive, 3 attempts").answered());
  }

  /**
   * The 99% of issue 15's invariant, on a sample large enough to tell 99.2% from 99%: 100,000 calls to an in-memory
   * dependency failing 20% of attempts (seeded), under the default policy with its SLO breaker and retry budget (no
   * backoff waits, so the run takes about a second and stays inside one budget window); then a full outage on a fresh
   * policy, whose budget earns nothing.
   */
  @Test
  void theDefaultsAnswer99PercentAtTwentyPercentErrorsAndAnOutageEarnsNoRetries() {
    int calls = 100_000;
    java.util.Random faults = new java.util.Random(15);
    long[] attempts = {0};
    Supplier<String> dependency = () -> {
      attempts[0]++;
      if (faults.nextDouble() < 0.2) {
        throw new UncheckedIOException(new java.io.IOException("503"));
      }
      return "42";
    };
    ResiliencePolicy<String> p = defaults().<String>policy("scale", SLO).sleeper(ms -> { }).build();
    int ok = 0;
    for (int i = 0; i < calls; i++) {
      try {
        if ("42".equals(p.get(dependency))) {
          ok++;
        }
      } catch (UncheckedIOException failed) {
        // not answered
      }
    }
    System.out.printf(Locale.ROOT, "20%% errors, %d in-memory calls: slo4j defaults answered %.2f%% (%.3f)%n", calls,
        100.0 * ok / calls, (double) attempts[0] / calls);
    assertThat((double) ok / calls).as("answered at 20% transient errors").isGreaterThanOrEqualTo(0.99);

    attempts[0] = 0;
    ResiliencePolicy<String> down = defaults().<String>policy("scale-outage").sleeper(ms -> { }).build();
    long start = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      try {
        down.get(() -> {
          attempts[0]++;
          throw new UncheckedIOException(new java.io.IOException("503"));
        });
      } catch (UncheckedIOException expected) {
        // the outage
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "full outage, %d in-memory calls, no breaker: %.4f attempts per call%n", calls,
        (double) attempts[0] / calls);
    assertThat(attempts[0] - calls).as("retries at a full outage: only the budget's minimum, 1 a second")
        .isLessThanOrEqualTo((long) (10 + Math.ceil(seconds)));
  }
}
