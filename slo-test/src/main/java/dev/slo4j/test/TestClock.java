package dev.slo4j.test;

import dev.slo4j.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time a test moves by hand, so that a 30-minute outage, a 5-minute alert window or a circuit breaker's wait runs in
 * milliseconds. It is a {@link Ticker} (hand it to {@code SloRegistry.builder().ticker(...)} and to a resilience
 * policy), a {@link java.time.Clock} ({@link #asClock()}), and a sleeper that moves time instead of waiting
 * ({@link #sleep(long)}), so that the SLOs, the policies and the faults of one test all read the same time.
 *
 * <p>Starts at {@link #ORIGIN}. Thread-safe: one thread may advance it while others read it.
 */
public final class TestClock implements Ticker {

  /** The instant of the clock's start: a fixed date, so that reports and failure messages are reproducible. */
  public static final Instant ORIGIN = Instant.parse("2026-01-01T00:00:00Z");

  private final AtomicLong nanos = new AtomicLong();

  private TestClock() {}

  /** A clock at {@link #ORIGIN}. */
  public static TestClock create() {
    return new TestClock();
  }

  @Override
  public long read() {
    return nanos.get();
  }

  /** How long this clock has run since it was created. */
  public Duration elapsed() {
    return Duration.ofNanos(nanos.get());
  }

  /**
   * Moves time forward.
   *
   * @throws IllegalArgumentException for a negative duration: time in a test never runs backwards
   */
  public TestClock advance(Duration d) {
    Objects.requireNonNull(d, "d");
    if (d.isNegative()) {
      throw new IllegalArgumentException("cannot move a TestClock back by " + d + "; time only moves forward");
    }
    nanos.addAndGet(d.toNanos());
    return this;
  }

  /** A sleep that takes no time: moves the clock forward by {@code millis} (a policy's sleeper: {@code clock::sleep}). */
  public void sleep(long millis) {
    advance(Duration.ofMillis(millis));
  }

  /** The current time as an instant. */
  public Instant instant() {
    return ORIGIN.plusNanos(nanos.get());
  }

  /** This clock as a {@link java.time.Clock} in UTC that follows every later {@link #advance}. */
  public Clock asClock() {
    return new Clock() {
      @Override
      public Instant instant() {
        return TestClock.this.instant();
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

  @Override
  public String toString() {
    return "TestClock[+" + Times.relative(elapsed()) + "]";
  }
}
