package dev.slo4j;

import dev.slo4j.Ticker;
import dev.slo4j.format.Durations;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ResilienceListener#LOGGING}: degraded answers at WARN, rate-limited so that an outage answered by a fallback
 * does not flood the log. Per policy and degradation kind, the first degraded answer is logged at once with its cause;
 * after that at most one line per interval (10 s), written with the first degraded answer after the interval has
 * passed, with how many there were since the last line ({@code payments: 219 degraded answers (fallback) in the last
 * 10s}). A burst that ends is summarized by the next degraded answer of that policy and kind, however much later; the
 * exact counts are {@code MicrometerResilienceListener}'s job. Never throws (but {@link OutOfMemoryError} and the
 * other fatal VM errors). Thread-safe; no allocation per call once a policy has logged.
 */
final class LoggingResilienceListener implements ResilienceListener {

  /** Policy names kept apart; more than this (names built per request, a bug) share one line per kind. */
  static final int MAX_POLICIES = 1000;
  static final String OTHER_POLICIES = "(other policies)";
  private static final long NEVER = Long.MIN_VALUE;
  private static final int KINDS = Degradation.values().length;

  private final long intervalNanos;
  private final Ticker ticker;
  private final Consumer<String> out;
  private final BooleanSupplier enabled;
  private final ConcurrentMap<String, Policy> policies = new ConcurrentHashMap<>();

  /** The one of {@link ResilienceListener#LOGGING}: slf4j logger {@code dev.slo4j.resilience}, every 10 s. */
  LoggingResilienceListener() {
    // No static field here: this runs inside ResilienceListener's initializer, which may run before this class's own
    // (an implementing class initializes its interface first), so a static Duration would still be null.
    this(Duration.ofSeconds(10), Ticker.system(), LoggerFactory.getLogger("dev.slo4j.resilience"));
  }

  private LoggingResilienceListener(Duration interval, Ticker ticker, Logger log) {
    this(interval, ticker, log::warn, log::isWarnEnabled);
  }

  /** For tests: lines go to {@code out}, time comes from {@code ticker}. */
  LoggingResilienceListener(Duration interval, Ticker ticker, Consumer<String> out, BooleanSupplier enabled) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive, was " + interval);
    }
    this.intervalNanos = interval.toNanos();
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.out = Objects.requireNonNull(out, "out");
    this.enabled = Objects.requireNonNull(enabled, "enabled");
  }

  /** The windows of one policy name (or of {@link #OTHER_POLICIES}), one per kind and one for a {@code null} kind. */
  private static final class Policy {
    final String name;
    final Window[] byKind = new Window[KINDS + 1];

    Policy(String name) {
      this.name = name;
      for (int i = 0; i < byKind.length; i++) {
        byKind[i] = new Window();
      }
    }
  }

  /** Degraded answers of one policy and kind since the last line. */
  private static final class Window {
    final AtomicLong pending = new AtomicLong();
    final AtomicLong lastLine = new AtomicLong(NEVER);
  }

  @Override
  public void onDegraded(String policy, Degradation how, Throwable cause) {
    try {
      if (!enabled.getAsBoolean()) {
        return;
      }
      Policy p = policy(String.valueOf(policy));
      String name = p.name;
      Window w = p.byKind[how == null ? KINDS : how.ordinal()];
      long now = ticker.read();
      w.pending.incrementAndGet();
      long last = w.lastLine.get();
      if ((last == NEVER || now - last >= intervalNanos) && w.lastLine.compareAndSet(last, now)) {
        String kind = how == null ? "unknown" : how.label();
        if (last == NEVER) {
          // This line reports this answer only; answers of other threads counted meanwhile go to the next line.
          w.pending.decrementAndGet();
          out.accept(name + ": answered with " + kind + " because of " + describe(cause) + " (further degraded"
              + " answers are summarized at most once every " + Durations.format(Duration.ofNanos(intervalNanos))
              + ")");
        } else {
          long count = w.pending.getAndSet(0);
          out.accept(name + ": " + count + (count == 1 ? " degraded answer (" : " degraded answers (") + kind
              + ") in the last " + since(now - last) + ", latest because of "
              + describe(cause));
        }
      }
    } catch (Throwable t) {
      // Logging a degraded answer must never fail the answer itself.
      RecordingFailures.rethrowIfFatal(t);
    }
  }

  private Policy policy(String name) {
    Policy p = policies.get(name);
    if (p == null) {
      String key = policies.size() >= MAX_POLICIES ? OTHER_POLICIES : name;
      p = policies.computeIfAbsent(key, Policy::new);
    }
    return p;
  }

  /** A time since the last line, in whole seconds from a second on: {@code 10s}, {@code 5m}, {@code 250ms}. */
  private static String since(long nanos) {
    long millis = nanos / 1_000_000;
    return Durations.format(millis >= 1000 ? Duration.ofSeconds(millis / 1000) : Duration.ofMillis(millis));
  }

  private static String describe(Throwable cause) {
    try {
      return String.valueOf(cause);
    } catch (Throwable t) {
      RecordingFailures.rethrowIfFatal(t);
      return cause.getClass().getName();
    }
  }

  @Override
  public String toString() {
    return "ResilienceListener.LOGGING";
  }
}
