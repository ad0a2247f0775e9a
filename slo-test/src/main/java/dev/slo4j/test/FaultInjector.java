package dev.slo4j.test;

import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Stands between the code under test and one dependency and makes it misbehave on purpose: wrap the call
 * ({@link #supplier}, {@link #callable}, {@link #stage}), then {@link #inject} a {@link Fault} from now on, or for a
 * while ({@code inject(Fault.outage(), ofMinutes(10))}: the outage ends by itself when the test's clock passes the ten
 * minutes). Chaos engineering in the service's own test suite, run on every change.
 *
 * <p><b>Reproducible.</b> Which calls fail and how long each takes come from one generator seeded by the test, so a
 * failing test fails the same way again. <b>Fast.</b> On a {@link TestClock}, injected latency moves the clock
 * instead of sleeping, so a 30-minute outage runs in milliseconds; on the system clock it really sleeps.
 *
 * <p>Thread-safe; calls from several threads draw from the one generator in the order they arrive.
 */
public final class FaultInjector {

  private final String name;
  private final TestClock clock;
  private final SplittableRandom random;
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong latencyNanos = new AtomicLong();
  private final Object lock = new Object();
  private Fault current = Fault.none();
  private long injectedAt;
  private Fault temporary;
  private long temporaryUntil;
  private long temporaryFrom;

  private FaultInjector(String name, TestClock clock, long seed) {
    this.name = name;
    this.clock = clock;
    this.random = new SplittableRandom(seed);
  }

  /** An injector for the dependency {@code name} (used in failure messages), on a test clock, seeded. */
  public static FaultInjector of(String name, TestClock clock, long seed) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a fault injector needs a name (the dependency's), was blank");
    }
    return new FaultInjector(name, Objects.requireNonNull(clock, "clock"), seed);
  }

  /** The dependency this injector stands for. */
  public String name() {
    return name;
  }

  /** From now on, every call suffers {@code fault} (until the next {@code inject} or {@link #heal()}). */
  public FaultInjector inject(Fault fault) {
    Objects.requireNonNull(fault, "fault");
    synchronized (lock) {
      current = fault;
      injectedAt = clock.read();
      temporary = null;
    }
    return this;
  }

  /**
   * For the next {@code duration} of the test's clock, every call suffers {@code fault}; then the dependency behaves
   * as before (an outage, then recovery).
   */
  public FaultInjector inject(Fault fault, Duration duration) {
    Objects.requireNonNull(fault, "fault");
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofDays(400)) > 0) {
      throw new IllegalArgumentException("a fault lasts more than 0s and at most 400 days, was " + duration);
    }
    synchronized (lock) {
      temporary = fault;
      temporaryFrom = clock.read();
      temporaryUntil = temporaryFrom + duration.toNanos();
    }
    return this;
  }

  /** Nothing goes wrong from now on. */
  public FaultInjector heal() {
    return inject(Fault.none());
  }

  /** The fault calls suffer now. */
  public Fault fault() {
    synchronized (lock) {
      return active(clock.read());
    }
  }

  /** Calls that reached this injector: every attempt, retries included. */
  public long calls() {
    return calls.get();
  }

  /** Calls this injector failed on purpose. */
  public long failures() {
    return failures.get();
  }

  /** The latency added to all calls so far, in total. */
  public Duration latencyAdded() {
    return Duration.ofNanos(latencyNanos.get());
  }

  /** {@code call}, with this injector's faults. */
  public <T> Supplier<T> supplier(Supplier<T> call) {
    Objects.requireNonNull(call, "call");
    return () -> {
      Throwable failure = before();
      if (failure != null) {
        throw FaultInjector.<RuntimeException>sneaky(failure);
      }
      return call.get();
    };
  }

  /** {@code call}, with this injector's faults; an injected checked failure is thrown as is. */
  public <T> Callable<T> callable(Callable<T> call) {
    Objects.requireNonNull(call, "call");
    return () -> {
      Throwable failure = before();
      if (failure != null) {
        throw FaultInjector.<Exception>sneaky(failure);
      }
      return call.call();
    };
  }

  /**
   * An asynchronous {@code call}, with this injector's faults: an injected failure completes the returned stage
   * exceptionally instead of throwing; injected latency passes on the test clock before the call is made.
   */
  public <T> Supplier<CompletionStage<T>> stage(Supplier<? extends CompletionStage<T>> call) {
    Objects.requireNonNull(call, "call");
    return () -> {
      Throwable failure = before();
      if (failure != null) {
        return CompletableFuture.failedFuture(failure);
      }
      return call.get();
    };
  }

  /** Counts the call, adds its latency, and decides whether it fails; returns the failure or null. */
  private Throwable before() {
    calls.incrementAndGet();
    Fault fault;
    long latency;
    boolean fail;
    synchronized (lock) {
      long now = clock.read();
      fault = active(now);
      long since = now - (fault == temporary ? temporaryFrom : injectedAt);
      latency = fault.latencyDistribution().sampleNanos(random) + fault.coldNanos(since);
      fail = fault.errorRate() > 0 && (fault.errorRate() >= 1 || random.nextDouble() < fault.errorRate());
    }
    if (latency > 0) {
      latencyNanos.addAndGet(latency);
      clock.advance(Duration.ofNanos(latency));
    }
    if (fail) {
      failures.incrementAndGet();
      return fault.failure(name);
    }
    return null;
  }

  /** Holds the lock. */
  private Fault active(long now) {
    if (temporary != null && now - temporaryUntil >= 0) {
      temporary = null;
    }
    return temporary != null ? temporary : current;
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E sneaky(Throwable t) throws E {
    throw (E) t;
  }

  @Override
  public String toString() {
    return "FaultInjector[" + name + ": " + fault() + ", " + calls() + " calls, " + failures() + " failed]";
  }
}
