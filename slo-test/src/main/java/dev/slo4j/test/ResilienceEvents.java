package dev.slo4j.test;

import dev.slo4j.Degradation;
import dev.slo4j.ResilienceListener;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link ResilienceListener} that counts what resilience policies reported during a test: degraded answers by kind
 * (fallback, stale, shed), retries refused by the retry budget and by the deadline. Give it to a policy
 * ({@code .listener(events)}) and assert on it with {@link SloAssertions}.
 *
 * <p>Thread-safe.
 */
public final class ResilienceEvents implements ResilienceListener {

  private final Map<Degradation, AtomicLong> degraded = new EnumMap<>(Degradation.class);
  private final AtomicLong budgetExhausted = new AtomicLong();
  private final AtomicLong deadlineExceeded = new AtomicLong();

  private ResilienceEvents() {
    for (Degradation d : Degradation.values()) {
      degraded.put(d, new AtomicLong());
    }
  }

  /** A listener with every count at zero. */
  public static ResilienceEvents create() {
    return new ResilienceEvents();
  }

  @Override
  public void onDegraded(String policy, Degradation how, Throwable cause) {
    degraded.get(how).incrementAndGet();
  }

  @Override
  public void onRetryBudgetExhausted(String policy, Throwable cause) {
    budgetExhausted.incrementAndGet();
  }

  @Override
  public void onDeadlineExceeded(String policy, Throwable cause) {
    deadlineExceeded.incrementAndGet();
  }

  /** Degraded answers of this kind. */
  public long degraded(Degradation how) {
    return degraded.get(how).get();
  }

  /** Calls shed because the SLO's budget burned and the work was not critical enough. */
  public long shed() {
    return degraded(Degradation.SHED);
  }

  /** Retries refused because the retry budget was spent. */
  public long retryBudgetExhausted() {
    return budgetExhausted.get();
  }

  /** Retries refused because they could not finish before the deadline. */
  public long deadlineExceeded() {
    return deadlineExceeded.get();
  }

  @Override
  public String toString() {
    return "fallback " + degraded(Degradation.FALLBACK) + ", stale " + degraded(Degradation.STALE) + ", shed "
        + shed() + ", retries refused by the budget " + retryBudgetExhausted() + ", by the deadline "
        + deadlineExceeded();
  }
}
