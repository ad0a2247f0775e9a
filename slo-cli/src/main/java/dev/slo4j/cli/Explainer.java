package dev.slo4j.cli;

import dev.slo4j.Slo;
import dev.slo4j.budget.ErrorBudget;
import dev.slo4j.budget.ScaledTier;
import dev.slo4j.internal.Decimals;
import dev.slo4j.internal.Durations;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;

/**
 * Puts an SLO's error budget and alert policy in plain terms, because "99.9%" means little until it reads "43 minutes
 * of outage a month". Separate from the command so the wording is tested on its own.
 */
final class Explainer {

  private final long eventsPerMinute;

  Explainer(long eventsPerMinute) {
    if (eventsPerMinute <= 0) {
      throw new IllegalArgumentException("--events-per-minute must be positive, got " + eventsPerMinute);
    }
    this.eventsPerMinute = eventsPerMinute;
  }

  String explain(Slo slo) {
    ErrorBudget budget = slo.errorBudget();
    BigDecimal ratio = slo.objective().errorBudgetRatio();
    long total = eventsPerMinute * slo.window().toMinutes();
    StringBuilder out = new StringBuilder();
    out.append(slo.service()).append('/').append(slo.name()).append('\n');
    if (!slo.description().isEmpty()) {
      out.append("  ").append(slo.description()).append('\n');
    }
    out.append("  promise:    ").append(slo.describe()).append('\n');
    out.append("  objective:  ").append(slo.objective()).append(" over a rolling ")
        .append(Durations.format(slo.window())).append('\n');
    out.append("  sli:        ").append(slo.sli().kind())
        .append(slo.sli().events().isPresent() ? " (from existing metrics)" : " (recorded by slo4j)").append('\n');
    out.append("  budget:     ").append(Durations.format(budget.allowedFullOutage())).append(" of full outage, or 1 bad ")
        .append("event in ").append(oneIn(ratio)).append(" (").append(count(budget.allowedBadEvents(total)))
        .append(" bad of ").append(count(total)).append(" events at ").append(count(eventsPerMinute))
        .append(" events/min)\n");
    out.append("  alerts:\n");
    for (ScaledTier t : slo.alertPolicy().tiersFor(slo.window())) {
      boolean enabled = t.severity().label().equals("page") ? slo.alerting().page() : slo.alerting().ticket();
      out.append(String.format(Locale.ROOT, "    %-6s %6sx over %-7s and %-6s  %5s of the budget",
          t.severity().label(), Decimals.plain(t.burnRate()), Durations.format(t.longWindow()),
          Durations.format(t.shortWindow()), Decimals.percent(t.budgetConsumed())));
      if (!enabled) {
        out.append("  (switched off)");
      } else if (!t.canFire(ratio)) {
        out.append("  NEVER FIRES: needs ").append(Decimals.percent(t.errorRatioThreshold(ratio))).append(" errors");
      } else {
        BigDecimal seconds = BigDecimal.valueOf(t.longWindow().toSeconds()).multiply(t.errorRatioThreshold(ratio));
        out.append("  a full outage trips it after ~")
            .append(Durations.format(Duration.ofSeconds(Math.max(1, seconds.setScale(0, RoundingMode.CEILING)
                .longValueExact()))));
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** {@code 1,000} for 0.001; one decimal when not whole (1 in 66.7 for 1.5%). */
  static String oneIn(BigDecimal ratio) {
    BigDecimal n = BigDecimal.ONE.divide(ratio, MathContext.DECIMAL64);
    BigDecimal rounded = n.setScale(1, RoundingMode.HALF_UP).stripTrailingZeros();
    return rounded.scale() <= 0 ? count(rounded.longValue()) : rounded.toPlainString();
  }

  /** {@code 43,200}, and {@code 43.2 M} from ten million up. */
  static String count(long n) {
    if (n >= 10_000_000) {
      BigDecimal m = BigDecimal.valueOf(n).divide(BigDecimal.valueOf(1_000_000), 1, RoundingMode.HALF_UP);
      return m.stripTrailingZeros().toPlainString() + " M";
    }
    return String.format(Locale.ROOT, "%,d", n);
  }
}
