package dev.slo4j.cli;

import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.budget.AlertPolicy;
import dev.slo4j.budget.ErrorBudget;
import dev.slo4j.budget.ScaledTier;
import dev.slo4j.budget.Severity;
import dev.slo4j.format.Decimals;
import dev.slo4j.format.Durations;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Puts an SLO's error budget and alert policy in plain terms, because "99.9%" means little until it reads "43 minutes
 * of outage a month" and "14.4x" means little until it reads "a full outage pages after about a minute". Kept apart
 * from the command so that the wording and every number are tested on SLOs built in code, without files or picocli.
 *
 * <p>The output depends only on the SLO and the assumed traffic: no clock, no locale (numbers use {@code ,} for
 * thousands everywhere), so it can be diffed and quoted in reviews.
 */
final class Explainer {

  /** The largest traffic for which a 366-day window's event count still fits in a long, with a wide margin. */
  static final long MAX_EVENTS_PER_MINUTE = 1_000_000_000_000L;

  private final long eventsPerMinute;

  Explainer(long eventsPerMinute) {
    if (eventsPerMinute <= 0 || eventsPerMinute > MAX_EVENTS_PER_MINUTE) {
      throw new IllegalArgumentException("--events-per-minute must be between 1 and "
          + String.format(Locale.ROOT, "%,d", MAX_EVENTS_PER_MINUTE)
          + ", got " + eventsPerMinute);
    }
    this.eventsPerMinute = eventsPerMinute;
  }

  /** The SLO's block: a heading line, then indented lines, ending with a newline. */
  String explain(ServiceLevelObjective slo) {
    StringBuilder out = new StringBuilder();
    out.append(slo.service()).append('/').append(slo.name()).append('\n');
    if (!slo.description().isEmpty()) {
      out.append("  ").append(slo.description()).append('\n');
    }
    line(out, "promise", slo.describe());
    line(out, "objective", slo.objective() + " of events good, over a rolling " + Durations.format(slo.window()));
    line(out, "sli", slo.sli().kind()
        + (slo.sli().events().isPresent() ? ", from the service's existing metrics" : ", recorded by slo4j"));
    line(out, "budget", budget(slo));
    alerts(out, slo);
    return out.toString();
  }

  /**
   * {@code 99.9% over 30d: 43m12s of full outage, or 1 bad event in 1,000 (43,200 bad of 43.2 M events at 1,000
   * events/min)}.
   */
  String budget(ServiceLevelObjective slo) {
    ErrorBudget budget = slo.errorBudget();
    long total = Math.multiplyExact(eventsPerMinute, slo.window().toMinutes());
    return slo.objective() + " over " + Durations.format(slo.window()) + ": "
        + Durations.format(budget.allowedFullOutage()) + " of full outage, or 1 bad event in "
        + oneIn(budget.allowedErrorRatio()) + " (" + count(budget.allowedBadEvents(total)) + " bad of " + count(total)
        + " events at " + count(eventsPerMinute) + " events/min)";
  }

