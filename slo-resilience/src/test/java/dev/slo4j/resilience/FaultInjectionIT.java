package dev.slo4j.resilience;

import dev.slo4j.ResilienceListener;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slo4j.ServiceLevelObjective;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * slo4j's policy against naive retries, on a real HTTP dependency on loopback with injected faults. Each test is
 * bounded in calls (a few hundred) and time (seconds), and prints the measured row of docs/resilience.md's table.
 */
class FaultInjectionIT {

  private static final int CALLS = 300;
  private final FaultServer server;

  FaultInjectionIT() throws Exception {
    server = new FaultServer(7);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Runs {@code CALLS} calls and returns how many answered. */
  private int run(ResiliencePolicy<String> policy) {
    int ok = 0;
    for (int i = 0; i < CALLS; i++) {
      try {
        if ("42".equals(policy.get(server::price))) {
          ok++;
        }
      } catch (RuntimeException expected) {
        // the caller sees the failure
      }
    }
    return ok;
  }

  private static ResiliencePolicy.Builder<String> naive() {
    return ResiliencePolicy.<String>builder("naive").listener(new ResilienceListener() {})
        .retry(3, Backoff.fullJitter(Duration.ofMillis(1), Duration.ofMillis(4)));
  }

  /** slo4j with the default retry budget (0.3 retries per successful attempt, 1 a second): the same for every row. */
  private static ResiliencePolicy.Builder<String> slo4j() {
    return ResiliencePolicy.<String>builder("slo4j").listener(new ResilienceListener() {})
        .retry(3, Backoff.fullJitter(Duration.ofMillis(1), Duration.ofMillis(4)))
        .retryBudget(RetryBudget.ofDefaults());
  }

  private static void report(String scenario, String policy, long attempts, int ok) {
    System.out.printf(Locale.ROOT, "| %s | %s | %.2f | %.1f%% |%n", scenario, policy, (double) attempts / CALLS,
        100.0 * ok / CALLS);
  }

  @Test
  void duringAFullOutageTheRetryBudgetCapsAmplificationWhereNaiveRetriesTriple() {
    server.outage(true);
    run(naive().build());
    long naiveAttempts = server.requests();
    report("full outage", "naive, 3 attempts", naiveAttempts, 0);
    assertThat(naiveAttempts).isEqualTo(3L * CALLS);

    long before = server.requests();
    long start = System.nanoTime();
    run(slo4j().build());
    double seconds = (System.nanoTime() - start) / 1e9;
    long attempts = server.requests() - before;
    report("full outage", "slo4j, 3 attempts, default budget", attempts, 0);
    // An outage earns no retries: at most 1.1x (issue 15's bound; 1x here) plus the budget's minimum, 1 retry a
    // second counted over its 10 s window (or the run, if longer).
    assertThat((double) attempts / CALLS).isLessThanOrEqualTo(1.1 + Math.max(10.0, Math.ceil(seconds)) / CALLS);
  }

  @Test
  void withTwentyPercentTransientErrorsJitteredRetriesKeepCallersAbove99Percent() {
    server.errorRate(0.2);
    int naked = run(ResiliencePolicy.<String>builder("none").listener(new ResilienceListener() {}).build());
    report("20% errors", "no retries", server.requests(), naked);
    assertThat(naked).isLessThan((int) (0.9 * CALLS));

    long before = server.requests();
    int ok = run(slo4j().build());
    report("20% errors", "slo4j, 3 attempts, default budget", server.requests() - before, ok);
    assertThat((double) ok / CALLS).isGreaterThan(0.99);
  }

  @Test
  void afterRecoveryTheBreakerClosesWithinItsWaitAndOneProbe() throws Exception {
    Duration wait = Duration.ofMillis(300);
    ServiceLevelObjective slo = ServiceLevelObjective.builder("price").service("shop").objective("99.9").build();
    CircuitBreaker breaker = CircuitBreakerRegistry.of(CircuitBreakerConfig.from(SloCircuitBreakers.configFor(slo,
        wait)).build()).circuitBreaker("price");
    long[] openedAt = {0};
    breaker.getEventPublisher().onStateTransition(e -> {
      if (e.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
        openedAt[0] = System.nanoTime();
      }
    });
    ResiliencePolicy<String> p = slo4j().circuitBreaker(breaker).fallbackValue("fallback").build();

    server.outage(true);
    int calls = 0;
    while (breaker.getState() != CircuitBreaker.State.OPEN && calls < 100) {
      p.get(server::price);
      calls++;
    }
    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(breaker.getMetrics().getNumberOfFailedCalls())
        .as("the breaker opens once %d attempts in a row failed", SloCircuitBreakers.MINIMUM_CALLS)
        .isEqualTo(SloCircuitBreakers.MINIMUM_CALLS);
    assertThat(calls).as("retries count as attempts: fewer calls open it")
        .isLessThan(SloCircuitBreakers.MINIMUM_CALLS);

    long requestsWhileOpen = server.requests();
    for (int i = 0; i < 10; i++) {
      assertThat(p.get(server::price)).isEqualTo("fallback");
    }
    assertThat(server.requests()).as("an open breaker sends nothing").isEqualTo(requestsWhileOpen);

    server.outage(false);
    long recovered = System.nanoTime();
    String answer;
    int probes = 0;
    do {
      long before = server.requests();
      answer = p.get(server::price);
      probes += (int) (server.requests() - before);
      if (!"42".equals(answer)) {
        Thread.sleep(5);
      }
    } while (!"42".equals(answer) && System.nanoTime() - recovered < Duration.ofSeconds(15).toNanos());
    long closedAt = System.nanoTime();
    assertThat(answer).isEqualTo("42");
    assertThat(probes).as("one probe closes the breaker").isEqualTo(1);
    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    long back = closedAt - Math.max(recovered, openedAt[0] + wait.toNanos());
    System.out.printf(Locale.ROOT, "| recovery | slo4j breaker, wait %d ms | traffic back %d ms after the wait |%n",
        wait.toMillis(), Duration.ofNanos(back).toMillis());
    // Within the wait plus one probe (a loopback call) and the 5 ms between the caller's tries: measured in
    // milliseconds, printed above. The bound only tells "after the wait" from "stuck open" and leaves seconds of slack
    // for a loaded CI machine; SloCircuitBreakersTest checks the exact rule on a fake clock.
    assertThat(Duration.ofNanos(back)).isLessThan(Duration.ofSeconds(5));
    for (int i = 0; i < 20; i++) {
      assertThat(p.get(server::price)).isEqualTo("42");
    }
  }
}
