package dev.slo4j.budget;

import java.util.Objects;

/**
 * The increase of a monotonic counter over a series of samples, treating any drop as a restart from zero, as
 * Prometheus's {@code increase()} does. Budget math over scraped counters must survive a process restart, or a deploy
 * would look like negative errors and refill the budget.
 */
final class CounterIncrease {

  private CounterIncrease() {}

  /**
   * The total increase over consecutive samples of one counter, oldest first. A sample lower than its predecessor is a
   * reset: the counter restarted at zero and counted up to that sample.
   *
   * @throws IllegalArgumentException for a negative or non-finite sample
   */
  public static double of(double... samples) {
    Objects.requireNonNull(samples, "samples");
    double increase = 0;
    for (int i = 0; i < samples.length; i++) {
      double s = samples[i];
      if (!Double.isFinite(s) || s < 0) {
        throw new IllegalArgumentException("sample " + i + " is " + s + "; a counter is finite and never negative");
      }
      if (i > 0) {
        double prev = samples[i - 1];
        increase += s >= prev ? s - prev : s;
      }
    }
    return increase;
  }
}
