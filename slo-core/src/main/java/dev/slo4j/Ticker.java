package dev.slo4j;

/**
 * A source of monotonic time in nanoseconds, behind an interface so that tests can move time by hand and prove a
 * 30-day window in milliseconds (Caffeine's {@code Ticker} and Micrometer's {@code MockClock} do the same).
 * Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Ticker {

  /** Nanoseconds from an arbitrary origin; only differences are meaningful, as with {@link System#nanoTime()}. */
  long read();

  /** The JVM's monotonic clock ({@link System#nanoTime()}); always the same instance. */
  static Ticker system() {
    return SystemTicker.INSTANCE;
  }
}
