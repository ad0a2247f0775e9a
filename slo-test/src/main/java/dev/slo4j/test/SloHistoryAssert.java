package dev.slo4j.test;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on one SLO's events during a test (see {@link SloAssertions}). Each failure says what was expected,
 * what happened, and the SLO's summary.
 */
public final class SloHistoryAssert extends AbstractAssert<SloHistoryAssert, SloHistory> {

  SloHistoryAssert(SloHistory actual) {
    super(actual, SloHistoryAssert.class);
  }

  /** Exactly this many good and bad events were recorded. */
  public SloHistoryAssert recorded(long good, long bad) {
    isNotNull();
    if (actual.good() != good || actual.bad() != bad) {
      failWithMessage("expected SLO '%s' to have recorded %d good and %d bad events but it recorded %d good and %d"
          + " bad%n%s", name(), good, bad, actual.good(), actual.bad(), actual.summary());
    }
    return this;
  }

  /**
   * The error ratio is at most {@code maxRatio} (0 to 1) over the window that {@link ErrorRatio#overLast} or
   * {@link ErrorRatio#overTheSloWindow} names.
   */
  public ErrorRatio hasErrorRatioAtMost(double maxRatio) {
    isNotNull();
    Fault.checkRatio("maximum error ratio", maxRatio);
    return new ErrorRatio(maxRatio);
  }

  /** At least this share (0 to 1) of the SLO window's error budget is left. */
  public SloHistoryAssert hasBudgetRemainingAtLeast(double share) {
    isNotNull();
    if (!(share <= 1) || Double.isNaN(share)) {
      throw new IllegalArgumentException("a budget share is at most 1 (all of it), was " + share);
    }
    double left = actual.budgetRemaining();
    if (left < share) {
      failWithMessage("expected SLO '%s' to have at least %s of its error budget left but it has %s%n%s", name(),
          percent(share), percent(left), actual.summary());
    }
    return this;
  }

  /**
   * At no time during the test did the SLO burn its budget faster than {@code rate} times the sustainable pace over
   * its shortest alert window (5 minutes for a 30-day SLO under the workbook policy): a sliding window over the
   * events, not only at the end.
   */
  public SloHistoryAssert wasNotBurningFasterThan(double rate) {
    return wasNotBurningFasterThan(rate, actual.slo().alertPolicy().shortestWindow(actual.slo().window()));
  }

  /** As {@link #wasNotBurningFasterThan(double)}, over sliding windows of {@code window}. */
  public SloHistoryAssert wasNotBurningFasterThan(double rate, Duration window) {
    isNotNull();
    checkWindow(window);
    if (!(rate >= 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException("a burn rate is a finite number >= 0, was " + rate);
    }
    SloHistory.Burn max = actual.maxBurn(window);
    if (max != null && max.rate() > rate) {
      failWithMessage("expected SLO '%s' never to burn its budget faster than %sx over %s but it burned %sx over the"
          + " %s ending at +%s (%d bad of %d events)%n%s", name(), number(rate), Times.relative(window),
          number(max.rate()), Times.relative(window), Times.relative(max.at()), max.bad(), max.total(),
          actual.summary());
    }
    return this;
  }

  /** The second half of {@link #hasErrorRatioAtMost}: over which window. */
  public final class ErrorRatio {
    private final double max;

    private ErrorRatio(double max) {
      this.max = max;
    }

    /** Over the last {@code window} of the test's clock. */
    public SloHistoryAssert overLast(Duration window) {
      checkWindow(window);
      return check(window, "the last " + Times.relative(window));
    }

    /** Over the SLO's own window (30 days, say): the objective itself. */
    public SloHistoryAssert overTheSloWindow() {
      return check(actual.slo().window(), "its " + Times.relative(actual.slo().window()) + " window");
    }

    private SloHistoryAssert check(Duration window, String where) {
      long[] c = actual.counts(window);
      long total = c[0] + c[1];
      double ratio = total == 0 ? 0 : (double) c[1] / total;
      if (ratio > max) {
        failWithMessage("expected SLO '%s' to have an error ratio of at most %s over %s but it was %s (%d bad of %d"
            + " events)%n%s", name(), percent(max), where, percent(ratio), c[1], total, actual.summary());
      }
      return SloHistoryAssert.this;
    }
  }

  private String name() {
    return actual.slo().name();
  }

  private static void checkWindow(Duration window) {
    Objects.requireNonNull(window, "window");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("a window is positive, was " + window);
    }
  }

  static String percent(double share) {
    return java.math.BigDecimal.valueOf(share * 100).round(new java.math.MathContext(4)).stripTrailingZeros()
        .toPlainString() + "%";
  }

  static String number(double x) {
    return String.format(Locale.ROOT, "%.2f", x);
  }
}
