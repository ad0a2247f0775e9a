package dev.slo4j;

import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.LocalBudget;

/**
 * The one extension point through which an SLO's events leave slo-core: slo-micrometer implements it with meters,
 * an OpenTelemetry bridge with log events. Registration is separate from recording so that an implementation can
 * create every series at zero when the SLO is registered (before the first request, so the generated Prometheus rules
 * never see a missing series) and resolve its meters once, leaving the hot path a field read.
 *
 * <p>Implementations must be thread-safe. {@link #register} is called once per SLO by {@link dev.slo4j.SloRegistry};
 * it may throw on a misconfiguration (that fails at startup, where it belongs).
 */
public interface SloRecorder {

  /** A recorder that records nothing: the default when no metrics library is present. */
  SloRecorder NOOP = (slo, budget) -> EventSink.NOOP;

  /**
   * Registers an SLO: creates its series at zero and returns the sink for its events.
   *
   * @param slo the validated SLO
   * @param budget this instance's rolling view of the SLO's budget, for implementations that publish it (gauges)
   */
  EventSink register(ServiceLevelObjective slo, LocalBudget budget);
}
