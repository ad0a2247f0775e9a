package dev.slo4j.test;

import dev.slo4j.Degradation;
import org.assertj.core.api.AbstractAssert;

/** Assertions on what resilience policies reported during a test (see {@link SloAssertions}). */
public final class ResilienceEventsAssert extends AbstractAssert<ResilienceEventsAssert, ResilienceEvents> {

  ResilienceEventsAssert(ResilienceEvents actual) {
    super(actual, ResilienceEventsAssert.class);
  }

  /** At least {@code n} answers degraded this way (fallback, stale or shed). */
  public ResilienceEventsAssert hasDegradedAtLeast(Degradation how, long n) {
    isNotNull();
    if (actual.degraded(how) < n) {
      failWithMessage("expected at least %d degraded answers (%s) but there were %d (%s)", n, how.label(),
          actual.degraded(how), actual);
    }
    return this;
  }

  /** No answer degraded this way. */
  public ResilienceEventsAssert hasNotDegraded(Degradation how) {
    isNotNull();
    if (actual.degraded(how) != 0) {
      failWithMessage("expected no degraded answer (%s) but there were %d (%s)", how.label(), actual.degraded(how),
          actual);
    }
    return this;
  }

  /** At least {@code n} calls were shed while the SLO's budget burned. */
  public ResilienceEventsAssert hasShedAtLeast(long n) {
    return hasDegradedAtLeast(Degradation.SHED, n);
  }

  /** No retry was refused by the retry budget. */
  public ResilienceEventsAssert hasNotExhaustedTheRetryBudget() {
    isNotNull();
    if (actual.retryBudgetExhausted() != 0) {
      failWithMessage("expected the retry budget never to refuse a retry but it refused %d (%s)",
          actual.retryBudgetExhausted(), actual);
    }
    return this;
  }
}
