package dev.slo4j.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slo4j.AvailabilitySli;
import dev.slo4j.LatencySli;
import dev.slo4j.MetricNames;
import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.SloMeter;
import dev.slo4j.SloRegistry;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MicrometerSloRecorderTest {

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  private SloRegistry slos() {
    return SloRegistry.builder().recorder(new MicrometerSloRecorder(prometheus)).ticker(nanos::get).build();
  }

  private static ServiceLevelObjective checkout() {
    return ServiceLevelObjective.builder("checkout").service("shop").objective("99.9")
        .sli(AvailabilitySli.builder().goodOn(IllegalArgumentException.class).build()).build();
  }

  private static ServiceLevelObjective search() {
    return ServiceLevelObjective.builder("search").service("shop").objective("99").sli(LatencySli.of(Duration.ofMillis(300))).build();
  }

  /** The value of the one scraped sample whose name and labels contain all of {@code parts}. */
  private double sample(String name, String... labels) {
    String scrape = prometheus.scrape();
    Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(?:\\{([^}]*)\\})? (\\S+)$", Pattern.MULTILINE);
    Matcher m = line.matcher(scrape);
    Double found = null;
    while (m.find()) {
      boolean all = true;
      for (String l : labels) {
        all &= m.group(1) != null && m.group(1).contains(l);
      }
      if (all) {
        assertThat(found).as("more than one %s sample with %s in%n%s", name, String.join(",", labels), scrape).isNull();
        found = Double.parseDouble(m.group(2));
      }
    }
    assertThat(found).as("no %s sample with %s in%n%s", name, String.join(",", labels), scrape).isNotNull();
    return found;
  }

  @Test
  void everySeriesTheRulesReadExistsAtZeroBeforeTheFirstCall() {
    SloRegistry slos = slos();
    slos.register(checkout());
    slos.register(search());

    assertThat(sample(MetricNames.PROMETHEUS_EVENTS, "outcome=\"good\"", "slo=\"checkout\"", "slo_service=\"shop\""))
        .isZero();
    assertThat(sample(MetricNames.PROMETHEUS_EVENTS, "outcome=\"bad\"", "slo=\"checkout\"")).isZero();
    assertThat(sample(MetricNames.PROMETHEUS_LATENCY_BUCKET, "le=\"0.3\"", "slo=\"search\"", "slo_service=\"shop\""))
        .isZero();
    assertThat(sample(MetricNames.PROMETHEUS_LATENCY_COUNT, "slo=\"search\"")).isZero();
    assertThat(sample("slo4j_objective", "slo=\"checkout\"")).isEqualTo(0.999);
    assertThat(sample("slo4j_budget_remaining", "slo=\"checkout\"")).isEqualTo(1.0);
    assertThat(sample("slo4j_burn_rate", "slo=\"checkout\"", "window=\"5m\"")).isZero();
    assertThat(sample("slo4j_burn_rate", "slo=\"checkout\"", "window=\"3d\"")).isZero();
  }

  @Test
  void theLatencyTimerPublishesTheThresholdAndNoOtherBucket() {
    slos().register(search());
    String scrape = prometheus.scrape();
    assertThat(scrape.lines().filter(l -> l.startsWith(MetricNames.PROMETHEUS_LATENCY_BUCKET)))
        .extracting(l -> l.replaceAll(".*le=\"([^\"]+)\".*", "$1"))
        .containsExactlyInAnyOrder("0.3", "+Inf");
    assertThat(MetricNames.leSpellings(BigDecimal.valueOf(3, 1))).contains("0.3");
  }

  @Test
  void availabilityEventsAreJudgedByTheSloAndExceptionsPassUnchanged() throws Exception {
    SloMeter meter = slos().register(checkout());
    meter.get(() -> "ok");
    IllegalStateException boom = new IllegalStateException("down");
    assertThatThrownBy(() -> meter.get(() -> {
      throw boom;
    })).isSameAs(boom);
    IOException io = new IOException("io");
    assertThatThrownBy(() -> meter.call(() -> {
      throw io;
    })).isSameAs(io);
    assertThatThrownBy(() -> meter.run(() -> {
      throw new IllegalArgumentException("the caller's mistake");
    })).isInstanceOf(IllegalArgumentException.class);

    assertThat(sample(MetricNames.PROMETHEUS_EVENTS, "outcome=\"good\"", "slo=\"checkout\"")).isEqualTo(2.0);
    assertThat(sample(MetricNames.PROMETHEUS_EVENTS, "outcome=\"bad\"", "slo=\"checkout\"")).isEqualTo(2.0);
  }

  @Test
  void latencyIsJudgedAgainstTheThresholdInclusive() {
    SloMeter meter = slos().register(search());
    for (long ms : new long[] {100, 300, 301, 2000}) {
      meter.get(() -> nanos.addAndGet(Duration.ofMillis(ms).toNanos()));
    }
    assertThat(sample(MetricNames.PROMETHEUS_LATENCY_BUCKET, "le=\"0.3\"", "slo=\"search\"")).isEqualTo(2.0);
    assertThat(sample(MetricNames.PROMETHEUS_LATENCY_COUNT, "slo=\"search\"")).isEqualTo(4.0);
    assertThat(meter.budget().burnRate(Duration.ofMinutes(5))).isEqualTo(0.5 / 0.01);
  }

  @Test
  void anAsynchronousCallIsRecordedWhenItCompletesNotWhenItReturns() {
    SloMeter meter = slos().register(search());
    CompletableFuture<String> pending = new CompletableFuture<>();
    CompletableFuture<String> returned = meter.stage(() -> pending);
    assertThat(returned).isSameAs(pending);
    assertThat(sample(MetricNames.PROMETHEUS_LATENCY_COUNT, "slo=\"search\"")).isZero();

    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    pending.complete("late");
    assertThat(sample(MetricNames.PROMETHEUS_LATENCY_COUNT, "slo=\"search\"")).isEqualTo(1.0);
    assertThat(sample(MetricNames.PROMETHEUS_LATENCY_BUCKET, "le=\"0.3\"", "slo=\"search\"")).isZero();
  }

  @Test
  void anAsynchronousFailureIsJudgedByItsCauseNotItsWrapper() {
    SloMeter meter = slos().register(checkout());
    CompletableFuture<String> failed = meter.stage(() -> CompletableFuture.supplyAsync(() -> {
      throw new IllegalArgumentException("validation");
    }));
    assertThat(failed).failsWithin(Duration.ofSeconds(5));
    assertThat(sample(MetricNames.PROMETHEUS_EVENTS, "outcome=\"good\"", "slo=\"checkout\"")).isEqualTo(1.0);
    assertThat(sample(MetricNames.PROMETHEUS_EVENTS, "outcome=\"bad\"", "slo=\"checkout\"")).isZero();
  }

  @Test
  void theThresholdBucketSurvivesAFilterThatReplacesTheBuckets() {
    // Exactly what Spring Boot's PropertiesMeterFilter does for management.metrics.distribution.slo.slo4j.latency=1s,2s:
    // a new config with only its buckets, merged over the meter's own, so the meter's buckets are replaced.
    prometheus.config().meterFilter(new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (!id.getName().startsWith("slo4j.latency")) {
          return config;
        }
        return DistributionStatisticConfig.builder()
            .serviceLevelObjectives(Duration.ofSeconds(1).toNanos(), Duration.ofSeconds(2).toNanos())
            .percentilesHistogram(true)
            .build()
            .merge(config);
      }
    });
    slos().register(search());
    assertThat(prometheus.scrape().lines().filter(l -> l.startsWith(MetricNames.PROMETHEUS_LATENCY_BUCKET)))
        .extracting(l -> l.replaceAll(".*le=\"([^\"]+)\".*", "$1"))
        .containsExactlyInAnyOrder("0.3", "1.0", "2.0", "+Inf");
  }

  @Test
  void aHistogramThatCannotHoldTheThresholdFailsAtRegistration() {
    // A replacing filter added after the recorder (so after slo4j's repair): the bucket would be lost.
    SloRegistry slos = slos();
    prometheus.config().meterFilter(new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        return DistributionStatisticConfig.builder().serviceLevelObjectives(Duration.ofSeconds(1).toNanos()).build()
            .merge(config);
      }
    });
    assertThatThrownBy(() -> slos.register(search()))
        .hasMessageContaining("has no histogram bucket at its threshold 0.3s")
        .hasMessageContaining("every call as bad");
  }

  @Test
  void withoutTheMergeFilterTheReplacingFilterWouldLoseTheBucket() {
    // The control for the test above: the same replacing filter on a registry slo4j does not repair.
    PrometheusMeterRegistry plain = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    plain.config().meterFilter(new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        return DistributionStatisticConfig.builder().serviceLevelObjectives(Duration.ofSeconds(1).toNanos()).build()
            .merge(config);
      }
    });
    io.micrometer.core.instrument.Timer.builder(MetricNames.LATENCY).serviceLevelObjectives(Duration.ofMillis(300))
        .register(plain);
    assertThat(plain.scrape()).doesNotContain("le=\"0.3\"");
  }

  @Test
  void aFailingRecorderNeverReachesTheCallerAndIsCounted() {
    SloRegistry slos = SloRegistry.builder()
        .recorder(new MicrometerSloRecorder(prometheus))
        .recorder((slo, budget) -> (good, d, reason) -> {
          throw new UncheckedIOException(new IOException("disk full"));
        })
        .ticker(nanos::get)
        .build();
    new SloRegistryMetrics(slos).bindTo(prometheus);
    SloMeter meter = slos.register(checkout());

    assertThat(meter.get(() -> "business result")).isEqualTo("business result");
    assertThat(meter.get(() -> "again")).isEqualTo("again");

    assertThat(slos.recordingFailures()).isEqualTo(2);
    assertThat(sample("slo4j_recording_failures_total")).isEqualTo(2.0);
    // The recorders before the failing one still recorded.
    assertThat(sample(MetricNames.PROMETHEUS_EVENTS, "outcome=\"good\"", "slo=\"checkout\"")).isEqualTo(2.0);
  }

  @Test
  void anErrorFromAnEarlierRecorderAndABadArgumentAreCountedAndTheNextRecorderStillRecords() {
    SloRegistry slos = SloRegistry.builder()
        .recorder((slo, budget) -> (good, d, reason) -> {
          throw new StackOverflowError("buggy sink");
        })
        .recorder(new MicrometerSloRecorder(prometheus))
        .ticker(nanos::get)
        .build();
    new SloRegistryMetrics(slos).bindTo(prometheus);
    SloMeter meter = slos.register(checkout());

    assertThat(meter.get(() -> "business result")).isEqualTo("business result");
    meter.recordGood(Duration.ofMillis(-1));

    assertThat(sample("slo4j_recording_failures_total")).isEqualTo(3.0);
    assertThat(sample(MetricNames.PROMETHEUS_EVENTS, "outcome=\"good\"", "slo=\"checkout\"")).isEqualTo(2.0);
  }

  @Test
  void twoServicesWithAnSloOfTheSameNameStayApart() {
    MicrometerSloRecorder recorder = new MicrometerSloRecorder(prometheus);
    SloMeter shop = SloRegistry.create(recorder).register(checkout());
    SloMeter pay = SloRegistry.create(recorder).register(checkout().toBuilder().service("payments").build());
    shop.get(() -> 1);
    pay.get(() -> 1);
    pay.get(() -> 1);
    assertThat(sample(MetricNames.PROMETHEUS_EVENTS, "outcome=\"good\"", "slo_service=\"shop\"")).isEqualTo(1.0);
    assertThat(sample(MetricNames.PROMETHEUS_EVENTS, "outcome=\"good\"", "slo_service=\"payments\"")).isEqualTo(2.0);
  }

  /**
   * Good events are a function counter over each meter's budget: two slo4j registries (each with its own recorder)
   * registering one SLO on one meter registry must add up, as they did when both incremented a shared counter.
   */
  @Test
  void twoRegistriesOfOneSloOnOneMeterRegistryAddUp() {
    SloMeter first = SloRegistry.create(new MicrometerSloRecorder(prometheus)).register(checkout());
    SloMeter second = SloRegistry.create(new MicrometerSloRecorder(prometheus)).register(checkout());
    first.get(() -> 1);
    second.get(() -> 1);
    second.get(() -> 1);
    second.recordBad(Duration.ofMillis(3), "timeout");
    assertThat(sample(MetricNames.PROMETHEUS_EVENTS, "outcome=\"good\"", "slo=\"checkout\"")).isEqualTo(3.0);
    assertThat(sample(MetricNames.PROMETHEUS_EVENTS, "outcome=\"bad\"", "slo=\"checkout\"")).isEqualTo(1.0);
  }
}