  private static void alerts(StringBuilder out, ServiceLevelObjective slo) {
    AlertPolicy policy = slo.alertPolicy();
    BigDecimal ratio = slo.objective().allowedErrorRatio();
    List<ScaledTier> tiers = policy.tiersFor(slo.window());
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"severity", "burn rate", "long window", "short window", "budget spent", "full outage fires it"});
    List<String> warnings = new ArrayList<>();
    for (ScaledTier t : tiers) {
      boolean enabled = t.severity() == Severity.PAGE ? slo.alerting().page() : slo.alerting().ticket();
      String fires;
      if (!enabled) {
        fires = "switched off";
      } else if (!t.canFire(ratio)) {
        fires = "NEVER";
        warnings.add("warning: the " + t.severity().label() + " tier at " + burnRate(t.burnRate()) + "x can never"
            + " fire: it needs " + Decimals.percent(t.errorRatioThreshold(ratio)) + " of events bad ("
            + burnRate(t.burnRate()) + " x the " + Decimals.percent(ratio) + " budget); drop it or give the"
            + " spec a policy with a lower burn rate (docs/spec.md)");
      } else {
        fires = "after ~" + Durations.format(timeToFire(t, ratio));
      }
      rows.add(new String[] {t.severity().label(), burnRate(t.burnRate()) + "x", Durations.format(t.longWindow()),
          Durations.format(t.shortWindow()), Decimals.percent(t.budgetConsumed()), fires});
    }
    out.append("  alerts:     ").append(tiers.size()).append(tiers.size() == 1 ? " tier" : " tiers")
        .append(" for a ").append(Durations.format(slo.window())).append(" window (policy stated for ")
        .append(Durations.format(policy.referenceWindow())).append(", windows scaled, burn rates kept)\n");
    table(out, rows, "    ", new boolean[] {false, true, false, false, true, false});
    if (policy.requireOngoingBurn() && slo.alerting().page()) {
      out.append("    pages also need the last ").append(Durations.format(policy.shortestWindow(slo.window())))
          .append(" to burn, or the burn to come back within their short window,\n")
          .append("    so they reset within minutes of recovery and hold through recurring bursts\n");
    }
    warnings.forEach(w -> out.append("    ").append(w).append('\n'));
  }

  /**
   * How long after a full outage starts the tier fires, at steady traffic: the long window's error ratio grows as
   * elapsed / longWindow and must reach {@code burnRate * budgetRatio}; the short windows get there sooner. Rounded up
   * to the second. Rule evaluation and scrape intervals add up to a minute or so in Prometheus, hence "~".
   */
  static Duration timeToFire(ScaledTier tier, BigDecimal budgetRatio) {
    BigDecimal seconds = BigDecimal.valueOf(tier.longWindow().toMillis())
        .multiply(tier.errorRatioThreshold(budgetRatio))
        .divide(BigDecimal.valueOf(1000), 0, RoundingMode.CEILING);
    return Duration.ofSeconds(Math.max(1, seconds.longValueExact()));
  }

  /** At most two decimals, for reading: 14.4, 6, 1.07 (a 25%-in-7d tier's 1.0714285...). */
  static String burnRate(BigDecimal burnRate) {
    return Decimals.plain(burnRate.setScale(Math.min(2, Math.max(0, burnRate.scale())), RoundingMode.HALF_UP));
  }

  private static void line(StringBuilder out, String label, String value) {
    out.append(String.format(Locale.ROOT, "  %-11s %s", label + ":", value)).append('\n');
  }

  /** Columns as wide as their widest cell, two spaces apart; right-aligned where {@code right} says so. */
  private static void table(StringBuilder out, List<String[]> rows, String indent, boolean[] right) {
    int[] width = new int[right.length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder(indent);
      for (int i = 0; i < row.length; i++) {
        String pad = " ".repeat(width[i] - row[i].length());
        line.append(i == 0 ? "" : "  ").append(right[i] ? pad + row[i] : row[i] + pad);
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
  }

  /** {@code 1,000} for 0.001; one decimal when not whole ({@code 66.7} for 1.5%). */
  static String oneIn(BigDecimal ratio) {
    BigDecimal n = BigDecimal.ONE.divide(ratio, MathContext.DECIMAL64);
    BigDecimal rounded = n.setScale(1, RoundingMode.HALF_UP).stripTrailingZeros();
    return rounded.scale() <= 0 ? count(rounded.longValue()) : rounded.toPlainString();
  }

  /** {@code 43,200}; from ten million up in millions with one decimal, {@code 43.2 M}. */
  static String count(long n) {
    if (n >= 10_000_000) {
      BigDecimal m = BigDecimal.valueOf(n).divide(BigDecimal.valueOf(1_000_000), 1, RoundingMode.HALF_UP);
      return String.format(Locale.ROOT, m.stripTrailingZeros().scale() <= 0 ? "%,.0f" : "%,.1f", m) + " M";
    }
    return String.format(Locale.ROOT, "%,d", n);
  }
}
