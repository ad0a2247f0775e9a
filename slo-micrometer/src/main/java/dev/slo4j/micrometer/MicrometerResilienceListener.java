package dev.slo4j.micrometer;

import dev.slo4j.Degradation;
import dev.slo4j.MetricNames;
import dev.slo4j.ResilienceListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * Counts what resilience policies did instead of answering, so that degradation never hides an outage: a fallback
 * that keeps users happy still shows on a dashboard. {@code slo4j.degraded{policy, degradation}} counts degraded answers
 * ({@code fallback}, {@code stale}, {@code shed}); {@code slo4j.retries.refused{policy, reason}} counts retries the
 * retry budget or the deadline refused. Then it passes each event on (by default to the logging listener).
 * Tags come from the policy's name and fixed sets, never from request data.
 */
public final class MicrometerResilienceListener implements ResilienceListener {

  private final MeterRegistry registry;
  private final ResilienceListener next;

  /** Counts, then logs (the default listener). */
  public MicrometerResilienceListener(MeterRegistry registry) {
    this(registry, ResilienceListener.LOGGING);
  }

  /** Counts, then hands each event to {@code next}. */
  public MicrometerResilienceListener(MeterRegistry registry, ResilienceListener next) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.next = Objects.requireNonNull(next, "next");
  }

  @Override
  public void onDegraded(String policy, Degradation how, Throwable cause) {
    Counter.builder(MetricNames.DEGRADED).tag(MetricNames.TAG_POLICY, policy).tag(MetricNames.TAG_DEGRADATION, how.label())
        .description("Answers a resilience policy gave instead of the real call").register(registry).increment();
    next.onDegraded(policy, how, cause);
  }

  @Override
  public void onRetryBudgetExhausted(String policy, Throwable cause) {
    refused(policy, MetricNames.REASON_RETRY_BUDGET);
    next.onRetryBudgetExhausted(policy, cause);
  }

  @Override
  public void onDeadlineExceeded(String policy, Throwable cause) {
    refused(policy, MetricNames.REASON_DEADLINE);
    next.onDeadlineExceeded(policy, cause);
  }

  private void refused(String policy, String reason) {
    Counter.builder(MetricNames.RETRIES_REFUSED).tag(MetricNames.TAG_POLICY, policy).tag(MetricNames.TAG_REASON, reason)
        .description("Retries a resilience policy refused").register(registry).increment();
  }
}
