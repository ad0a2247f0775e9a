package dev.slo4j.resilience;

import dev.slo4j.ResilienceListener;

import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.Ticker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.Objects;

/**
 * A platform team's resilience defaults, set once (in code, or from {@code slo4j.resilience.*} properties in Spring
 * Boot) and applied to every policy a service builds: attempts, backoff, retry budget, how long a breaker waits, and
 * who hears of degraded answers. {@link #policy(String, ServiceLevelObjective)} gives a policy builder with all of them applied and a
 * circuit breaker derived from the SLO the call serves; a service then adds only what is specific (fallback, stale,
 * shedding, idempotency). Immutable and thread-safe; the breakers live in one resilience4j registry.
 */
public final class ResilienceDefaults {

  private final int maxAttempts;
  private final Backoff backoff;
  private final double retryBudgetRatio;
  private final double retryBudgetMinPerSecond;
  private final Duration breakerWait;
  private final ResilienceListener listener;
  private final Ticker ticker;
  private final ResiliencePolicy.Sleeper sleeper;
  private final java.time.Clock clock;
  /** Created with the first breaker: an application that builds no policy at startup loads no resilience4j class. */
  private volatile CircuitBreakerRegistry breakers;

  private ResilienceDefaults(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.backoff = b.backoff;
    this.retryBudgetRatio = b.retryBudgetRatio;
    this.retryBudgetMinPerSecond = b.retryBudgetMinPerSecond;
    this.breakerWait = b.breakerWait;
    this.listener = b.listener;
    this.ticker = b.ticker;
    this.sleeper = b.sleeper;
    this.clock = b.clock;
  }

  /**
   * 3 attempts, full jitter 50 ms to 2 s, a retry budget of 0.3 retries per successful attempt plus 1 retry a second
   * ({@link RetryBudget#ofDefaults()}), breakers wait 5 s.
   */
  public static ResilienceDefaults ofDefaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding these defaults, each of which may be set once more: a test keeps the platform's defaults and
   * replaces only the time sources ({@link Builder#time}) or the listener.
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxAttempts = maxAttempts;
    b.backoff = backoff;
    b.retryBudgetRatio = retryBudgetRatio;
    b.retryBudgetMinPerSecond = retryBudgetMinPerSecond;
    b.breakerWait = breakerWait;
    b.listener = listener;
    b.ticker = ticker;
    b.sleeper = sleeper;
    b.clock = clock;
    return b;
  }

  /**
   * A policy builder with the defaults applied: retries with the backoff under a retry budget of its own. Each
   * default may be replaced once on the builder (the platform's defaults, then the call site's choice).
   */
  public <T> ResiliencePolicy.Builder<T> policy(String name) {
    return ResiliencePolicy.<T>builder(name)
        .retry(maxAttempts, backoff)
        .retryBudget(RetryBudget.of(retryBudgetRatio, retryBudgetMinPerSecond, Duration.ofSeconds(10), ticker))
        .listener(listener)
        .ticker(ticker)
        .sleeper(sleeper)
        .defaultsApplied();
  }

  /**
   * As {@link #policy(String)}, plus a circuit breaker named {@code name} for the SLO the call serves ({@link
   * SloCircuitBreakers#configFor(ServiceLevelObjective, Duration)}): it opens only when every recent attempt failed, or for a latency
   * SLO was slower than its threshold, never on a partial failure rate that the retries absorb.
   */
  public <T> ResiliencePolicy.Builder<T> policy(String name, ServiceLevelObjective slo) {
    Objects.requireNonNull(slo, "slo");
    return this.<T>policy(name)
        .circuitBreaker(circuitBreakers().circuitBreaker(name, () -> CircuitBreakerConfig.from(
            SloCircuitBreakers.configFor(slo, breakerWait)).clock(clock).build()));
  }

  /** The registry of the breakers these defaults created, for metrics and inspection. */
  public CircuitBreakerRegistry circuitBreakers() {
    CircuitBreakerRegistry r = breakers;
    if (r == null) {
      synchronized (this) {
        r = breakers;
        if (r == null) {
          r = CircuitBreakerRegistry.ofDefaults();
          breakers = r;
        }
      }
    }
    return r;
  }

  @Override
  public String toString() {
    return "ResilienceDefaults[" + maxAttempts + " attempts, " + backoff + ", retry budget " + retryBudgetRatio
        + " + " + retryBudgetMinPerSecond + "/s, breaker wait " + breakerWait + "]";
  }

  /** Collects the defaults; each setter validates its value and names it in the error. */
  public static final class Builder {
    private final BuilderOptions options = new BuilderOptions();
    private int maxAttempts = 3;
    private Backoff backoff = Backoff.fullJitter(Duration.ofMillis(50), Duration.ofSeconds(2));
    private double retryBudgetRatio = RetryBudget.DEFAULT_RATIO;
    private double retryBudgetMinPerSecond = RetryBudget.DEFAULT_MIN_PER_SECOND;
    private Duration breakerWait = SloCircuitBreakers.DEFAULT_WAIT_IN_OPEN_STATE;
    private ResilienceListener listener = ResilienceListener.LOGGING;
    private Ticker ticker = Ticker.system();
    private ResiliencePolicy.Sleeper sleeper = Thread::sleep;
    private java.time.Clock clock = java.time.Clock.systemUTC();

    private Builder() {}

    public Builder maxAttempts(int attempts) {
      options.once("maxAttempts");
      if (attempts < 1) {
        throw new IllegalArgumentException("maxAttempts counts the first call too, so it is at least 1, was "
            + attempts);
      }
      this.maxAttempts = attempts;
      return this;
    }

    public Builder backoff(Backoff backoff) {
      options.once("backoff");
      this.backoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /**
     * The retries each successful attempt earns (default 0.3; see {@link RetryBudget}), and the retries a second
     * allowed whatever the traffic (default 1).
     */
    public Builder retryBudget(double ratio, double minPerSecond) {
      options.once("retryBudget");
      RetryBudget.of(ratio, minPerSecond, Duration.ofSeconds(10), Ticker.system()); // validates both
      this.retryBudgetRatio = ratio;
      this.retryBudgetMinPerSecond = minPerSecond;
      return this;
    }

    public Builder breakerWait(Duration wait) {
      options.once("breakerWait");
      Objects.requireNonNull(wait, "wait");
      if (wait.isNegative() || wait.isZero()) {
        throw new IllegalArgumentException("breakerWait must be positive, was " + wait);
      }
      this.breakerWait = wait;
      return this;
    }

    public Builder listener(ResilienceListener listener) {
      options.once("listener");
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }


    /**
     * The time every policy and breaker built from these defaults reads: the monotonic {@code ticker} (deadlines,
     * stale ages, the retry budget), the {@code sleeper} between attempts and the breakers' {@code clock} (how long an
     * open breaker waits). By default the JVM's; a test passes one fake clock for all three, so retries, breaker waits
     * and the SLOs' windows move together and take no real time.
     */
    public Builder time(Ticker ticker, ResiliencePolicy.Sleeper sleeper, java.time.Clock clock) {
      options.once("time");
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public ResilienceDefaults build() {
      return new ResilienceDefaults(this);
    }
  }
}
