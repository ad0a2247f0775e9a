package dev.slo4j.resilience;

import dev.slo4j.LatencySli;
import dev.slo4j.ServiceLevelObjective;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * resilience4j circuit breakers for a call that an SLO depends on, which open only when calling the dependency is
 * futile: when not one attempt of the last 100 succeeded (or, for a latency SLO, not one was faster than the SLO's
 * threshold).
 *
 * <p>Why not a failure rate derived from the SLO: a caller's error budget says nothing about when calling is futile.
 * Before issue 15 the threshold was {@code 14.4 × (1 − objective)} per attempt (5% for a 99.9% SLO): with 20% transient
 * errors it opened and answered 1.3% of calls where no policy at all answered 83% (issue 15). Any threshold below
 * 100% has the same defect at error rates above it: an open breaker answers nothing, while calling answers
 * {@code 1 − errorRate} of calls, more with retries. So the breaker opens only where calling gains nothing: every
 * attempt in the window failed (a full outage, a dependency that hangs until its timeout). Partial failure is the
 * retry budget's job ({@link RetryBudget}: at most 1.3× load while attempts succeed, 1× plus its minimum at a full
 * outage) and, for overload, the server's pushback. This is the rule of Finagle's failure accrual and Envoy's
 * consecutive-5xx outlier detection (open on an unbroken run of failures), not Hystrix's or resilience4j's 50%.
 *
 * <p>The window: the last 100 attempts, judged once 50 were seen. At a 90% transient error rate 50 failures in a row
 * happen with probability 0.9^50 = 0.5% at the start and a run of 100 about once in 400,000 attempts, so partial
 * failure does not open it; a full outage opens it after 50 attempts (about 40 calls: the retry budget's minimum
 * lets 10 of them retry). An open breaker waits {@code waitInOpenState} (default 5 s) and lets one probe through: one
 * success closes it, so traffic is back within the wait plus one call.
 *
 * <p>The relation to the SLO: the SLO picks the slow-call duration (a latency SLO's threshold: a call slower than it is
 * a bad event whether it answers or not, so when every call is that slow the fallback loses nothing the SLO counts
 * and frees the caller's threads), and it decides what degrades while its budget burns ({@link
 * ResiliencePolicy.Builder#shedWhenBurning} for optional work, the fallback); it no longer sets the failure rate.
 */
public final class SloCircuitBreakers {

  private static final Logger LOG = LoggerFactory.getLogger("dev.slo4j.resilience");
  /** The default time an open breaker waits before its probe. */
  public static final Duration DEFAULT_WAIT_IN_OPEN_STATE = Duration.ofSeconds(5);
  /** Failure (and slow-call) rate, in percent, at which the breaker opens: every attempt in the window. */
  public static final float FUTILE_RATE = 100f;
  /** Attempts in the breaker's sliding window. */
  public static final int WINDOW = 100;
  /** Attempts the breaker must have seen before it judges. */
  public static final int MINIMUM_CALLS = 50;

  private SloCircuitBreakers() {}

  /**
   * The failure-rate threshold, in percent: {@value #FUTILE_RATE} whatever the SLO's objective (see the class
   * comment; before, {@code 14.4 × (1 − objective)}).
   */
  public static float failureRateThreshold(ServiceLevelObjective slo) {
    Objects.requireNonNull(slo, "slo");
    return FUTILE_RATE;
  }

  /** The breaker configuration for a call that {@code slo} depends on. */
  public static CircuitBreakerConfig configFor(ServiceLevelObjective slo) {
    return configFor(slo, DEFAULT_WAIT_IN_OPEN_STATE);
  }

  /** As {@link #configFor(ServiceLevelObjective)}, with the wait before the probe. */
  public static CircuitBreakerConfig configFor(ServiceLevelObjective slo, Duration waitInOpenState) {
    Objects.requireNonNull(slo, "slo");
    Objects.requireNonNull(waitInOpenState, "waitInOpenState");
    CircuitBreakerConfig.Builder b = CircuitBreakerConfig.custom()
        .failureRateThreshold(failureRateThreshold(slo))
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(WINDOW)
        .minimumNumberOfCalls(MINIMUM_CALLS)
        .waitDurationInOpenState(waitInOpenState)
        .permittedNumberOfCallsInHalfOpenState(1)
        .ignoreExceptions(LoadShedException.class);
    slo.sli().latencyThreshold().ifPresent(threshold ->
        b.slowCallDurationThreshold(threshold).slowCallRateThreshold(FUTILE_RATE));
    // otherwise resilience4j's default: open when every call took over 60 s
    return b.build();
  }

  /**
   * The registry's breaker named {@code name}, configured from {@code slo} when it is created, with its state changes
   * logged (INFO on the slf4j logger {@code dev.slo4j.resilience}) and observable through its event publisher.
   */
  public static CircuitBreaker of(CircuitBreakerRegistry registry, String name, ServiceLevelObjective slo) {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(name, "name");
    boolean existed = registry.find(name).isPresent();
    CircuitBreaker breaker = registry.circuitBreaker(name, () -> configFor(slo));
    if (!existed) {
      breaker.getEventPublisher().onStateTransition(e -> LOG.info("circuit breaker '{}' of SLO '{}': {}",
          e.getCircuitBreakerName(), slo.name(), e.getStateTransition()));
    }
    return breaker;
  }
}
