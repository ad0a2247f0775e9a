package dev.slo4j;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A clock that costs a plain memory read: a daemon thread copies the source clock into a volatile field every
 * {@code resolution}, and readers take that copy. It serves one purpose, time-stamping the events of an SLO whose
 * recorders need no duration (an availability SLI counted by Micrometer) into the rolling budget's slots, which are
 * seconds to minutes long: there a {@code System.nanoTime()} per call costs more than the counting it serves (25-28 ns
 * on the VMs slo4j is benchmarked on, against about 5 ns for a counter), and a reading late by a few milliseconds
 * moves one event in a thousand across a slot edge.
 *
 * <p>The thread runs only while the clock is read: after {@link #IDLE_TICKS} ticks without a reader it ends, and the
 * next read restarts it (and takes the source clock itself, so a reading is never staler than one tick). A host that
 * stops calling, or undeploys the application, is left without a slo4j thread within a minute. If a thread cannot be
 * started (a restricted environment), every read falls back to the source clock.
 *
 * <p>Thread-safe.
 */
final class CoarseTicker implements Ticker {

  /** How often the shared clock's thread copies {@code System.nanoTime()}: 50 ms, 20 wake-ups a second while used. */
  static final long RESOLUTION_NANOS = 50_000_000L;
  /** Ticks without a reader before the thread ends: 1,200 ticks, a minute at the shared resolution. */
  static final int IDLE_TICKS = 1_200;
  /**
   * The shortest budget slot that may be stamped by the shared clock: 100 resolutions (5 s), so a late reading moves
   * at most 1% of a slot's events to the slot before.
   */
  static final long MIN_SLOT_NANOS = 100 * RESOLUTION_NANOS;

  private static final CoarseTicker SHARED = new CoarseTicker(Ticker.system(), RESOLUTION_NANOS, IDLE_TICKS,
      r -> {
        Thread t = new Thread(r, "slo4j-coarse-clock");
        t.setDaemon(true);
        return t;
      });

  private final Ticker source;
  private final long resolutionNanos;
  private final int idleTicks;
  private final ThreadFactory threads;
  private final AtomicBoolean starting = new AtomicBoolean();
  /**
   * What {@link #now} holds while no thread copies the clock. A source reading equal to it (one nanosecond in 2^64)
   * only makes that read take the source clock itself.
   */
  private static final long STOPPED = Long.MIN_VALUE;

  private volatile long now = STOPPED;
  private volatile boolean read;
  private volatile boolean unavailable;

  CoarseTicker(Ticker source, long resolutionNanos, int idleTicks, ThreadFactory threads) {
    this.source = source;
    this.resolutionNanos = resolutionNanos;
    this.idleTicks = idleTicks;
    this.threads = threads;
  }

  /** The JVM-wide coarse copy of {@link Ticker#system()}. */
  static CoarseTicker shared() {
    return SHARED;
  }

  /**
   * The clock to stamp a budget's events with: the shared coarse clock for the system ticker and slots of at least
   * {@link #MIN_SLOT_NANOS}; otherwise the ticker itself (a fake clock in tests stays exact).
   */
  static Ticker forBudget(Ticker ticker, long slotNanos) {
    return ticker == Ticker.system() && slotNanos >= MIN_SLOT_NANOS ? SHARED : ticker;
  }

  @Override
  public long read() {
    long copy = now; // one volatile read on the path of every call: STOPPED while no thread copies the clock
    if (copy == STOPPED) {
      start();
      return source.read();
    }
    if (!read) {
      read = true; // written only when it changes: readers on many cores do not contend for the line
    }
    return copy;
  }

  /** Whether a thread keeps the copy (tests). */
  boolean isRunning() {
    return now != STOPPED;
  }

  private void start() {
    if (unavailable || !starting.compareAndSet(false, true)) {
      return;
    }
    try {
      now = source.read();
      read = true;
      threads.newThread(this::tick).start();
    } catch (Throwable t) {
      now = STOPPED; // or readers would keep the copy taken above forever
      unavailable = true; // no thread here: readers keep using the source clock
      starting.set(false);
      RecordingFailures.rethrowIfFatal(t);
    }
  }

  private void tick() {
    int idle = 0;
    try {
      while (true) {
        LockSupport.parkNanos(resolutionNanos);
        now = source.read();
        if (read) {
          read = false;
          idle = 0;
        } else if (++idle >= idleTicks) {
          return;
        }
      }
    } catch (Throwable t) {
      unavailable = true;
      RecordingFailures.rethrowIfFatal(t);
    } finally {
      now = STOPPED; // before another thread may start and publish its own copy
      starting.set(false);
    }
  }
}
