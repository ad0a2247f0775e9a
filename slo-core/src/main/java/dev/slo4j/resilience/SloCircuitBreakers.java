package dev.slo4j.resilience;

import dev.slo4j.LatencySli;
import dev.slo4j.Slo;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * resilience4j circuit breakers whose thresholds come from the SLO they protect, instead of resilience4j's generic
 * 50%.
 *
 * <p>The derivation: a breaker should open when the dependency burns the SLO's error budget at least as fast as the
 * fastest page tier of the alert policy (14.4×), i.e. at a failure rate of {@code 14.4 × (1 − objective)}, bounded to
 * [5%, 50%] so that a 99.99% SLO does not open on two failures in a noisy window and a 90% SLO still opens before half
 * the calls fail. For a latency SLO the same rate applies to calls slower than its threshold. The breaker judges a
 * window of the last 50 calls once 20 were seen, waits {@code waitInOpenState} and lets one probe through: one success
 * closes it, so traffic is back within the wait plus one call.
 */
public final class SloCircuitBreakers {

  private static final Logger LOG = LoggerFactory.getLogger("dev.slo4j.resilience");
  /** The burn rate of the workbook policy's fastest page tier. */
  static final double PAGE_BURN_RATE = 14.4;
  /** The default time an open breaker waits before its probe. */
  public static final Duration DEFAULT_WAIT_IN_OPEN_STATE = Duration.ofSeconds(5);

  private SloCircuitBreakers() {}

  /** The failure-rate threshold, in percent, for an SLO: see the class comment. */
  public static float failureRateThreshold(Slo slo) {
    double allowed = slo.errorBudget().allowedBadRatio().doubleValue();
    return (float) Math.max(5.0, Math.min(50.0, 100.0 * PAGE_BURN_RATE * allowed));
  }

  /** The breaker configuration for a call that {@code slo} depends on. */
  public static CircuitBreakerConfig configFor(Slo slo) {
    return configFor(slo, DEFAULT_WAIT_IN_OPEN_STATE);
  }

  /** As {@link #configFor(Slo)}, with the wait before the probe. */
  public static CircuitBreakerConfig configFor(Slo slo, Duration waitInOpenState) {
    Objects.requireNonNull(slo, "slo");
    Objects.requireNonNull(waitInOpenState, "waitInOpenState");
    float threshold = failureRateThreshold(slo);
    CircuitBreakerConfig.Builder b = CircuitBreakerConfig.custom()
        .failureRateThreshold(threshold)
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(50)
        .minimumNumberOfCalls(20)
        .waitDurationInOpenState(waitInOpenState)
        .permittedNumberOfCallsInHalfOpenState(1)
        .ignoreExceptions(LoadShedException.class);
    if (slo.sli() instanceof LatencySli latency) {
      b.slowCallDurationThreshold(latency.threshold()).slowCallRateThreshold(threshold);
    }
    return b.build();
  }

  /**
   * The registry's breaker named {@code name}, configured from {@code slo} when it is created, with its state changes
   * logged (INFO on the slf4j logger {@code dev.slo4j.resilience}) and observable through its event publisher.
   */
  public static CircuitBreaker of(CircuitBreakerRegistry registry, String name, Slo slo) {
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
