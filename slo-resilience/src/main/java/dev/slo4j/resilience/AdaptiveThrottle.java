package dev.slo4j.resilience;

import dev.slo4j.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Adaptive client-side throttling (Google SRE book, chapter 21, "Handling Overload"): each attempt is rejected locally
 * with probability {@code max(0, (requests − K × accepts) / (requests + 1))}, where requests are the attempts the
 * client made (rejected ones included) and accepts those the dependency answered, over a sliding window (default 2
 * minutes). With K = 2 nothing is rejected while at least half the attempts succeed; beyond that the client sends
 * about {@code K × accepts} and rejects the rest, so a full outage gets a trickle of attempts instead of every one.
 *
 * <p>Opt-in ({@link ResiliencePolicy.Builder#adaptiveThrottling}), not a default: above 50% errors it sends fewer
 * attempts than no policy would, so callers of a partly failing dependency get fewer answers (measured in {@code
 * PartialFailureIT}). It suits a dependency that fails because it is overloaded, where load shed at the client is load
 * the server need not reject. Lock-free; thread-safe; time from a {@link Ticker}.
 */
public final class AdaptiveThrottle {

  private static final int BUCKETS = 12;

  private final double k;
  private final Ticker ticker;
  private final DoubleSupplier random;
  /** Requests and accepts. */
  private final SlidingCounts counts;

  private AdaptiveThrottle(double k, Duration window, Ticker ticker, DoubleSupplier random) {
    this.k = k;
    this.ticker = ticker;
    this.random = random;
    this.counts = new SlidingCounts(BUCKETS, window, ticker);
  }

  /** K = 2 over 2 minutes, the SRE book's values. */
  public static AdaptiveThrottle ofDefaults() {
    return of(2.0, Duration.ofMinutes(2), Ticker.system());
  }

  /**
   * A throttle.
   *
   * @param k how many requests per accepted one the client may send before it rejects locally, at least 1 (2: a
   *     dependency may reject half of the attempts before the client sheds any)
   * @param window how far back requests and accepts are counted, e.g. 2 minutes
   * @throws IllegalArgumentException naming the bad value
   */
  public static AdaptiveThrottle of(double k, Duration window, Ticker ticker) {
    return of(k, window, ticker, () -> ThreadLocalRandom.current().nextDouble());
  }

  /** As {@link #of(double, Duration, Ticker)}, with the random source (a seeded one in tests). */
  public static AdaptiveThrottle of(double k, Duration window, Ticker ticker, DoubleSupplier random) {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(ticker, "ticker");
    Objects.requireNonNull(random, "random");
    if (!(k >= 1)) {
      throw new IllegalArgumentException("adaptive throttle K must be 1 or more, was " + k + "; the SRE book uses 2");
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("adaptive throttle window must be positive, was " + window + "; e.g. 2m");
    }
    return new AdaptiveThrottle(k, window, ticker, random);
  }

  /** The probability that the next attempt is rejected locally. */
  public double rejectionProbability() {
    long[] sums = counts.sums(ticker.read());
    return Math.max(0, (sums[0] - k * sums[1]) / (sums[0] + 1));
  }

  /** Counts an attempt and says whether it may be sent; false: reject it locally. */
  public boolean tryAcquire() {
    double p = rejectionProbability();
    counts.add(1, 0);
    return p <= 0 || random.getAsDouble() >= p;
  }

  /** Counts an attempt the dependency answered. */
  public void onAccepted() {
    counts.add(0, 1);
  }

  @Override
  public String toString() {
    return "AdaptiveThrottle[K=" + k + ", window " + counts.window() + "]";
  }
}
