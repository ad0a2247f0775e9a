package dev.slo4j;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Where one SLO's events go once slo4j has judged them: the hot path of every measured call. A metrics library
 * (slo-micrometer), an event pipeline (OpenTelemetry) or a test implements it; slo-core never knows which, the way
 * Caffeine's {@code StatsCounter} lets Micrometer count a cache without Caffeine depending on Micrometer.
 *
 * <p>Implementations must be thread-safe, cheap (no allocation per call in steady state) and must not block. They may
 * throw: the caller ({@link dev.slo4j.SloMeter}) catches anything (but {@link OutOfMemoryError}, {@link InternalError}
 * and {@link UnknownError}), logs (rate-limited) and counts every failure and hands the event to the next sink, so a
 * broken sink never reaches business code nor silences another recorder. Obtain one per SLO from
 * {@link SloRecorder#register}.
 */
public interface EventSink {

  /** {@code reason} of a returned value that the SLO's result predicate marked bad. */
  String REASON_BAD_RESULT = "bad_result";
  /** {@code reason} of a call that took longer than a latency SLO's threshold. */
  String REASON_OVER_THRESHOLD = "over_threshold";

  /** A sink that drops everything. */
  EventSink NOOP = (good, durationNanos, reason) -> {};

  /**
   * Whether this sink reads {@code durationNanos}. A meter whose SLI needs no duration (availability) and whose sinks
   * all say no does not read the clock when a call starts; {@code durationNanos} is then 0. True unless overridden.
   */
  default boolean needsDuration() {
    return true;
  }

  /** {@code sink} that declares it never reads the duration ({@link #needsDuration()} false): counters of events. */
  static EventSink withoutDuration(EventSink sink) {
    Objects.requireNonNull(sink, "sink");
    return new EventSink() {
      @Override
      public void record(boolean good, long durationNanos, String reason) {
        sink.record(good, durationNanos, reason);
      }

      @Override
      public boolean needsDuration() {
        return false;
      }
    };
  }

  /**
   * Whether this sink does anything with a good event. A sink that counts only bad events (its good count read from
   * {@link LocalBudget#goodEvents()}, as slo-micrometer's) says no, and a call that succeeds is not handed to it: on
   * the path of an availability SLO, handing every good event to a sink that drops it was a quarter of slo4j's cost
   * (issue 17). True unless overridden.
   */
  default boolean recordsGood() {
    return true;
  }

  /**
   * A sink of bad events only, for a recorder that counts good events from {@link LocalBudget#goodEvents()}:
   * {@code onBad} gets each bad event's reason; the sink reads no duration ({@link #needsDuration()} false) and takes
   * no good event ({@link #recordsGood()} false), so a successful call of an availability SLO reads no clock to start
   * and calls no sink.
   */
  static EventSink badEventsOnly(Consumer<String> onBad) {
    Objects.requireNonNull(onBad, "onBad");
    return new EventSink() {
      @Override
      public void record(boolean good, long durationNanos, String reason) {
        if (!good) {
          onBad.accept(reason);
        }
      }

      @Override
      public boolean needsDuration() {
        return false;
      }

      @Override
      public boolean recordsGood() {
        return false;
      }
    };
  }

  /**
   * Records one judged event.
   *
   * @param good whether the event met the SLO
   * @param durationNanos how long the call took, in nanoseconds (0 when recorded by hand without a duration)
   * @param reason for a bad event, a low-cardinality cause in the OpenTelemetry {@code error.type} convention: the
   *     exception's class name, {@link #REASON_BAD_RESULT} or {@link #REASON_OVER_THRESHOLD}; {@code null} when good
   */
  void record(boolean good, long durationNanos, String reason);

  /**
   * One sink that feeds all of these, in order; a failing sink (anything it throws, {@link Error}s included) does not
   * stop the ones after it. After all of them ran, the first failure is rethrown unchanged with the later ones
   * suppressed; an {@link OutOfMemoryError}, {@link InternalError} or {@link UnknownError} is rethrown at once.
   * {@link dev.slo4j.SloRegistry} does not compose recorders this way: its meters call each sink themselves and count
   * every failing one.
   */
  static EventSink of(List<EventSink> sinks) {
    List<EventSink> all = List.copyOf(sinks);
    if (all.isEmpty()) {
      return NOOP;
    }
    if (all.size() == 1) {
      return all.get(0);
    }
    EventSink[] array = all.toArray(new EventSink[0]);
    boolean needsDuration = all.stream().anyMatch(EventSink::needsDuration);
    boolean recordsGood = all.stream().anyMatch(EventSink::recordsGood);
    return new EventSink() {
      @Override
      public boolean needsDuration() {
        return needsDuration;
      }

      @Override
      public boolean recordsGood() {
        return recordsGood;
      }

      @Override
      public void record(boolean good, long durationNanos, String reason) {
        recordAll(array, good, durationNanos, reason);
      }
    };
  }

  private static void recordAll(EventSink[] array, boolean good, long durationNanos, String reason) {
    Throwable first = null;
    for (EventSink sink : array) {
      try {
        sink.record(good, durationNanos, reason);
      } catch (Throwable t) {
        RecordingFailures.rethrowIfFatal(t);
        if (first == null) {
          first = t;
        } else if (first != t) {
          first.addSuppressed(t);
        }
      }
    }
    if (first != null) {
      throw EventSink.<RuntimeException>rethrow(first);
    }
  }

  /** Throws {@code t} as it is, checked or not: the sinks' failures reach the caller of the composed sink unchanged. */
  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E rethrow(Throwable t) throws E {
    throw (E) t;
  }

  /** As {@link #of(List)}. */
  static EventSink of(EventSink... sinks) {
    for (EventSink s : sinks) {
      Objects.requireNonNull(s, "sink");
    }
    return of(List.of(sinks));
  }
}
