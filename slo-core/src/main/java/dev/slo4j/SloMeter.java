package dev.slo4j;

import dev.slo4j.budget.LocalBudget;
import dev.slo4j.budget.RollingBudget;
import dev.slo4j.internal.RecordingFailures;
import dev.slo4j.spi.EventSink;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Measures calls against one SLO: times them, judges each as good or bad by the SLO's SLI, and hands the event to
 * the recorders and to this instance's {@link LocalBudget}. This is the plain-Java entry point (no Spring needed);
 * the Spring aspect and the resilience policies use it too, so every path judges events the same way.
 *
 * <p>What is bad is decided by the SLO, never by the caller: for an availability SLI, an exception of a {@code badOn}
 * type that is not a {@code goodOn} type, or a result its predicate marks bad; for a latency SLI, a call slower than
 * the threshold (a latency SLI judges time only: a fast failure is a fast event, and belongs to an availability SLO).
 * Exceptions pass through unchanged. Asynchronous calls are judged when they complete, not when they return.
 *
 * <p>Recording never throws into the caller: a failure inside a recorder is counted and logged (rate-limited), and
 * the business result is returned as if nothing happened. Thread-safe; obtain one from {@link SloRegistry#register}.
 */
public final class SloMeter {

  private final Slo slo;
  private final EventSink sink;
  private final RollingBudget budget;
  private final Ticker ticker;
  private final RecordingFailures failures;
  private final AvailabilitySli availability;
  private final long thresholdNanos;
  private final ClassValue<Boolean> badFailure;

  SloMeter(Slo slo, EventSink sink, RollingBudget budget, Ticker ticker, RecordingFailures failures) {
    this.slo = slo;
    this.sink = sink;
    this.budget = budget;
    this.ticker = ticker;
    this.failures = failures;
    if (slo.sli() instanceof LatencySli latency) {
      this.availability = null;
      this.thresholdNanos = latency.threshold().toNanos();
    } else if (slo.sli() instanceof AvailabilitySli a) {
      this.availability = a;
      this.thresholdNanos = -1;
    } else {
      throw new IllegalArgumentException("SLO '" + slo.name() + "' has an SLI of kind '" + slo.sli().kind()
          + "' that slo4j cannot record; use an availability or latency SLI");
    }
    AvailabilitySli rules = availability;
    this.badFailure = new ClassValue<>() {
      @Override
      protected Boolean computeValue(Class<?> type) {
        return rules == null || rules.isBadType(type);
      }
    };
  }

  /** The SLO this meter judges calls against. */
  public Slo slo() {
    return slo;
  }

  /** This instance's rolling view of the SLO's error budget. */
  public LocalBudget budget() {
    return budget;
  }

  /** Runs and measures a call; its result or exception is returned or thrown unchanged. */
  public <T> T call(Callable<T> call) throws Exception {
    Objects.requireNonNull(call, "call");
    long start = ticker.read();
    T result;
    try {
      result = call.call();
    } catch (Throwable t) {
      stop(start, null, t);
      throw t;
    }
    stop(start, result, null);
    return result;
  }

  /** Runs and measures a call that throws no checked exception. */
  public <T> T get(Supplier<T> call) {
    Objects.requireNonNull(call, "call");
    long start = ticker.read();
    T result;
    try {
      result = call.get();
    } catch (Throwable t) {
      stop(start, null, t);
      throw t;
    }
    stop(start, result, null);
    return result;
  }

  /** Runs and measures a call without a result. */
  public void run(Runnable call) {
    Objects.requireNonNull(call, "call");
    long start = ticker.read();
    try {
      call.run();
    } catch (Throwable t) {
      stop(start, null, t);
      throw t;
    }
    stop(start, null, null);
  }

  /**
   * Starts an asynchronous call and measures it when the returned stage completes (not when it is returned). The
   * caller gets the very stage the call returned, so cancelling it and identity checks work as without slo4j.
   */
  public <T, S extends CompletionStage<T>> S stage(Supplier<S> call) {
    Objects.requireNonNull(call, "call");
    long start = ticker.read();
    S stage;
    try {
      stage = call.get();
    } catch (Throwable t) {
      stop(start, null, t);
      throw t;
    }
    if (stage == null) {
      stop(start, null, null);
      return null;
    }
    stopOnCompletion(start, stage);
    return stage;
  }

  /**
   * Ends a call started with {@link #start()} when its asynchronous result completes: for interceptors of methods that
   * return a {@link CompletionStage}. Never throws.
   */
  public void stopOnCompletion(long start, CompletionStage<?> stage) {
    Objects.requireNonNull(stage, "stage");
    stage.whenComplete((result, failure) -> stop(start, result, unwrap(failure)));
  }

  /** A supplier that measures every call of {@code call} against this SLO. */
  public <T> Supplier<T> wrap(Supplier<T> call) {
    Objects.requireNonNull(call, "call");
    return () -> get(call);
  }

  /** A callable that measures every call of {@code call} against this SLO. */
  public <T> Callable<T> wrap(Callable<T> call) {
    Objects.requireNonNull(call, "call");
    return () -> call(call);
  }

  /**
   * The ticker reading that starts a call measured by hand with {@link #stop}: for interceptors that cannot hand a
   * lambda to {@link #call} (an AOP method interceptor, a servlet filter).
   */
  public long start() {
    return ticker.read();
  }

  /**
   * Ends a call started with {@link #start()}: judges it by the SLO and records it. Never throws.
   *
   * @param start what {@link #start()} returned
   * @param result the call's result, when it returned
   * @param failure what the call threw, or {@code null} when it returned
   */
  public void stop(long start, Object result, Throwable failure) {
    long now = 0;
    try {
      now = ticker.read();
      judgeAndRecord(Math.max(0, now - start), now, result, failure);
    } catch (RuntimeException | LinkageError | AssertionError e) {
      failures.report(slo.name(), e, now);
    }
  }

  /**
   * As {@link #stop(long, Object, Throwable)}, with the end of the call already read from the ticker: an interceptor
   * that ends several SLOs of one call (availability and latency) reads the clock once, not once per SLO.
   */
  public void stop(long start, long end, Object result, Throwable failure) {
    try {
      judgeAndRecord(Math.max(0, end - start), end, result, failure);
    } catch (RuntimeException | LinkageError | AssertionError e) {
      failures.report(slo.name(), e, end);
    }
  }

  /** A reading of this meter's ticker, for {@link #stop(long, long, Object, Throwable)}. */
  public long now() {
    return ticker.read();
  }

  private void judgeAndRecord(long elapsed, long now, Object result, Throwable failure) {
    if (availability == null) {
      boolean good = elapsed <= thresholdNanos;
      emit(good, elapsed, now, good ? null : EventSink.REASON_OVER_THRESHOLD);
    } else if (failure != null) {
      boolean bad = badFailure.get(failure.getClass());
      emit(!bad, elapsed, now, bad ? failure.getClass().getName() : null);
    } else {
      boolean bad = availability.isBadResult(result);
      emit(!bad, elapsed, now, bad ? EventSink.REASON_BAD_RESULT : null);
    }
  }

  /**
   * Records a good event by hand, e.g. a message processed by a consumer slo4j does not wrap. A failing recorder never
   * makes this throw; a negative duration is a programming error and does ({@link IllegalArgumentException}), as does
   * a {@code null} one.
   */
  public void recordGood(Duration elapsed) {
    recordByHand(true, elapsed, null);
  }

  /**
   * Records a bad event by hand. Never throws.
   *
   * @param reason a low-cardinality cause (an exception class name, {@code timeout}, ...): never request data
   */
  public void recordBad(Duration elapsed, String reason) {
    recordByHand(false, elapsed, reason == null ? "_OTHER" : reason);
  }

  /** Records a call that threw, judged by the SLO (an exempt exception is a good event). Never throws. */
  public void recordFailure(Duration elapsed, Throwable failure) {
    Objects.requireNonNull(failure, "failure");
    long now = ticker.read();
    stop(now - nanos(elapsed), null, failure);
  }

  /** Records a call that returned {@code result}, judged by the SLO. Never throws. */
  public void recordResult(Duration elapsed, Object result) {
    long now = ticker.read();
    stop(now - nanos(elapsed), result, null);
  }

  private void recordByHand(boolean good, Duration elapsed, String reason) {
    long nanos = nanos(elapsed);
    long now = 0;
    try {
      now = ticker.read();
      emit(good, nanos, now, reason);
    } catch (RuntimeException | LinkageError | AssertionError e) {
      failures.report(slo.name(), e, now);
    }
  }

  private void emit(boolean good, long elapsed, long now, String reason) {
    try {
      budget.record(good, now);
    } finally {
      sink.record(good, elapsed, reason);
    }
  }

  private static long nanos(Duration elapsed) {
    Objects.requireNonNull(elapsed, "elapsed");
    if (elapsed.isNegative()) {
      throw new IllegalArgumentException("elapsed must not be negative, was " + elapsed);
    }
    return elapsed.toNanos();
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  @Override
  public String toString() {
    return "SloMeter[" + slo.name() + "]";
  }
}
