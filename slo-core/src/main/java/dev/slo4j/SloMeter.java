package dev.slo4j;

import dev.slo4j.LocalBudget;
import dev.slo4j.RollingBudget;
import dev.slo4j.format.Durations;
import dev.slo4j.EventSink;
import java.time.Duration;
import java.util.List;
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
 * <p>Recording never throws into the caller: a failure inside a recorder (any {@link Throwable}, including an
 * {@link Error}, a {@link StackOverflowError} and a checked exception thrown sneakily) is counted
 * ({@link SloRegistry#recordingFailures()}) and logged (rate-limited), the recorders after it still get the event,
 * and the business result or exception is returned or thrown as if nothing happened. Bad arguments to the methods
 * documented "never throws" are counted the same way and corrected where the event can still be recorded. Only
 * {@link OutOfMemoryError}, {@link InternalError} and {@link UnknownError} are let through: after those the JVM
 * itself is not to be trusted. Thread-safe; obtain one from {@link SloRegistry#register}.
 */
public final class SloMeter {

  private final ServiceLevelObjective slo;
  /** {@code reason} of a bad event recorded by hand without one, or of a failure recorded without its exception. */
  public static final String REASON_OTHER = "_OTHER";
  private static final long MAX_NANOS = Durations.MAX.toNanos();

  private final EventSink[] sinks;
  /** The sinks that take good events ({@link EventSink#recordsGood()}): often none, and a good call then calls none. */
  private final EventSink[] goodSinks;
  private final RollingBudget budget;
  private final Ticker ticker;
  /** Stamps the events of an untimed call for the budget: a coarse copy of the system clock where that is precise enough. */
  private final Ticker eventClock;
  private final RecordingFailures failures;
  private final AvailabilitySli availability;
  private final long thresholdNanos;
  /** Whether a call's duration is read at all: a latency SLI, or a sink that records durations. */
  private final boolean timed;
  private final ClassValue<Boolean> badFailure;

  SloMeter(ServiceLevelObjective slo, List<EventSink> sinks, RollingBudget budget, Ticker ticker, Ticker eventClock,
      RecordingFailures failures) {
    this.slo = slo;
    this.sinks = sinks.toArray(new EventSink[0]);
    this.goodSinks = sinks.stream().filter(EventSink::recordsGood).toArray(EventSink[]::new);
    this.budget = budget;
    this.ticker = ticker;
    this.eventClock = eventClock;
    this.failures = failures;
    this.availability = slo.sli().match(a -> a, latency -> null);
    this.thresholdNanos = slo.sli().latencyThreshold().map(Duration::toNanos).orElse(-1L);
    boolean anySinkTimed = false;
    for (EventSink sink : this.sinks) {
      anySinkTimed |= sink.needsDuration();
    }
    this.timed = availability == null || anySinkTimed;
    AvailabilitySli rules = availability;
    this.badFailure = new ClassValue<>() {
      @Override
      protected Boolean computeValue(Class<?> type) {
        return rules == null || rules.isBadType(type);
      }
    };
  }

  /** The SLO this meter judges calls against. */
  public ServiceLevelObjective slo() {
    return slo;
  }

  /** This instance's rolling view of the SLO's error budget. */
  public LocalBudget budget() {
    return budget;
  }

  /** Runs and measures a call; its result or exception is returned or thrown unchanged. */
  public <T> T call(Callable<T> call) throws Exception {
    Objects.requireNonNull(call, "call");
    long start = start();
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
    long start = start();
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
    long start = start();
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
    long start = start();
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
   * return a {@link CompletionStage}. Never throws: a {@code null} stage is counted as a recording failure and recorded
   * as a call that returned {@code null} now; a stage that refuses the completion callback is counted and its call
   * recorded as if it returned now.
   */
  public void stopOnCompletion(long start, CompletionStage<?> stage) {
    if (stage == null) {
      long now = read();
      failures.badArgument(slo.name(), "stopOnCompletion got no stage (null); recorded as a call that returned null",
          now);
      stop(start, now, null, null);
      return;
    }
    try {
      stage.whenComplete((result, failure) -> completed(start, result, failure));
    } catch (Throwable t) {
      long now = read();
      failed(t, now);
      stop(start, now, null, null);
    }
  }

  private void completed(long start, Object result, Throwable failure) {
    long now = timed ? read() : readEventClock();
    Throwable cause;
    try {
      cause = unwrap(failure);
    } catch (Throwable t) {
      failed(t, now);
      cause = failure;
    }
    stop(start, now, result, cause);
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
   * lambda to {@link #call} (an AOP method interceptor, a servlet filter). Never throws.
   *
   * <p>When nothing reads the call's duration (an availability SLI whose recorders only count events, such as
   * slo-micrometer's), this returns 0 without reading the clock: a clock read costs about as much as the counting.
   * Hand the value back to this meter's {@code stop} unchanged.
   */
  public long start() {
    return timed ? read() : 0;
  }

  /**
   * Ends a call started with {@link #start()}: judges it by the SLO and records it. Never throws: a failing recorder
   * is counted ({@link SloRegistry#recordingFailures()}) and the recorders after it still get the event; an elapsed
   * time below 0 (a {@code start} from another clock) is recorded as 0 and one longer than 10 years as 10 years, each
   * counted as a recording failure.
   *
   * @param start what {@link #start()} returned
   * @param result the call's result, when it returned
   * @param failure what the call threw, or {@code null} when it returned
   */
  public void stop(long start, Object result, Throwable failure) {
    stop(start, timed ? read() : readEventClock(), result, failure);
  }

  /**
   * As {@link #stop(long, Object, Throwable)}, with the end of the call already read from the ticker (another
   * {@link #start()} reading): an interceptor that ends several SLOs of one call (availability and latency) reads the
   * clock once, not once per SLO. Never throws.
   */
  public void stop(long start, long end, Object result, Throwable failure) {
    try {
      // Differences of ticker readings are right even across a wrap of the long, as with System.nanoTime().
      judgeAndRecord(timed ? elapsed(end - start, end) : 0, end, result, failure);
    } catch (Throwable t) {
      failed(t, end);
    }
  }

  private void judgeAndRecord(long elapsed, long now, Object result, Throwable failure) {
    if (availability == null) {
      boolean good = elapsed <= thresholdNanos;
      emit(good, elapsed, now, good ? null : EventSink.REASON_OVER_THRESHOLD);
    } else if (failure != null) {
      boolean bad = badFailure.get(failure.getClass());
      emit(!bad, elapsed, now, bad ? failure.getClass().getName() : null);
    } else {
      boolean bad;
      try {
        bad = availability.isBadResult(result);
      } catch (Throwable t) {
        // The SLO's own result predicate threw: the call returned, so it counts as good, and the predicate's failure
        // is counted.
        failed(t, now);
        bad = false;
      }
      emit(!bad, elapsed, now, bad ? EventSink.REASON_BAD_RESULT : null);
    }
  }

  /**
   * Records a good event by hand, e.g. a message processed by a consumer slo4j does not wrap. Never throws: a failing
   * recorder is counted ({@link SloRegistry#recordingFailures()}) and the recorders after it still get the event; a bad
   * {@code elapsed} is counted as a recording failure too and corrected, the event still recorded: {@code null} or
   * negative as 0, longer than 10 years (including durations whose nanoseconds overflow a {@code long}) as 10 years.
   */
  public void recordGood(Duration elapsed) {
    recordByHand(true, elapsed, null);
  }

  /**
   * Records a bad event by hand. Never throws; a bad {@code elapsed} is counted and corrected as in
   * {@link #recordGood}.
   *
   * @param reason a low-cardinality cause (an exception class name, {@code timeout}, ...): never request data;
   *     {@code null} is recorded as {@value #REASON_OTHER}
   */
  public void recordBad(Duration elapsed, String reason) {
    recordByHand(false, elapsed, reason == null ? REASON_OTHER : reason);
  }

  /**
   * Records a call that threw, judged by the SLO (an exempt exception is a good event). Never throws; a bad
   * {@code elapsed} is counted and corrected as in {@link #recordGood}. A {@code null} failure is counted as a
   * recording failure and, since a call did fail but its type is unknown, recorded as a bad event with reason
   * {@value #REASON_OTHER} (a latency SLO judges it by time, as any call).
   */
  public void recordFailure(Duration elapsed, Throwable failure) {
    long now = readEventClock(); // the duration is given: the time only stamps the budget
    try {
      long nanos = nanos(elapsed, now);
      if (failure != null) {
        judgeAndRecord(nanos, now, null, failure);
      } else {
        failures.badArgument(slo.name(), "recordFailure(elapsed, null): no failure given; recorded as a bad event"
            + " with reason " + REASON_OTHER, now);
        if (availability == null) {
          judgeAndRecord(nanos, now, null, null);
        } else {
          emit(false, nanos, now, REASON_OTHER);
        }
      }
    } catch (Throwable t) {
      failed(t, now);
    }
  }

  /**
   * Records a call that returned {@code result}, judged by the SLO. Never throws; a bad {@code elapsed} is counted and
   * corrected as in {@link #recordGood}.
   */
  public void recordResult(Duration elapsed, Object result) {
    long now = readEventClock(); // the duration is given: the time only stamps the budget
    try {
      judgeAndRecord(nanos(elapsed, now), now, result, null);
    } catch (Throwable t) {
      failed(t, now);
    }
  }

  private void recordByHand(boolean good, Duration elapsed, String reason) {
    long now = readEventClock(); // the duration is given: the time only stamps the budget
    try {
      emit(good, nanos(elapsed, now), now, reason);
    } catch (Throwable t) {
      failed(t, now);
    }
  }

  /**
   * Counts the event in the local budget and hands it to every sink in order (a good event only to the sinks that
   * record good events). A failure of one is counted and the
   * next still gets the event: one broken recorder never silences the others.
   */
  private void emit(boolean good, long elapsed, long now, String reason) {
    try {
      budget.record(good, now);
    } catch (Throwable t) {
      failed(t, now);
    }
    for (EventSink sink : good ? goodSinks : sinks) {
      try {
        sink.record(good, elapsed, reason);
      } catch (Throwable t) {
        failed(t, now);
      }
    }
  }

  /** Counts a failure of the recording path; rethrows only what the JVM cannot carry on after. */
  private void failed(Throwable t, long now) {
    RecordingFailures.rethrowIfFatal(t);
    failures.report(slo.name(), t, now);
  }

  /** When an untimed event happened, as precisely as the budget's slots need; never throws. */
  private long readEventClock() {
    return read(eventClock);
  }

  /** The ticker's reading; never throws. */
  private long read() {
    return read(ticker);
  }

  /** A clock's reading; if the clock throws, the failure is counted and 0 returned. */
  private long read(Ticker clock) {
    try {
      return clock.read();
    } catch (Throwable t) {
      failed(t, 0);
      return 0;
    }
  }

  /** A measured elapsed time within [0, 10 years]; one outside is counted as a bad argument and clamped. */
  private long elapsed(long nanos, long now) {
    if (nanos >= 0 && nanos <= MAX_NANOS) {
      return nanos;
    }
    failures.badArgument(slo.name(), "elapsed time of " + nanos + " ns is outside [0, 10 years]; recorded as "
        + (nanos < 0 ? "0" : "10 years") + " (was start read from this meter's ticker?)", now);
    return nanos < 0 ? 0 : MAX_NANOS;
  }

  /** A duration given by hand in nanoseconds within [0, 10 years]; a bad one is counted and corrected. */
  private long nanos(Duration elapsed, long now) {
    if (elapsed == null) {
      failures.badArgument(slo.name(), "elapsed is null; recorded as 0", now);
      return 0;
    }
    if (elapsed.isNegative()) {
      failures.badArgument(slo.name(), "elapsed must not be negative, was " + elapsed + "; recorded as 0", now);
      return 0;
    }
    if (elapsed.compareTo(Durations.MAX) > 0) {
      failures.badArgument(slo.name(), "elapsed of " + elapsed + " is longer than 10 years; recorded as 10 years",
          now);
      return MAX_NANOS;
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
