package dev.slo4j.budget;

import dev.slo4j.format.Decimals;
import dev.slo4j.format.Durations;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.Objects;

/**
 * One tier of a multi-window, multi-burn-rate alert policy, stated the way the SRE Workbook states it: "alert when
 * {@code budgetConsumed} of the budget is spent within {@code longWindow}", confirmed by a short window that makes the
 * alert reset soon after the burn stops. Windows are given for the policy's reference SLO window (30 days) and scaled
 * for others by {@link AlertPolicy#tiersFor(Duration)}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param severity page or ticket
 * @param budgetConsumed the share of the whole budget that must be spent within the long window, e.g. 0.02
 * @param longWindow the window that proves the burn is significant, e.g. 1h
 * @param shortWindow the window that proves the burn is still going on, e.g. 5m (the Workbook uses 1/12 of the long)
 */
public record BurnRateTier(Severity severity, BigDecimal budgetConsumed, Duration longWindow, Duration shortWindow) {

  public BurnRateTier {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(budgetConsumed, "budgetConsumed");
    Objects.requireNonNull(longWindow, "longWindow");
    Objects.requireNonNull(shortWindow, "shortWindow");
    if (budgetConsumed.signum() <= 0 || budgetConsumed.compareTo(BigDecimal.ONE) > 0) {
      throw new IllegalArgumentException("budgetConsumed " + Decimals.percent(budgetConsumed)
          + " is outside (0%, 100%]; give the share of the budget spent within the long window, e.g. 2%");
    }
    if (longWindow.isNegative() || longWindow.isZero()) {
      throw new IllegalArgumentException("longWindow " + longWindow + " must be positive, e.g. 1h");
    }
    if (shortWindow.isNegative() || shortWindow.isZero() || shortWindow.compareTo(longWindow) >= 0) {
      throw new IllegalArgumentException("shortWindow " + Durations.format(shortWindow)
          + " must be positive and shorter than longWindow " + Durations.format(longWindow)
          + "; the Workbook uses 1/12 of the long window, e.g. 5m for 1h");
    }
  }

  /** The tier with the Workbook's short window of 1/12 of the long one. */
  public static BurnRateTier of(Severity severity, BigDecimal budgetConsumed, Duration longWindow) {
    return new BurnRateTier(severity, budgetConsumed, longWindow, longWindow.dividedBy(12));
  }

  /**
   * The burn rate that spends {@code budgetConsumed} within the long window of an SLO window of {@code sloWindow}:
   * {@code budgetConsumed * sloWindow / longWindow}, e.g. 2% * 30d / 1h = 14.4. Exact, so thresholds print cleanly.
   */
  public BigDecimal burnRate(Duration sloWindow) {
    return budgetConsumed
        .multiply(BigDecimal.valueOf(sloWindow.toMillis()))
        .divide(BigDecimal.valueOf(longWindow.toMillis()), MathContext.DECIMAL64)
        .stripTrailingZeros();
  }

  @Override
  public String toString() {
    return severity.label() + ": " + Decimals.percent(budgetConsumed) + " of budget in " + Durations.format(longWindow)
        + " (short window " + Durations.format(shortWindow) + ")";
  }
}
