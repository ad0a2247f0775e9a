package dev.slo4j.resilience;

import dev.slo4j.Ticker;
import java.time.Duration;
import java.util.Objects;

/**
 * Retries earned by successes: each successful attempt earns {@code ratio} of a retry, so a dependency that answers
 * gets its transient errors retried while a dependency that answers nothing gets only the minimum, never {@code
 * maxAttempts} times the load: the difference between a partial outage and a retry storm that makes it total. In the
 * spirit of gRPC's retry throttling (tokens earned by successes) and Finagle's {@code RetryBudget}; resilience4j has
 * no such thing.
 *
 * <p>Over a sliding window (10 buckets), a retry is allowed while {@code retries + 1 <= ratio × successes +
 * minPerSecond × window seconds}, where successes are successful attempts ({@link #onSuccess()}, called by {@link
 * ResiliencePolicy} for every attempt that answers and is not retried). The minimum lets a low-traffic client still
 * retry its rare failures. When the budget is spent the call fails at once with its original error.
 *
 * <p>Why successes and not requests (issue 15): a budget that is a share of requests must choose between hiding
 * transient errors and capping an outage. With 3 attempts, errors at a rate {@code e} need {@code e + e²} retries a
 * call (0.24 at 20%), so a share-of-requests budget of 24% lets a full outage cost 1.24× the load, and one of 10%
 * answers only ~87% of calls at 20% errors. Earned by successes, 20% errors earn {@code ratio × 0.99} a call, while a
 * full outage earns nothing: 1× the load plus the minimum. What is earned before an outage stays spendable until it
 * leaves the window, so an outage's first window can cost up to {@code ratio} more.
 *
 * <p>Lock-free; thread-safe; time from a {@link Ticker} so tests need not sleep.
 */
public final class RetryBudget {

  private static final int BUCKETS = 10;

  private final double ratio;
  private final double minRetries;
  private final Ticker ticker;
  /** Successful attempts and retries. */
  private final SlidingCounts counts;

  private RetryBudget(double ratio, double minPerSecond, Duration window, Ticker ticker) {
    this.ratio = ratio;
    this.minRetries = minPerSecond * window.toNanos() / 1e9;
    this.ticker = ticker;
    this.counts = new SlidingCounts(BUCKETS, window, ticker);
  }

  /** The default ratio: 0.3 retries earned by each successful attempt (see {@link #ofDefaults()}). */
  public static final double DEFAULT_RATIO = 0.3;

  /** The default minimum: 1 retry a second whatever the traffic. */
  public static final double DEFAULT_MIN_PER_SECOND = 1.0;

  /**
   * 0.3 retries per successful attempt, at least 1 retry a second, over 10 seconds. 0.3 is the smallest round ratio
   * that hides 20% transient errors with 3 attempts: they need {@code (e + e²) / (1 − e³)} = 0.24 retries per success,
   * and 0.3 leaves room for a window's sampling noise (it covers up to about 24% errors). Above that the budget binds,
   * and a partly failing dependency gets at most 1.3× its load; a full outage earns nothing, so 1× plus the minimum.
   */
  public static RetryBudget ofDefaults() {
    return of(DEFAULT_RATIO, DEFAULT_MIN_PER_SECOND, Duration.ofSeconds(10), Ticker.system());
  }

  /**
   * A retry budget.
   *
   * @param ratio retries earned by each successful attempt, e.g. 0.3
   * @param minPerSecond retries allowed per second whatever the traffic, e.g. 1
   * @param window how far back successes and retries are counted, e.g. 10s
   * @throws IllegalArgumentException naming the bad value
   */
  public static RetryBudget of(double ratio, double minPerSecond, Duration window, Ticker ticker) {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(ticker, "ticker");
    if (!(ratio >= 0 && ratio <= 1)) {
      throw new IllegalArgumentException("retry budget ratio must be between 0 and 1, was " + ratio
          + "; e.g. 0.3 earns 3 retries for every 10 successful attempts");
    }
    if (!(minPerSecond >= 0)) {
      throw new IllegalArgumentException("retry budget minPerSecond must be 0 or more, was " + minPerSecond);
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("retry budget window must be positive, was " + window + "; e.g. 10s");
    }
    return new RetryBudget(ratio, minPerSecond, window, ticker);
  }

  /**
   * Did nothing since the budget is earned by successes ({@link #onSuccess()}); kept so that callers compile.
   *
   * @deprecated requests no longer earn retries: call {@link #onSuccess()} for each successful attempt instead.
   */
  @Deprecated
  public void onRequest() {
    // requests earn nothing: see onSuccess()
  }

  /** Counts a successful attempt, which earns {@code ratio} of a retry for the window. */
  public void onSuccess() {
    counts.add(1, 0);
  }

  /** Takes one retry from the budget if there is one left; false means: do not retry, fail with the original error. */
  public boolean tryRetry() {
    long now = ticker.read();
    long[] sums = counts.sums(now);
    if (sums[1] + 1 > ratio * sums[0] + minRetries) {
      return false;
    }
    counts.add(0, 1);
    return true;
  }

  /** The retries the budget would allow now on top of those already made (for tests, metrics and the docs). */
  public double available() {
    long[] sums = counts.sums(ticker.read());
    return ratio * sums[0] + minRetries - sums[1];
  }

  @Override
  public String toString() {
    return "RetryBudget[" + ratio + " per success + " + minRetries + " per window]";
  }
}
