package dev.slo4j.budget;

import dev.slo4j.budget.Objective;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The error budget of an SLO and the arithmetic over it: how much failure the objective allows, how much of it is
 * spent, how fast it burns and when it runs out. One implementation of this math, used by the command line, the
 * in-process budget view and the docs, so that "2% of the budget" means the same everywhere.
 *
 * <p>Edge cases are defined rather than left to floating point: with no traffic nothing is spent and the burn rate is
 * 0 (no division by zero, no false alarm); a budget is "consumed" as a share of the bad events the traffic so far
 * allows, so it can exceed 1 when the SLO is missed, and "remaining" then goes negative, as in the Workbook.
 *
 * <p>Immutable and thread-safe.
 */
public final class ErrorBudget {

  private final Objective objective;
  private final Duration window;
  private final double allowedErrorRatio;

  private ErrorBudget(Objective objective, Duration window) {
    this.objective = objective;
    this.window = window;
    this.allowedErrorRatio = objective.allowedErrorRatio().doubleValue();
  }

  /** The budget of {@code objective} over a rolling {@code window}. */
  public static ErrorBudget of(Objective objective, Duration window) {
    Objects.requireNonNull(objective, "objective");
    Objects.requireNonNull(window, "window");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window " + window + " must be positive, e.g. 30d");
    }
    return new ErrorBudget(objective, window);
  }

  public Objective objective() {
    return objective;
  }

  public Duration window() {
    return window;
  }

  /** The share of events allowed to be bad, exactly: {@code 0.001} for 99.9%. */
  public BigDecimal allowedErrorRatio() {
    return objective.allowedErrorRatio();
  }

  /** How long a full outage may last within the window: 43m12s for 99.9% over 30 days. Rounded to the millisecond. */
  public Duration allowedFullOutage() {
    BigDecimal ms = BigDecimal.valueOf(window.toMillis()).multiply(allowedErrorRatio());
    return Duration.ofMillis(ms.setScale(0, RoundingMode.HALF_UP).longValueExact());
  }

  /** How many of {@code totalEvents} may be bad: 43,200 of 43.2 million for 99.9%. Rounded down. */
  public long allowedBadEvents(long totalEvents) {
    if (totalEvents < 0) {
      throw new IllegalArgumentException("totalEvents " + totalEvents + " must not be negative");
    }
    return BigDecimal.valueOf(totalEvents).multiply(allowedErrorRatio()).setScale(0, RoundingMode.FLOOR).longValueExact();
  }

  /** The bad share of events; 0 when there were none. */
  public static double errorRatio(long badEvents, long totalEvents) {
    checkCounts(badEvents, totalEvents);
    return totalEvents == 0 ? 0.0 : (double) badEvents / totalEvents;
  }

  /**
   * How many times faster than sustainable the budget burns at these counts: 1 spends exactly the budget over the
   * window, 14.4 spends 2% of a 30-day budget in an hour. 0 when there was no traffic.
   */
  public double burnRate(long badEvents, long totalEvents) {
    return errorRatio(badEvents, totalEvents) / allowedErrorRatio;
  }

  /**
   * The share of the budget spent by these counts over the SLO window: bad events divided by the bad events the same
   * traffic allows. 0 with no traffic; above 1 when the objective is missed.
   */
  public double consumed(long badEvents, long totalEvents) {
    return burnRate(badEvents, totalEvents);
  }

  /** {@code 1 - consumed}: 1 with no traffic, negative when the objective is missed. */
  public double remaining(long badEvents, long totalEvents) {
    return 1.0 - consumed(badEvents, totalEvents);
  }

  /**
   * How long until the budget is gone if it keeps burning at {@code burnRate}: {@code remaining * window / burnRate}.
   * Empty when it never runs out (burn rate 0 or less); zero when it is already gone.
   */
  public Optional<Duration> timeToExhaustion(double remaining, double burnRate) {
    if (Double.isNaN(remaining) || Double.isNaN(burnRate)) {
      throw new IllegalArgumentException("remaining " + remaining + " and burnRate " + burnRate + " must be numbers");
    }
    if (remaining <= 0) {
      return Optional.of(Duration.ZERO);
    }
    if (burnRate <= 0) {
      return Optional.empty();
    }
    BigDecimal ms = BigDecimal.valueOf(window.toMillis())
        .multiply(BigDecimal.valueOf(remaining))
        .divide(BigDecimal.valueOf(burnRate), MathContext.DECIMAL64);
    return Optional.of(Duration.ofMillis(ms.setScale(0, RoundingMode.HALF_UP).longValue()));
  }

  private static void checkCounts(long bad, long total) {
    if (bad < 0 || total < 0 || bad > total) {
      throw new IllegalArgumentException(
          "counts bad=" + bad + ", total=" + total + " are impossible; need 0 <= bad <= total");
    }
  }

  @Override
  public String toString() {
    return "ErrorBudget{" + objective + " over " + window + "}";
  }
}
