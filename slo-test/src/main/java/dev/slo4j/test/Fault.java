package dev.slo4j.test;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * What goes wrong with a dependency: a share of calls that fail, added latency, a full outage, pushback with a
 * {@code Retry-After}, or a slow start (latency that fades as the dependency warms up). Combine them with
 * {@link #and(Fault)}; inject them with {@link FaultInjector#inject}. Immutable.
 */
public final class Fault {

  /** No factory: the fault throws an {@link InjectedFailure}. */
  private static final Function<Duration, Throwable> DEFAULT_FAILURE = null;

  private final String description;
  private final double errorRate;
  private final Function<Duration, ? extends Throwable> failure;
  private final Latency latency;
  private final Duration retryAfter;
  private final Duration warmUp;
  private final Duration coldLatency;

  private Fault(String description, double errorRate, Function<Duration, ? extends Throwable> failure, Latency latency,
      Duration retryAfter, Duration warmUp, Duration coldLatency) {
    this.description = description;
    this.errorRate = errorRate;
    this.failure = failure;
    this.latency = latency;
    this.retryAfter = retryAfter;
    this.warmUp = warmUp;
    this.coldLatency = coldLatency;
  }

  /** Nothing goes wrong. */
  public static Fault none() {
    return new Fault("no fault", 0, DEFAULT_FAILURE, Latency.none(), null, null, null);
  }

  /** A share {@code rate} (0 to 1) of calls fail with an {@link InjectedFailure}. */
  public static Fault errors(double rate) {
    checkRatio("error rate", rate);
    return new Fault(percent(rate) + " errors", rate, DEFAULT_FAILURE, Latency.none(), null, null, null);
  }

  /** A share {@code rate} (0 to 1) of calls fail with what {@code failure} makes (the exception the real client throws). */
  public static Fault errors(double rate, java.util.function.Supplier<? extends Throwable> failure) {
    checkRatio("error rate", rate);
    Objects.requireNonNull(failure, "failure");
    return new Fault(percent(rate) + " errors", rate, d -> failure.get(), Latency.none(), null, null, null);
  }

  /** Every call fails: the dependency is down. */
  public static Fault outage() {
    return new Fault("outage", 1.0, DEFAULT_FAILURE, Latency.none(), null, null, null);
  }

  /** Every call takes this long (and succeeds, unless combined with errors). */
  public static Fault latency(Latency latency) {
    return new Fault(Objects.requireNonNull(latency, "latency").toString(), 0, DEFAULT_FAILURE, latency, null, null,
        null);
  }

  /** Every call takes {@code d}. */
  public static Fault latency(Duration d) {
    return latency(Latency.fixed(d));
  }

  /**
   * Every call is refused with a {@code Retry-After} of {@code retryAfter}, as an overloaded server answers 429 or
   * 503: an {@link InjectedFailure} whose {@link InjectedFailure#retryAfter()} carries it.
   */
  public static Fault pushback(Duration retryAfter) {
    checkDuration("retryAfter", retryAfter);
    return new Fault("pushback (Retry-After " + Times.relative(retryAfter) + ")", 1.0, DEFAULT_FAILURE,
        Latency.none(), retryAfter, null, null);
  }

  /** As {@link #pushback(Duration)}, failing with what {@code failure} makes of the delay (e.g. the client's 503). */
  public static Fault pushback(Duration retryAfter, Function<Duration, ? extends Throwable> failure) {
    checkDuration("retryAfter", retryAfter);
    Objects.requireNonNull(failure, "failure");
    return new Fault("pushback (Retry-After " + Times.relative(retryAfter) + ")", 1.0, failure, Latency.none(),
        retryAfter, null, null);
  }

  /**
   * A dependency that starts cold: a call right after the fault is injected takes {@code coldLatency}, and the added
   * latency falls linearly to nothing over {@code warmUp} of the test's clock.
   */
  public static Fault slowStart(Duration warmUp, Duration coldLatency) {
    checkDuration("warmUp", warmUp);
    if (warmUp.isZero()) {
      throw new IllegalArgumentException("warmUp must be positive, was 0s");
    }
    checkDuration("coldLatency", coldLatency);
    return new Fault("slow start (" + Times.relative(coldLatency) + " falling to 0 over " + Times.relative(warmUp)
        + ")", 0, DEFAULT_FAILURE, Latency.none(), null, warmUp, coldLatency);
  }

  /**
   * Both faults at once: the error rates combine as independent failures ({@code 1 - (1 - a)(1 - b)}), latencies and
   * a slow start add up; the other fault's failure factory and pushback win where both have one.
   */
  public Fault and(Fault other) {
    Objects.requireNonNull(other, "other");
    if (!latency.isNone() && !other.latency.isNone()) {
      throw new IllegalArgumentException("both faults add latency (" + latency + ", " + other.latency
          + "); give one latency distribution");
    }
    if (warmUp != null && other.warmUp != null) {
      throw new IllegalArgumentException("both faults are slow starts; give one");
    }
    double rate = 1 - (1 - errorRate) * (1 - other.errorRate);
    return new Fault(description + " and " + other.description, rate,
        other.failure != null ? other.failure : failure,
        other.latency.isNone() ? latency : other.latency,
        other.retryAfter != null ? other.retryAfter : retryAfter,
        other.warmUp != null ? other.warmUp : warmUp,
        other.coldLatency != null ? other.coldLatency : coldLatency);
  }

  double errorRate() {
    return errorRate;
  }

  Latency latencyDistribution() {
    return latency;
  }

  /** The slow start's added latency {@code sinceInjected} after the fault was injected. */
  long coldNanos(long sinceInjected) {
    if (warmUp == null || sinceInjected >= warmUp.toNanos()) {
      return 0;
    }
    double left = 1.0 - (double) Math.max(0, sinceInjected) / warmUp.toNanos();
    return (long) (coldLatency.toNanos() * left);
  }

  /** The failure of one call; never null. */
  Throwable failure(String dependency) {
    if (failure != null) {
      Throwable t = failure.apply(retryAfter);
      if (t == null) {
        return new IllegalStateException("the failure factory of the fault '" + description + "' on " + dependency
            + " returned null");
      }
      return t;
    }
    return InjectedFailure.of(dependency + ": injected " + description, retryAfter);
  }

  @Override
  public String toString() {
    return description;
  }

  static void checkRatio(String what, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(what + " " + value + " is outside [0, 1]; give a share of calls, e.g. 0.2"
          + " for 20%");
    }
  }

  private static void checkDuration(String what, Duration d) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.compareTo(Latency.MAX) > 0) {
      throw new IllegalArgumentException(what + " " + d + " is outside [0, " + Latency.MAX + "]");
    }
  }

  private static String percent(double rate) {
    return java.math.BigDecimal.valueOf(rate * 100).stripTrailingZeros().toPlainString() + "%";
  }
}
