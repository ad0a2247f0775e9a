package dev.slo4j.micrometer;

import dev.slo4j.MetricNames;
import dev.slo4j.SloRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;

/**
 * Publishes the health of slo4j itself: how many events it could not record. Recording failures never reach business
 * code, so without this counter a broken recorder would only show as SLO series that stopped moving. Bind it once per
 * {@link SloRegistry}.
 */
public final class SloRegistryMetrics implements MeterBinder {

  private final SloRegistry slos;

  public SloRegistryMetrics(SloRegistry slos) {
    this.slos = Objects.requireNonNull(slos, "slos");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder(MetricNames.RECORDING_FAILURES, slos, r -> (double) r.recordingFailures())
        .description("Failures of slo4j's recording path: a recorder that threw (per recorder and event), a bad argument"
            + " to a recording method (the event recorded corrected); the calls were unaffected")
        .register(registry);
  }
}
