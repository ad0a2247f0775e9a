package dev.slo4j.micrometer;

import dev.slo4j.MetricNames;
import dev.slo4j.ServiceLevelObjective;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.DoubleStream;

/**
 * Keeps each latency SLO's threshold in its timer's histogram buckets whatever other filters did before it.
 *
 * <p>Why: a filter may <em>replace</em> a meter's service-level-objective buckets instead of adding to them. Spring
 * Boot's {@code management.metrics.distribution.slo.slo4j.latency=100ms} does exactly that, and a lost threshold bucket
 * silently breaks the latency SLO's rules (they divide by a series that no longer exists). This filter merges the
 * threshold back in, and turns off the percentile histogram and client-side percentiles on slo4j's timer, so the timer
 * keeps the one bucket the rules need and no dozens of others.
 *
 * <p>Micrometer applies filters in the order they were added, so this one must come after the filters it repairs:
 * {@link MicrometerSloRecorder} adds it when it is created, which in Spring Boot is after the registry's own property
 * filters. Thread-safe.
 */
public final class SloBucketsMeterFilter implements MeterFilter {

  private final Map<String, Double> thresholdNanos = new ConcurrentHashMap<>();

  /** Registers the threshold of a latency SLO; called before its timer is created. */
  void add(ServiceLevelObjective slo, Duration threshold) {
    thresholdNanos.put(key(slo.name(), slo.service()), (double) threshold.toNanos());
  }

  @Override
  public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
    if (!MetricNames.LATENCY.equals(id.getName())) {
      return config;
    }
    Double threshold = thresholdNanos.get(key(id.getTag(MetricNames.TAG_SLO), id.getTag(MetricNames.TAG_SERVICE)));
    if (threshold == null) {
      return config;
    }
    double[] existing = config.getServiceLevelObjectiveBoundaries();
    double[] merged = DoubleStream.concat(existing == null ? DoubleStream.empty() : Arrays.stream(existing),
            DoubleStream.of(threshold))
        .distinct()
        .sorted()
        .toArray();
    return DistributionStatisticConfig.builder()
        .serviceLevelObjectives(merged)
        .percentilesHistogram(false)
        .percentiles()
        .build()
        .merge(config);
  }

  private static String key(String slo, String service) {
    return Objects.toString(slo) + '\u0000' + Objects.toString(service);
  }
}
