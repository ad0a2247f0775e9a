package dev.slo4j.resilience;

import dev.slo4j.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Caps retries at a share of recent requests, so a failing dependency gets at most {@code ratio} more load instead of
 * {@code maxAttempts} times the load: the difference between a partial outage and a retry storm that makes it total.
 * In the spirit of Finagle's {@code RetryBudget}, gRPC's retry throttling and the Google SRE book's per-client retry
 * budget; resilience4j has no such thing.
 *
 * <p>Over a sliding window (10 buckets), a retry is allowed while {@code retries < ratio × requests + minPerSecond ×
 * window seconds}: the minimum lets a low-traffic client still retry its rare failures. When the budget is spent the
 * call fails at once with its original error. Lock-free; thread-safe; time from a {@link Ticker} so tests need not
 * sleep.
 */
public final class RetryBudget {

  private static final int BUCKETS = 10;

  private final double ratio;
  private final double minRetries;
  private final long bucketNanos;
  private final Ticker ticker;
  // Per bucket: [epoch, requests, retries]
  private final AtomicLongArray buckets = new AtomicLongArray(BUCKETS * 3);

  private RetryBudget(double ratio, double minPerSecond, Duration window, Ticker ticker) {
    this.ratio = ratio;
    this.minRetries = minPerSecond * window.toNanos() / 1e9;
    this.bucketNanos = Math.max(1, window.toNanos() / BUCKETS);
    this.ticker = ticker;
    for (int i = 0; i < BUCKETS; i++) {
      buckets.set(i * 3, Long.MIN_VALUE);
    }
  }

  /** 10% of recent requests, at least 1 retry a second, over 10 seconds: the Finagle defaults (20%) halved. */
  public static RetryBudget ofDefaults() {
    return of(0.1, 1.0, Duration.ofSeconds(10), Ticker.system());
  }

  /**
   * A retry budget.
   *
   * @param ratio retries allowed per request, e.g. 0.1 for 10%
   * @param minPerSecond retries allowed per second whatever the traffic, e.g. 1
   * @param window how far back requests and retries are counted, e.g. 10s
   * @throws IllegalArgumentException naming the bad value
   */
  public static RetryBudget of(double ratio, double minPerSecond, Duration window, Ticker ticker) {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(ticker, "ticker");
    if (!(ratio >= 0 && ratio <= 1)) {
      throw new IllegalArgumentException("retry budget ratio must be between 0 and 1, was " + ratio
          + "; e.g. 0.1 allows retries of 10% of requests");
    }
    if (!(minPerSecond >= 0)) {
      throw new IllegalArgumentException("retry budget minPerSecond must be 0 or more, was " + minPerSecond);
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("retry budget window must be positive, was " + window + "; e.g. 10s");
    }
    return new RetryBudget(ratio, minPerSecond, window, ticker);
  }

  /** Counts a call (its first attempt). */
  public void onRequest() {
    add(1, 0);
  }

  /** Takes one retry from the budget if there is one left; false means: do not retry, fail with the original error. */
  public boolean tryRetry() {
    long now = ticker.read();
    long[] sums = sums(now);
    if (sums[1] + 1 > ratio * sums[0] + minRetries) {
      return false;
    }
    add(0, 1);
    return true;
  }

  /** The retries the budget would allow now on top of those already made (for tests, metrics and the docs). */
  public double available() {
    long[] sums = sums(ticker.read());
    return ratio * sums[0] + minRetries - sums[1];
  }

  private void add(long requests, long retries) {
    long epoch = Math.floorDiv(ticker.read(), bucketNanos);
    int i = (int) Math.floorMod(epoch, (long) BUCKETS) * 3;
    long seen = buckets.get(i);
    if (seen != epoch) {
      if (buckets.compareAndSet(i, seen, epoch)) {
        buckets.set(i + 1, 0);
        buckets.set(i + 2, 0);
      }
    }
    if (requests != 0) {
      buckets.addAndGet(i + 1, requests);
    }
    if (retries != 0) {
      buckets.addAndGet(i + 2, retries);
    }
  }

  private long[] sums(long now) {
    long epoch = Math.floorDiv(now, bucketNanos);
    long requests = 0;
    long retries = 0;
    for (int b = 0; b < BUCKETS; b++) {
      long e = buckets.get(b * 3);
      if (e > epoch - BUCKETS && e <= epoch) {
        requests += buckets.get(b * 3 + 1);
        retries += buckets.get(b * 3 + 2);
      }
    }
    return new long[] {requests, retries};
  }

  @Override
  public String toString() {
    return "RetryBudget[" + ratio + " of requests + " + minRetries + " per window]";
  }
}
