package dev.slo4j;




/**
 * What a policy reports so that degradation never hides an outage: each degraded answer and each retry the retry
 * budget or the deadline refused. slo-micrometer turns these into counters; the default logs them.
 */
public interface ResilienceListener {

  /**
   * A listener that logs degraded answers at WARN (slf4j logger {@code dev.slo4j.resilience}), rate-limited: per policy
   * and degradation kind, the first one with its cause, then at most one line every 10 seconds with the count since
   * the last line ({@code payments: 219 degraded answers (fallback) in the last 10s}), never one line per call.
   */
  ResilienceListener LOGGING = new LoggingResilienceListener();

  /** The real call did not answer and {@code how} did instead; {@code cause} is the failure (or the shed reason). */
  default void onDegraded(String policy, Degradation how, Throwable cause) {}

  /** A retry was refused because the retry budget was spent; the call failed with its original error. */
  default void onRetryBudgetExhausted(String policy, Throwable cause) {}

  /** A retry was refused because it could not finish before the caller's deadline. */
  default void onDeadlineExceeded(String policy, Throwable cause) {}
}
