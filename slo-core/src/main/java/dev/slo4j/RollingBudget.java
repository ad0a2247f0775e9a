package dev.slo4j;

import dev.slo4j.budget.BudgetStatus;
import dev.slo4j.budget.ScaledTier;

import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The rolling window of one SLO's events on this instance, in time-bucketed counters: bounded memory whatever the
 * traffic, no allocation and no shared hot spot on the recording path, approximate only at window edges.
 *
 * <h2>How it counts</h2>
 * Two rings of slots hold good and bad counts: a <em>fine</em> ring whose slot is a fifth of the SLO's shortest alert
 * window (1 minute for the workbook policy on 30 days), covering 360 slots (6 hours), and a <em>coarse</em> ring of
 * 720 slots spanning the SLO window (1 hour each on 30 days). A window is read from the fine ring when it fits in it,
 * else from the coarse one; the oldest, partly covered slot is weighted by the share of it inside the window (uniform
 * traffic within a slot), so the error of a read is at most one slot's events: 1/5 of the shortest window's last slot,
 * 1/720 of the SLO window.
 *
 * <p>Recording threads never write the rings: each writes its own padded stripe (chosen by thread id) holding the
 * counts of the current fine slot. When a stripe sees a new slot it flushes its counts into both rings under a lock,
 * which happens once per stripe per fine slot (seconds to minutes apart), not per call. Reads take the same lock and
 * add the stripes' pending counts.
 *
 * <h2>Memory</h2>
 * 24 bytes per slot ({@code (360 + 2 + 720 + 2) × 24} ≈ 26 KB per SLO) plus about 400 bytes per padded stripe (16 to
 * 64 stripes).
 *
 * <p>Thread-safe.
 */
final class RollingBudget implements LocalBudget {

  static final int FINE_SLOTS_PER_SHORTEST_WINDOW = 5;
  static final int FINE_SLOTS = 360;
  static final int COARSE_SLOTS = 720;
  private static final long STATUS_REFRESH_NANOS = 1_000_000_000L;

  private final ServiceLevelObjective slo;
  private final Ticker ticker;
  private final double allowedErrorRatio;
  private final List<ScaledTier> tiers;
  private final List<Duration> windows;
  private final long fineNanos;
  private final long coarseNanos;
  private final Stripe[] stripes;
  private final int stripeMask;
  private final Ring fine;
  private final Ring coarse;
  private final Object lock = new Object();
  /** Good events flushed from the stripes since the start: with the stripes' pending counts, {@link #goodEvents()}. */
  private long flushedGood;
  private volatile BudgetStatus cachedStatus = BudgetStatus.HEALTHY;
  private volatile long statusComputedAt;
  private volatile boolean statusComputed;

  private RollingBudget(ServiceLevelObjective slo, Ticker ticker) {
    this.slo = slo;
    this.ticker = ticker;
    this.allowedErrorRatio = slo.errorBudget().allowedErrorRatio().doubleValue();
    this.tiers = slo.alertPolicy().tiersFor(slo.window());
    TreeSet<Duration> all = new TreeSet<>();
    tiers.forEach(t -> {
      all.add(t.shortWindow());
      all.add(t.longWindow());
    });
    this.windows = List.copyOf(all);
    long shortest = slo.alertPolicy().shortestWindow(slo.window()).toNanos();
    this.fineNanos = Math.max(1_000_000L, shortest / FINE_SLOTS_PER_SHORTEST_WINDOW);
    this.coarseNanos = Math.max(fineNanos, slo.window().toNanos() / COARSE_SLOTS);
    int n = Integer.highestOneBit(Math.max(16, Math.min(64, 4 * Runtime.getRuntime().availableProcessors())) * 2 - 1);
    this.stripes = new Stripe[n];
    this.stripeMask = n - 1;
    long now = Math.floorDiv(ticker.read(), fineNanos);
    for (int i = 0; i < n; i++) {
      stripes[i] = new Stripe(now, now * fineNanos);
    }
    this.fine = new Ring(FINE_SLOTS + 2, fineNanos);
    this.coarse = new Ring(COARSE_SLOTS + 2, coarseNanos);
  }

  /** A rolling budget on the JVM's clock. */
  public static RollingBudget of(ServiceLevelObjective slo) {
    return of(slo, Ticker.system());
  }

