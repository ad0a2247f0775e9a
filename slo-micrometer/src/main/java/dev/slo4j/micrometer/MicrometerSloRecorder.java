package dev.slo4j.micrometer;

import dev.slo4j.LatencySli;
import dev.slo4j.MetricNames;
import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.LocalBudget;
import dev.slo4j.format.Durations;
import dev.slo4j.EventSink;
import dev.slo4j.SloRecorder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Records SLO events as Micrometer meters, under the names the rule generator queries ({@link MetricNames}), and
 * publishes this instance's error budget as gauges.
 *
 * <p>Per SLO it creates, at registration and at zero, exactly the series the rules read: for an availability SLI the
 * {@code slo4j.events} counter with {@code outcome=good} and {@code outcome=bad}; for a latency SLI the {@code
 * slo4j.latency} timer with one histogram bucket, the threshold, and nothing else (no percentile histogram: one bucket
 * series per instance instead of seventy). Tags come from the SLO definition only ({@code slo}, {@code slo.service}),
 * never from request data, so cardinality is fixed by the code. The meters are resolved once; recording is a counter
 * increment or a timer record, with no lookup and no allocation. A good event of an availability SLI records nothing
 * here: the {@code outcome=good} series is a function counter over the SLO's local budget, which counts every event
 * anyway ({@link LocalBudget#goodEvents()}), so a successful call pays one atomic increment instead of two.
 *
 * <p>The constructor installs a {@link SloBucketsMeterFilter} on the registry so the threshold bucket survives
 * filters that replace a meter's buckets (Spring Boot's {@code management.metrics.distribution.slo.*}). Thread-safe.
 */
public final class MicrometerSloRecorder implements SloRecorder {

  private final MeterRegistry registry;
  private final SloBucketsMeterFilter buckets;

  /** Records into {@code registry}, adding slo4j's bucket filter to it. */
  public MicrometerSloRecorder(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.buckets = new SloBucketsMeterFilter();
    registry.config().meterFilter(buckets);
  }

  @Override
  public EventSink register(ServiceLevelObjective slo, LocalBudget budget) {
    Objects.requireNonNull(slo, "slo");
    Objects.requireNonNull(budget, "budget");
    Tags tags = tags(slo);
    Gauge.builder(MetricNames.OBJECTIVE, slo, s -> s.objective().ratio().doubleValue())
        .tags(tags)
        .description("The SLO's objective as a ratio")
        .strongReference(true)
        .register(registry);
    Gauge.builder(MetricNames.BUDGET_REMAINING, budget, LocalBudget::remaining)
        .tags(tags)
        .description("Share of the SLO window's error budget left, from this instance's events")
        .strongReference(true)
        .register(registry);
    for (Duration window : budget.windows()) {
      Gauge.builder(MetricNames.BURN_RATE, budget, b -> b.burnRate(window))
          .tags(tags)
          .tag(MetricNames.TAG_WINDOW, Durations.prometheus(window))
          .description("How many times faster than sustainable this instance burns the error budget")
          .strongReference(true)
          .register(registry);
    }
    LatencySli latency = slo.sli().match(availability -> null, l -> l);
    if (latency != null) {
      buckets.add(slo, latency.threshold());
      Timer timer = Timer.builder(MetricNames.LATENCY)
          .tags(tags)
          .description("Duration of calls measured by a latency SLO; the threshold is a histogram bucket")
          .serviceLevelObjectives(latency.threshold())
          .publishPercentileHistogram(false)
          .register(registry);
      checkThresholdBucket(slo, latency, timer);
      return (good, durationNanos, reason) -> timer.record(durationNanos, TimeUnit.NANOSECONDS);
    }
    // Good events are the budget's own count, read when the registry publishes: a successful call then pays one
    // atomic increment (the budget's), not two. Bad events are rare and counted here.
    GoodEvents.of(registry, tags).add(budget);
    Counter bad = Counter.builder(MetricNames.EVENTS)
        .tags(tags)
        .tag(MetricNames.TAG_OUTCOME, MetricNames.OUTCOME_BAD)
        .description(EVENTS_DESCRIPTION)
        .register(registry);
    // Counting bad events needs no duration and no good event: a successful call reads no clock to start and calls
    // no sink.
    return EventSink.badEventsOnly(reason -> bad.increment());
  }

  /**
   * Fails fast when the published histogram cannot contain the threshold: the rules would count every call as bad
   * (the SLO pages). slo4j's bucket filter repairs filters added before this recorder; one added after it, or a timer
   * registered under the same name and tags before slo4j, still can. A timer a filter denied publishes nothing at all
   * (the absent-SLI alert's case) and is left alone.
   */
  static void checkThresholdBucket(ServiceLevelObjective slo, LatencySli latency, Timer timer) {
    if (timer instanceof io.micrometer.core.instrument.noop.NoopTimer) {
      return;
    }
    double threshold = latency.threshold().toNanos();
    io.micrometer.core.instrument.distribution.CountAtBucket[] buckets = timer.takeSnapshot().histogramCounts();
    if (java.util.Arrays.stream(buckets).noneMatch(b -> b.bucket(TimeUnit.NANOSECONDS) == threshold)) {
      throw new IllegalStateException("slo '" + slo.name() + "' of service '" + slo.service() + "': the "
          + MetricNames.LATENCY + " timer has no histogram bucket at its threshold " + MetricNames.seconds(
          latency.threshold()) + "s (buckets in seconds: " + java.util.Arrays.stream(buckets)
          .map(b -> String.valueOf(b.bucket(TimeUnit.SECONDS))).toList() + "), so its rules would count every call "
          + "as bad. A meter filter added to the registry after slo4j's recorder replaced the buckets, or the timer "
          + "was registered before slo4j: add such filters before creating the recorder.");
    }
  }

  private static final String EVENTS_DESCRIPTION = "Events of an availability SLO, good or bad";

  /**
   * The one good-events counter of an SLO's name and tags in a registry, summing the budgets of every meter registered
   * under them: two registries of slo4j (or two recorders) on one meter registry add up, as they did when both
   * incremented one shared counter. Without this, Micrometer would hand the second registration the first one's
   * function counter and the second meter's good events would go uncounted.
   */
  private static final class GoodEvents {
    private static final Map<MeterRegistry, Map<Tags, GoodEvents>> BY_REGISTRY =
        Collections.synchronizedMap(new WeakHashMap<>());

    private final List<LocalBudget> budgets = new CopyOnWriteArrayList<>();

    static GoodEvents of(MeterRegistry registry, Tags tags) {
      Map<Tags, GoodEvents> counters = BY_REGISTRY.computeIfAbsent(registry, r -> new ConcurrentHashMap<>());
      return counters.computeIfAbsent(tags, t -> {
        GoodEvents good = new GoodEvents();
        FunctionCounter.builder(MetricNames.EVENTS, good, GoodEvents::count)
            .tags(t)
            .tag(MetricNames.TAG_OUTCOME, MetricNames.OUTCOME_GOOD)
            .description(EVENTS_DESCRIPTION)
            .register(registry);
        return good;
      });
    }

    void add(LocalBudget budget) {
      budgets.add(budget);
    }

    double count() {
      long total = 0;
      for (LocalBudget budget : budgets) {
        total += budget.goodEvents();
      }
      return total;
    }
  }

  static Tags tags(ServiceLevelObjective slo) {
    return Tags.of(MetricNames.TAG_SLO, slo.name(), MetricNames.TAG_SERVICE, slo.service());
  }
}
