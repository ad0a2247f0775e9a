package dev.slo4j.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time a test moves by hand, shared by every module's tests instead of a copy in each. {@link #nanoTime()} is a
 * monotonic reading in nanoseconds (pass {@code clock::nanoTime} where slo4j takes a {@code Ticker}); {@link #asClock()}
 * is the same time as a {@link java.time.Clock}, from {@code 2026-01-01T00:00:00Z} at reading 0. Thread-safe: writers
 * may advance it while readers read.
 */
public final class FakeClock {

  /** The instant of reading 0. */
  public static final Instant ORIGIN = Instant.parse("2026-01-01T00:00:00Z");

  private final AtomicLong nanos;

  /** Starts at reading 0. */
  public FakeClock() {
    this(0);
  }

  /** Starts at this reading, in nanoseconds. */
  public FakeClock(long startNanos) {
    this.nanos = new AtomicLong(startNanos);
  }

  /** The current reading in nanoseconds; only differences are meaningful, as with {@link System#nanoTime()}. */
  public long nanoTime() {
    return nanos.get();
  }

  /** Moves time forward by {@code d} (or back, for a negative duration); returns the new reading. */
  public long advance(Duration d) {
    return nanos.addAndGet(d.toNanos());
  }

  /** Moves time forward by {@code delta} nanoseconds; returns the new reading. */
  public long advanceNanos(long delta) {
    return nanos.addAndGet(delta);
  }

  /** A sleep that takes no time: moves the clock forward by {@code millis} (usable as a sleeper, {@code clock::sleep}). */
  public void sleep(long millis) {
    advance(Duration.ofMillis(millis));
  }

  /** Sets the reading to {@code value} nanoseconds. */
  public void setNanos(long value) {
    nanos.set(value);
  }

  /** The current time as an instant: {@link #ORIGIN} plus the reading. */
  public Instant instant() {
    return ORIGIN.plusNanos(nanos.get());
  }

  /** This clock as a {@link java.time.Clock} in UTC, which follows every later {@link #advance}. */
  public Clock asClock() {
    return new Clock() {
      @Override
      public Instant instant() {
        return FakeClock.this.instant();
      }

      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }
    };
  }
}