  /** A rolling budget on the given clock (a fake one in tests). */
  public static RollingBudget of(ServiceLevelObjective slo, Ticker ticker) {
    return new RollingBudget(Objects.requireNonNull(slo, "slo"), Objects.requireNonNull(ticker, "ticker"));
  }

  /** The length of a fine slot: how precisely an event's time must be known. */
  long slotNanos() {
    return fineNanos;
  }

  /** Counts one event at the ticker's current time. */
  public void record(boolean good) {
    record(good, ticker.read());
  }

  /**
   * Counts one event that happened at {@code nowNanos} on this budget's ticker (a caller that has just read the
   * ticker to time a call passes that reading, saving a clock read).
   */
  public void record(boolean good, long nowNanos) {
    Stripe stripe = stripes[stripeIndex()];
    // An event timed a little before the stripe's slot (a call that ended on another thread) counts in the slot.
    if (nowNanos - stripe.start >= fineNanos) {
      rotate(stripe, Math.floorDiv(nowNanos, fineNanos));
    }
    if (good) {
      stripe.getAndIncrement(); // the stripe is its good counter: one load less on the path of every good call
    } else {
      stripe.bad.getAndIncrement();
    }
  }

  private int stripeIndex() {
    long id = Thread.currentThread().getId();
    return (int) ((id * 0x9E3779B97F4A7C15L) >>> 40) & stripeMask;
  }

  private void rotate(Stripe stripe, long epoch) {
    synchronized (lock) {
      long old = stripe.epoch;
      if (old == epoch) {
        return;
      }
      long good = stripe.getAndSet(0);
      long bad = stripe.bad.getAndSet(0);
      flushedGood += good;
      flush(old, good, bad);
      stripe.epoch = epoch;
      stripe.start = epoch * fineNanos;
    }
  }

  /** Adds a stripe's counts of fine slot {@code epoch} to both rings. Holds the lock. */
  private void flush(long epoch, long good, long bad) {
    if (good == 0 && bad == 0) {
      return;
    }
    long at = epoch * fineNanos;
    fine.add(Math.floorDiv(at, fineNanos), good, bad);
    coarse.add(Math.floorDiv(at, coarseNanos), good, bad);
  }

  @Override
  public ServiceLevelObjective slo() {
    return slo;
  }

  /**
   * Exact and monotonic: a stripe's counts move to {@link #flushedGood} under the lock, and this sums both under it,
   * so a count is never seen twice nor dropped; an event being recorded meanwhile is in this reading or the next.
   */
  @Override
  public long goodEvents() {
    synchronized (lock) {
      long total = flushedGood;
      for (Stripe stripe : stripes) {
        total += stripe.get();
      }
      return total;
    }
  }

  @Override
  public List<Duration> windows() {
    return windows;
  }

  @Override
  public double burnRate(Duration window) {
    Objects.requireNonNull(window, "window");
    if (!windows.contains(window)) {
      throw new IllegalArgumentException("window " + window + " is not one of the alert policy's windows " + windows
          + " for SLO '" + slo.name() + "'; ask for one of those");
    }
    double[] counts = counts(window.toNanos(), ticker.read());
    return burnRate(counts[0], counts[1]);
  }

  @Override
  public double remaining() {
    double[] counts = counts(slo.window().toNanos(), ticker.read());
    double total = counts[0] + counts[1];
    if (total <= 0) {
      return 1.0;
    }
    return 1.0 - (counts[1] / total) / allowedErrorRatio;
  }

  /**
   * Healthy, burning or exhausted, recomputed at most once a second, so that a degradation helper may ask on every call
   * without summing hundreds of slots each time.
   */
  @Override
  public BudgetStatus status() {
    long now = ticker.read();
    if (!statusComputed || now - statusComputedAt >= STATUS_REFRESH_NANOS) {
      cachedStatus = computeStatus(now);
      statusComputedAt = now;
      statusComputed = true;
    }
    return cachedStatus;
  }

  private BudgetStatus computeStatus(long now) {
    double[] all = counts(slo.window().toNanos(), now);
    double total = all[0] + all[1];
    if (total > 0 && all[1] / total >= allowedErrorRatio) {
      return BudgetStatus.EXHAUSTED;
    }
    for (ScaledTier tier : tiers) {
      double threshold = tier.burnRate().doubleValue();
      double[] longCounts = counts(tier.longWindow().toNanos(), now);
      double[] shortCounts = counts(tier.shortWindow().toNanos(), now);
      if (burnRate(longCounts[0], longCounts[1]) >= threshold
          && burnRate(shortCounts[0], shortCounts[1]) >= threshold) {
        return BudgetStatus.BURNING;
      }
    }
    return BudgetStatus.HEALTHY;
  }

