package dev.slo4j.resilience;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a policy reports so that degradation never hides an outage: each degraded answer and each retry the retry
 * budget or the deadline refused. slo-micrometer turns these into counters; the default logs them.
 */
public interface ResilienceListener {

  /** A listener that logs degraded answers at WARN (slf4j logger {@code dev.slo4j.resilience}). */
  ResilienceListener LOGGING = new ResilienceListener() {
    private final Logger log = LoggerFactory.getLogger("dev.slo4j.resilience");

    @Override
    public void onDegraded(String policy, Degradation how, Throwable cause) {
      if (log.isWarnEnabled()) {
        log.warn("policy '{}' answered with {} because of {}", policy, how.label(), String.valueOf(cause));
      }
    }
  };

  /** The real call did not answer and {@code how} did instead; {@code cause} is the failure (or the shed reason). */
  default void onDegraded(String policy, Degradation how, Throwable cause) {}

  /** A retry was refused because the retry budget was spent; the call failed with its original error. */
  default void onRetryBudgetExhausted(String policy, Throwable cause) {}

  /** A retry was refused because it could not finish before the caller's deadline. */
  default void onDeadlineExceeded(String policy, Throwable cause) {}
}
