package dev.slo4j.test;

import dev.slo4j.ServiceLevelObjective;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Every event one SLO recorded during a test, each with its time on the test's clock: exact counts and ratios over
 * any window, where the service's own rolling budget is approximate at slot edges. What {@link SloAssertions} checks.
 *
 * <p>Thread-safe; readers see the events recorded so far.
 */
public final class SloHistory {

  private final ServiceLevelObjective slo;
  private final TestClock clock;
  private long[] times = new long[64];
  private boolean[] goods = new boolean[64];
  private int size;
  private final Map<String, Long> badReasons = new LinkedHashMap<>();

  SloHistory(ServiceLevelObjective slo, TestClock clock) {
    this.slo = slo;
    this.clock = clock;
  }

  /** The SLO these events were judged by. */
  public ServiceLevelObjective slo() {
    return slo;
  }

  synchronized void add(boolean good, String reason) {
    if (size == times.length) {
      if (size >= 50_000_000) {
        throw new IllegalStateException("SLO '" + slo.name() + "' recorded 50,000,000 events in one test; a test that"
            + " needs more should assert on fewer, longer steps");
      }
      times = Arrays.copyOf(times, size * 2);
      goods = Arrays.copyOf(goods, size * 2);
    }
    times[size] = clock.read();
    goods[size] = good;
    size++;
    if (!good) {
      badReasons.merge(reason == null ? "(none)" : reason, 1L, Long::sum);
    }
  }

  /** Good events so far. */
  public synchronized long good() {
    return size - bad();
  }

  /** Bad events so far. */
  public synchronized long bad() {
    long bad = 0;
    for (int i = 0; i < size; i++) {
      if (!goods[i]) {
        bad++;
      }
    }
    return bad;
  }

  /** All events so far. */
  public synchronized long total() {
    return size;
  }

  /** Bad events by reason (the exception's class, {@code over_threshold}, ...), in the order first seen. */
  public synchronized Map<String, Long> badByReason() {
    return Map.copyOf(badReasons);
  }

  /** {good, bad} of the events in {@code (now - window, now]}. */
  synchronized long[] counts(Duration window) {
    long now = clock.read();
    long from = now - window.toNanos();
    long good = 0;
    long bad = 0;
    for (int i = size - 1; i >= 0 && times[i] > from; i--) {
      if (goods[i]) {
        good++;
      } else {
        bad++;
      }
    }
    return new long[] {good, bad};
  }

  /** The error ratio over the last {@code window} of the test's clock; 0 with no events. */
  public double errorRatio(Duration window) {
    long[] c = counts(window);
    return c[0] + c[1] == 0 ? 0 : (double) c[1] / (c[0] + c[1]);
  }

  /** The share of the SLO window's budget left: 1 with nothing spent, negative when overspent. */
  public double budgetRemaining() {
    return 1 - errorRatio(slo.window()) / allowedErrorRatio();
  }

  double allowedErrorRatio() {
    return slo.errorBudget().allowedErrorRatio().doubleValue();
  }

  /**
   * The highest burn rate over any {@code window} that ended at an event during the test (a sliding window over the
   * events), with where it happened; {@code null} with no events.
   */
  synchronized Burn maxBurn(Duration window) {
    Objects.requireNonNull(window, "window");
    long w = window.toNanos();
    double allowed = allowedErrorRatio();
    Burn max = null;
    int start = 0;
    long bad = 0;
    for (int end = 0; end < size; end++) {
      if (!goods[end]) {
        bad++;
      }
      while (times[end] - times[start] >= w) {
        if (!goods[start]) {
          bad--;
        }
        start++;
      }
      long total = end - start + 1;
      double rate = ((double) bad / total) / allowed;
      if (max == null || rate > max.rate()) {
        max = new Burn(rate, Duration.ofNanos(times[end]), bad, total);
      }
    }
    return max;
  }

  /** A burn rate over a window ending {@code at} (test time), from {@code bad} of {@code total} events. */
  record Burn(double rate, Duration at, long bad, long total) {}

  /** One line for reports: counts, error ratio, budget left. */
  public String summary() {
    long total = total();
    long bad = bad();
    return String.format(java.util.Locale.ROOT,
        "SLO '%s' of '%s' (%s): %d events, %d bad (%.4f%%), budget left %.1f%%%s",
        slo.name(), slo.service(), slo.describe(), total, bad, total == 0 ? 0.0 : 100.0 * bad / total,
        budgetRemaining() * 100, badByReason().isEmpty() ? "" : "; bad by reason "
            + badByReason());
  }

  @Override
  public String toString() {
    return summary();
  }
}