  private double burnRate(double good, double bad) {
    double total = good + bad;
    return total <= 0 ? 0.0 : (bad / total) / allowedErrorRatio;
  }

  /** {good, bad} over the last {@code windowNanos} ending at {@code now}. */
  private double[] counts(long windowNanos, long now) {
    Ring ring = windowNanos <= FINE_SLOTS * fineNanos ? fine : coarse;
    synchronized (lock) {
      double[] sum = ring.sum(windowNanos, now);
      long from = now - windowNanos;
      for (Stripe stripe : stripes) {
        long slotStart = stripe.epoch * fineNanos;
        if (slotStart + fineNanos > from && slotStart <= now) {
          sum[0] += stripe.get();
          sum[1] += stripe.bad.get();
        }
      }
      return sum;
    }
  }

  @Override
  public String toString() {
    return "RollingBudget[" + slo.name() + ", fine slot " + Duration.ofNanos(fineNanos) + ", coarse slot "
        + Duration.ofNanos(coarseNanos) + "]";
  }

  /**
   * One recording stripe: the counts of its current fine slot. The stripe is itself the {@link AtomicLong} of its good
   * events (a good call loads one object less) and holds the counter of bad ones. {@code AtomicLong}s because their
   * increment is one intrinsic call: an {@code AtomicLongArray}'s goes through a chain of {@code VarHandle} methods
   * that, under an AOP proxy's deep stack, passed HotSpot's inlining depth (15 levels on JDK 17) and cost 24 ns instead
   * of 5. Padded so that stripes used by different threads do not share a cache line.
   */
  @SuppressWarnings({"unused", "serial"})
  private static final class Stripe extends AtomicLong {
    long p01, p02, p03, p04, p05, p06, p07;
    volatile long epoch;
    /** The stripe's slot start in ticker nanos: the fast path needs no division. */
    volatile long start;
    final AtomicLong bad = new PaddedCounter();
    long q01, q02, q03, q04, q05, q06, q07;

    Stripe(long epoch, long start) {
      this.epoch = epoch;
      this.start = start;
    }
  }

  /** A counter that fills its cache line: the good and bad counters of busy stripes never share one. */
  @SuppressWarnings({"unused", "serial"})
  private static final class PaddedCounter extends AtomicLong {
    long p01, p02, p03, p04, p05, p06, p07;
  }

  /** Slots tagged with the epoch they hold; a slot reused for a newer epoch starts from zero. Guarded by the lock. */
  private static final class Ring {
    private final long[] epochs;
    private final long[] good;
    private final long[] bad;
    private final long slotNanos;

    Ring(int size, long slotNanos) {
      this.epochs = new long[size];
      java.util.Arrays.fill(epochs, Long.MIN_VALUE);
      this.good = new long[size];
      this.bad = new long[size];
      this.slotNanos = slotNanos;
    }

    void add(long epoch, long g, long b) {
      int i = (int) Math.floorMod(epoch, (long) epochs.length);
      if (epochs[i] != epoch) {
        if (epochs[i] > epoch) {
          return; // older than the ring remembers
        }
        epochs[i] = epoch;
        good[i] = 0;
        bad[i] = 0;
      }
      good[i] += g;
      bad[i] += b;
    }

    /** Sums the slots inside (now - window, now]; the oldest slot, partly inside, weighted by its share inside. */
    double[] sum(long windowNanos, long now) {
      long from = now - windowNanos;
      long firstEpoch = Math.floorDiv(from, slotNanos);
      long lastEpoch = Math.floorDiv(now, slotNanos);
      double g = 0;
      double b = 0;
      for (long e = firstEpoch; e <= lastEpoch; e++) {
        int i = (int) Math.floorMod(e, (long) epochs.length);
        if (epochs[i] != e) {
          continue;
        }
        double weight = 1.0;
        if (e == firstEpoch) {
          long slotEnd = (e + 1) * slotNanos;
          weight = (double) (slotEnd - from) / slotNanos;
        }
        g += good[i] * weight;
        b += bad[i] * weight;
      }
      return new double[] {g, b};
    }
  }
}
