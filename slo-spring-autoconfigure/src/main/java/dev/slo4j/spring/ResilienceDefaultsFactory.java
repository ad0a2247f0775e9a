package dev.slo4j.spring;

import dev.slo4j.Problem;
import dev.slo4j.SloValidationException;
import dev.slo4j.format.Durations;
import dev.slo4j.resilience.Backoff;
import dev.slo4j.resilience.ResilienceDefaults;
import dev.slo4j.ResilienceListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Builds {@link ResilienceDefaults} from {@code slo4j.resilience.*}, reporting every bad property at once. */
final class ResilienceDefaultsFactory {

  private static final String P = Slo4jProperties.PREFIX + ".resilience.";

  private ResilienceDefaultsFactory() {}

  static ResilienceDefaults create(Slo4jProperties.Resilience r, ResilienceListener listener) {
    List<Problem> problems = new ArrayList<>();
    ResilienceDefaults.Builder b = ResilienceDefaults.builder().listener(listener);
    try {
      b.maxAttempts(r.getMaxAttempts());
    } catch (IllegalArgumentException e) {
      problems.add(problem("max-attempts", e));
    }
    try {
      Backoff.Jitter jitter = Backoff.Jitter.valueOf(r.getJitter().strip().toUpperCase(Locale.ROOT));
      b.backoff(Backoff.of(jitter, Durations.parse(r.getBackoffBase()), Durations.parse(r.getBackoffCap())));
    } catch (IllegalArgumentException e) {
      problems.add(problem("jitter, backoff-base, backoff-cap", new IllegalArgumentException(
          e.getMessage() + " (jitter is one of full, equal, decorrelated; base and cap like 50ms and 2s)")));
    }
    try {
      b.retryBudget(r.getRetryBudgetRatio(), r.getRetryBudgetMinPerSecond());
    } catch (IllegalArgumentException e) {
      problems.add(problem("retry-budget-ratio, retry-budget-min-per-second", e));
    }
    try {
      b.breakerWait(Durations.parse(r.getBreakerWait()));
    } catch (IllegalArgumentException e) {
      problems.add(problem("breaker-wait", e));
    }
    if (!problems.isEmpty()) {
      throw new SloValidationException(problems);
    }
    return b.build();
  }

  private static Problem problem(String properties, IllegalArgumentException e) {
    return Problem.of("", properties, e.getMessage()).at("property " + P + properties.replace(", ", ", " + P));
  }
}
