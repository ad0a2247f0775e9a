package dev.slo4j.test;

import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * How long an injected call takes: none, fixed, uniform between two bounds, or a long tail (most calls fast, a share
 * slow). Sampled from the injector's seeded generator, so a test sees the same latencies on every run. Immutable.
 */
public final class Latency {

  /** The longest latency a test may inject: an hour. A longer one is a mistake, not a scenario. */
  public static final Duration MAX = Duration.ofHours(1);

  private static final Latency NONE = new Latency(Duration.ZERO, Duration.ZERO, 0, Duration.ZERO);

  private final Duration min;
  private final Duration max;
  private final double slowShare;
  private final Duration slow;

  private Latency(Duration min, Duration max, double slowShare, Duration slow) {
    this.min = min;
    this.max = max;
    this.slowShare = slowShare;
    this.slow = slow;
  }

  /** No added latency. */
  public static Latency none() {
    return NONE;
  }

  /** Every call takes {@code d}. */
  public static Latency fixed(Duration d) {
    return uniform(d, d);
  }

  /** Every call takes between {@code min} and {@code max}, uniformly. */
  public static Latency uniform(Duration min, Duration max) {
    check("min", min);
    check("max", max);
    if (max.compareTo(min) < 0) {
      throw new IllegalArgumentException("latency max " + max + " is below min " + min + "; give min <= max");
    }
    return new Latency(min, max, 0, Duration.ZERO);
  }

  /**
   * Most calls take {@code typical}; a share of {@code slowShare} (0 to 1) take {@code slow}: the long tail that a
   * latency SLO exists for.
   */
  public static Latency tail(Duration typical, double slowShare, Duration slow) {
    check("typical", typical);
    check("slow", slow);
    Fault.checkRatio("slowShare", slowShare);
    return new Latency(typical, typical, slowShare, slow);
  }

  private static void check(String what, Duration d) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.compareTo(MAX) > 0) {
      throw new IllegalArgumentException("latency " + what + " " + d + " is outside [0, " + MAX + "]");
    }
  }

  long sampleNanos(SplittableRandom random) {
    if (slowShare > 0 && random.nextDouble() < slowShare) {
      return slow.toNanos();
    }
    long lo = min.toNanos();
    long hi = max.toNanos();
    return lo == hi ? lo : lo + (long) (random.nextDouble() * (hi - lo));
  }

  boolean isNone() {
    return this == NONE || (max.isZero() && (slowShare == 0 || slow.isZero()));
  }

  @Override
  public String toString() {
    if (isNone()) {
      return "no latency";
    }
    String base = min.equals(max) ? Times.relative(min) : Times.relative(min) + "-" + Times.relative(max);
    return slowShare > 0 ? base + ", " + (slowShare * 100) + "% " + Times.relative(slow) : base;
  }
}
