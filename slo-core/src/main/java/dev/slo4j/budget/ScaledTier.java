package dev.slo4j.budget;

import dev.slo4j.format.Decimals;
import dev.slo4j.format.Durations;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * A policy tier made concrete for one SLO window: the windows the rules evaluate and the burn rate they compare with.
 * This is what a rule generator and the in-process burn view consume. Immutable and thread-safe.
 *
 * @param severity page or ticket
 * @param budgetConsumed the share of the budget spent when the long window reaches the burn rate
 * @param burnRate how many times faster than sustainable the budget must burn, e.g. 14.4
 * @param longWindow the scaled long window
 * @param shortWindow the scaled short window
 */
public record ScaledTier(
    Severity severity, BigDecimal budgetConsumed, BigDecimal burnRate, Duration longWindow, Duration shortWindow) {

  public ScaledTier {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(budgetConsumed, "budgetConsumed");
    Objects.requireNonNull(burnRate, "burnRate");
    Objects.requireNonNull(longWindow, "longWindow");
    Objects.requireNonNull(shortWindow, "shortWindow");
  }

  /** The error ratio at which this tier fires for an SLO whose error budget ratio is {@code budgetRatio}. */
  public BigDecimal errorRatioThreshold(BigDecimal budgetRatio) {
    return burnRate.multiply(budgetRatio).stripTrailingZeros();
  }

  /**
   * Whether the tier can fire at all: a 90% SLO cannot burn 14.4 times too fast, since that needs an error ratio of
   * 144%.
   */
  public boolean canFire(BigDecimal budgetRatio) {
    return errorRatioThreshold(budgetRatio).compareTo(BigDecimal.ONE) < 0;
  }

  @Override
  public String toString() {
    return severity.label() + " at " + Decimals.plain(burnRate) + "x over " + Durations.format(longWindow) + " and "
        + Durations.format(shortWindow) + " (" + Decimals.percent(budgetConsumed) + " of the budget)";
  }
}
