package dev.slo4j.spi;

import java.util.List;
import java.util.Objects;

/**
 * Where one SLO's events go once slo4j has judged them: the hot path of every measured call. A metrics library
 * (slo-micrometer), an event pipeline (OpenTelemetry) or a test implements it; slo-core never knows which, the way
 * Caffeine's {@code StatsCounter} lets Micrometer count a cache without Caffeine depending on Micrometer.
 *
 * <p>Implementations must be thread-safe, cheap (no allocation per call in steady state) and must not block. They may
 * throw: the caller ({@link dev.slo4j.SloMeter}) catches, logs (rate-limited) and counts every failure, so a broken
 * sink never reaches business code. Obtain one per SLO from {@link SloRecorder#register}.
 */
public interface EventSink {

  /** {@code reason} of a returned value that the SLO's result predicate marked bad. */
  String REASON_BAD_RESULT = "bad_result";
  /** {@code reason} of a call that took longer than a latency SLO's threshold. */
  String REASON_OVER_THRESHOLD = "over_threshold";

  /** A sink that drops everything. */
  EventSink NOOP = (good, durationNanos, reason) -> {};

  /**
   * Records one judged event.
   *
   * @param good whether the event met the SLO
   * @param durationNanos how long the call took, in nanoseconds (0 when recorded by hand without a duration)
   * @param reason for a bad event, a low-cardinality cause in the OpenTelemetry {@code error.type} convention: the
   *     exception's class name, {@link #REASON_BAD_RESULT} or {@link #REASON_OVER_THRESHOLD}; {@code null} when good
   */
  void record(boolean good, long durationNanos, String reason);

  /** One sink that feeds all of these, in order; a failing sink does not stop the ones after it. */
  static EventSink of(List<EventSink> sinks) {
    List<EventSink> all = List.copyOf(sinks);
    if (all.isEmpty()) {
      return NOOP;
    }
    if (all.size() == 1) {
      return all.get(0);
    }
    EventSink[] array = all.toArray(new EventSink[0]);
    return (good, durationNanos, reason) -> {
      RuntimeException first = null;
      for (EventSink sink : array) {
        try {
          sink.record(good, durationNanos, reason);
        } catch (RuntimeException e) {
          if (first == null) {
            first = e;
          } else {
            first.addSuppressed(e);
          }
        }
      }
      if (first != null) {
        throw first;
      }
    };
  }

  /** As {@link #of(List)}. */
  static EventSink of(EventSink... sinks) {
    for (EventSink s : sinks) {
      Objects.requireNonNull(s, "sink");
    }
    return of(List.of(sinks));
  }
}
