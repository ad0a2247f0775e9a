package dev.slo4j.resilience;

import dev.slo4j.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Two counts over a sliding window of buckets (each bucket its epoch and the two counts), lock-free: what the retry
 * budget (successes, retries) and the adaptive throttle (requests, accepts) keep. A bucket is reset by the first writer
 * of a new epoch; a read sums the buckets whose epoch is inside the window. Thread-safe.
 */
final class SlidingCounts {

  private final int buckets;
  private final long bucketNanos;
  private final Ticker ticker;
  // Per bucket: [epoch, first, second]
  private final AtomicLongArray cells;

  SlidingCounts(int buckets, Duration window, Ticker ticker) {
    this.buckets = buckets;
    this.bucketNanos = Math.max(1, window.toNanos() / buckets);
    this.ticker = ticker;
    this.cells = new AtomicLongArray(buckets * 3);
    for (int i = 0; i < buckets; i++) {
      cells.set(i * 3, Long.MIN_VALUE);
    }
  }

  /** Adds to the two counts of the current bucket. */
  void add(long first, long second) {
    long epoch = Math.floorDiv(ticker.read(), bucketNanos);
    int i = (int) Math.floorMod(epoch, (long) buckets) * 3;
    long seen = cells.get(i);
    if (seen != epoch && cells.compareAndSet(i, seen, epoch)) {
      cells.set(i + 1, 0);
      cells.set(i + 2, 0);
    }
    if (first != 0) {
      cells.addAndGet(i + 1, first);
    }
    if (second != 0) {
      cells.addAndGet(i + 2, second);
    }
  }

  /** The two counts over the window that ends at {@code now} (a reading of the ticker). */
  long[] sums(long now) {
    long epoch = Math.floorDiv(now, bucketNanos);
    long first = 0;
    long second = 0;
    for (int b = 0; b < buckets; b++) {
      long e = cells.get(b * 3);
      if (e > epoch - buckets && e <= epoch) {
        first += cells.get(b * 3 + 1);
        second += cells.get(b * 3 + 2);
      }
    }
    return new long[] {first, second};
  }

  /** The window the counts cover. */
  Duration window() {
    return Duration.ofNanos(bucketNanos * buckets);
  }
}
