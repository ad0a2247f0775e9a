package dev.slo4j.resilience;

import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.functions.Either;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * The delay before a retry, as resilience4j's {@link IntervalBiFunction}: exponential growth from {@code base} up to
 * {@code cap}, with jitter applied <em>after</em> the cap (the three strategies of AWS's "Exponential Backoff And
 * Jitter"). Why after: resilience4j's own randomized exponential backoff randomizes first and caps second, so once the
 * delay reaches the cap every client sleeps exactly the cap and their retries arrive together again; here the delays
 * stay spread over {@code [0, cap]} (full), {@code [cap/2, cap]} (equal) or {@code [base, cap]} (decorrelated).
 *
 * <p>A server's pushback is honoured by default and capped: when the failure carries a {@code Retry-After} delay
 * ({@link RetryAfter#of(Throwable)}: a {@link RetryAfter.Aware} failure such as {@link HttpStatusException} in the cause
 * chain, or what {@link #withPushback} reads), the delay is {@code min(cap, max(pushback, computed delay))}. A
 * {@link ResiliencePolicy} goes further and does not retry at all when the pushback is longer than the cap or than the
 * time left before its deadline: retrying earlier than the server asked only meets the same answer.
 *
 * <p>Decorrelated jitter in the AWS paper draws from {@code [base, 3 × previous delay]}; resilience4j gives an interval
 * function no per-call state, so here the upper bound grows as {@code base × 3^(attempt-1)} (the bound the paper's
 * sequence reaches at most), which keeps its spread and growth without state. Immutable and thread-safe.
 */
public final class Backoff implements IntervalBiFunction<Object> {

  /** The jitter strategies. */
  public enum Jitter {
    /** {@code random(0, min(cap, base × 2^n))}: the most spread, the default. */
    FULL,
    /** {@code d/2 + random(0, d/2)} with {@code d = min(cap, base × 2^n)}: never retries at once. */
    EQUAL,
    /** {@code random(base, min(cap, base × 3^n))}: grows faster, never below base. */
    DECORRELATED
  }

  private final Jitter jitter;
  private final long baseMillis;
  private final long capMillis;
  private final DoubleSupplier random;
  private final Function<Throwable, Optional<Duration>> pushback;

  private Backoff(Jitter jitter, long baseMillis, long capMillis, DoubleSupplier random,
      Function<Throwable, Optional<Duration>> pushback) {
    this.jitter = jitter;
    this.baseMillis = baseMillis;
    this.capMillis = capMillis;
    this.random = random;
    this.pushback = pushback;
  }

  /** Full jitter (the default strategy). */
  public static Backoff fullJitter(Duration base, Duration cap) {
    return of(Jitter.FULL, base, cap);
  }

  /** Equal jitter. */
  public static Backoff equalJitter(Duration base, Duration cap) {
    return of(Jitter.EQUAL, base, cap);
  }

  /** Decorrelated jitter. */
  public static Backoff decorrelatedJitter(Duration base, Duration cap) {
    return of(Jitter.DECORRELATED, base, cap);
  }

  /**
   * A backoff of the given strategy.
   *
   * @throws IllegalArgumentException if base is not positive or cap is below base
   */
  public static Backoff of(Jitter jitter, Duration base, Duration cap) {
    Objects.requireNonNull(jitter, "jitter");
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(cap, "cap");
    if (base.isNegative() || base.isZero()) {
      throw new IllegalArgumentException("backoff base must be positive, was " + base + "; e.g. 50ms");
    }
    if (cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("backoff cap " + cap + " is below its base " + base
          + "; the cap is the longest delay, e.g. 2s for a base of 50ms");
    }
    return new Backoff(jitter, base.toMillis(), cap.toMillis(), () -> ThreadLocalRandom.current().nextDouble(),
        RetryAfter::of);
  }

  /** The same backoff drawing from {@code random} (values in [0, 1)): a fixed sequence makes tests deterministic. */
  public Backoff withRandom(DoubleSupplier random) {
    return new Backoff(jitter, baseMillis, capMillis, Objects.requireNonNull(random, "random"), pushback);
  }

  /**
   * The same backoff reading a server's pushback from failures it does not know (Spring's {@code
   * RestClientResponseException}, an OkHttp response wrapped in your exception): when {@code retryAfter} finds a delay
   * in the failure (an HTTP 429 or 503 with {@code Retry-After}; {@link RetryAfter#parse} reads the header's value),
   * the retry waits that long, up to the cap. Where it finds none, the default ({@link RetryAfter#of(Throwable)}) still
   * applies.
   */
  public Backoff withPushback(Function<Throwable, Optional<Duration>> retryAfter) {
    Objects.requireNonNull(retryAfter, "retryAfter");
    return new Backoff(jitter, baseMillis, capMillis, random, f -> {
      Optional<Duration> found = retryAfter.apply(f);
      return found != null && found.isPresent() ? found : RetryAfter.of(f);
    });
  }

  public Jitter jitter() {
    return jitter;
  }

  /** The longest delay, pushback included. */
  public Duration cap() {
    return Duration.ofMillis(capMillis);
  }

  /** The server's pushback carried by {@code failure} (not capped); empty when it carries none. */
  public Optional<Duration> pushback(Throwable failure) {
    if (failure == null) {
      return Optional.empty();
    }
    Optional<Duration> pushed = pushback.apply(failure);
    return pushed != null && pushed.isPresent() && !pushed.get().isNegative() ? pushed : Optional.empty();
  }

  /** The delay before retry number {@code attempt} (1 for the first retry) after {@code failure} (may be null). */
  public Duration delay(int attempt, Throwable failure) {
    return Duration.ofMillis(delayMillis(attempt, failure));
  }

  @Override
  public Long apply(Integer attempt, Either<Throwable, Object> outcome) {
    Throwable failure = outcome != null && outcome.isLeft() ? outcome.getLeft() : null;
    return delayMillis(attempt == null ? 1 : attempt, failure);
  }

  private long delayMillis(int attempt, Throwable failure) {
    long computed = computedMillis(attempt);
    Optional<Duration> pushed = pushback(failure);
    if (pushed.isEmpty()) {
      return computed;
    }
    long asked = pushed.get().compareTo(Duration.ofMillis(capMillis)) >= 0 ? capMillis : pushed.get().toMillis();
    return Math.min(capMillis, Math.max(asked, computed));
  }

  private long computedMillis(int attempt) {
    int n = Math.max(0, attempt - 1);
    double r = Math.min(Math.max(random.getAsDouble(), 0.0), 1.0);
    switch (jitter) {
      case FULL:
        return Math.round(r * grown(2, n));
      case EQUAL: {
        double d = grown(2, n);
        return Math.round(d / 2 + r * d / 2);
      }
      default: {
        double upper = grown(3, n);
        return Math.round(baseMillis + r * (upper - baseMillis));
      }
    }
  }

  /** {@code min(cap, base × factor^n)} without overflow. */
  private double grown(double factor, int n) {
    double d = baseMillis * Math.pow(factor, Math.min(n, 62));
    return Math.min(capMillis, d);
  }

  @Override
  public String toString() {
    return jitter.name().toLowerCase(java.util.Locale.ROOT) + " jitter backoff, base " + baseMillis + "ms, cap "
        + capMillis + "ms";
  }
}
