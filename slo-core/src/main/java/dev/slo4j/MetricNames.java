package dev.slo4j;

import dev.slo4j.format.Durations;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Every name slo4j gives to telemetry, in one place: Micrometer meters and tags, their Prometheus spellings, and the
 * OpenTelemetry event and attribute names. The recorders (slo-micrometer, slo-opentelemetry), the resilience listeners
 * and the rule generator all read them from here, so the rules can never query a series the recorder does not write,
 * and one concept has one name everywhere (docs/architecture.md has the glossary).
 *
 * <p>Micrometer names are dotted ({@code slo4j.events}); Prometheus renders them with underscores, the {@code _total}
 * suffix for counters and the {@code _seconds} base unit for timers. Both spellings are here. OpenTelemetry attribute
 * names are the tag's concept under the {@code slo4j.} namespace, with {@code .name} for an entity's name
 * ({@code slo} becomes {@code slo4j.slo.name}, {@code slo.service} becomes {@code slo4j.slo.service}).
 */
public final class MetricNames {

  /** Counter of SLI events, tagged {@link #TAG_SLO}, {@link #TAG_SERVICE} and {@link #TAG_OUTCOME}. */
  public static final String EVENTS = "slo4j.events";
  /** Timer of latency-SLI calls, tagged {@link #TAG_SLO} and {@link #TAG_SERVICE}, publishing the SLO threshold as a histogram bucket. */
  public static final String LATENCY = "slo4j.latency";
  /** Gauge of the SLO's objective as a ratio (0.999), tagged {@link #TAG_SLO} and {@link #TAG_SERVICE}. */
  public static final String OBJECTIVE = "slo4j.objective";
  /**
   * Gauge of the share of the SLO window's error budget left on this instance (1 = untouched, below 0 = overspent),
   * tagged {@link #TAG_SLO} and {@link #TAG_SERVICE}. The fleet-wide value is the rules' {@code
   * slo4j:error_budget_remaining:ratio}.
   */
  public static final String BUDGET_REMAINING = "slo4j.budget.remaining";
  /**
   * Gauge of this instance's burn rate over one alert-policy window, tagged {@link #TAG_SLO}, {@link #TAG_SERVICE}
   * and {@link #TAG_WINDOW}.
   */
  public static final String BURN_RATE = "slo4j.burn.rate";
  /**
   * Counter of failures of the recording path: a recorder that threw (once per recorder and event), a bad argument to a
   * recording method (the event still recorded, corrected); the calls were unaffected. See
   * {@link SloRegistry#recordingFailures()}.
   */
  public static final String RECORDING_FAILURES = "slo4j.recording.failures";
  /** The tag of {@link #BURN_RATE} holding the window in Prometheus notation: {@code 5m}, {@code 1h}, {@code 3d}. */
  public static final String TAG_WINDOW = "window";
  /** The tag holding the SLO's name. */
  public static final String TAG_SLO = "slo";
  /**
   * The tag holding the SLO's service, so two services with an SLO of the same name in one Prometheus stay apart.
   * Not {@code service}: Kubernetes service discovery and the Prometheus Operator put a {@code service} target label
   * on every scraped series, which would overwrite it (or rename it {@code exported_service}).
   */
  public static final String TAG_SERVICE = "slo.service";
  /** The Prometheus label of {@link #TAG_SERVICE}. */
  public static final String PROMETHEUS_LABEL_SERVICE = "slo_service";
  /** The tag telling good events from bad ones. */
  public static final String TAG_OUTCOME = "outcome";
  /** {@link #TAG_OUTCOME} of a good event. */
  public static final String OUTCOME_GOOD = "good";
  /** {@link #TAG_OUTCOME} of a bad event. */
  public static final String OUTCOME_BAD = "bad";

  /** Counter of answers a resilience policy gave instead of the real call, tagged {@link #TAG_POLICY} and {@link #TAG_DEGRADATION}. */
  public static final String DEGRADED = "slo4j.degraded";
  /** Counter of retries a resilience policy refused, tagged {@link #TAG_POLICY} and {@link #TAG_REASON}. */
  public static final String RETRIES_REFUSED = "slo4j.retries.refused";
  /** The tag holding a resilience policy's name. */
  public static final String TAG_POLICY = "policy";
  /** The tag holding how a policy degraded: {@link Degradation#label()}, {@code fallback}, {@code stale} or {@code shed}. */
  public static final String TAG_DEGRADATION = "degradation";
  /** The tag of {@link #RETRIES_REFUSED} holding why: {@link #REASON_RETRY_BUDGET} or {@link #REASON_DEADLINE}. */
  public static final String TAG_REASON = "reason";
  /** {@link #TAG_REASON}: the retry budget was spent. */
  public static final String REASON_RETRY_BUDGET = "retry_budget";
  /** {@link #TAG_REASON}: the retry could not finish before the caller's deadline. */
  public static final String REASON_DEADLINE = "deadline";

  /** The OpenTelemetry event name of a bad SLO event. */
  public static final String OTEL_EVENT_BAD = "slo4j.slo.bad_event";
  /** The OpenTelemetry event name of a degraded answer. */
  public static final String OTEL_EVENT_DEGRADED = "slo4j.resilience.degraded";
  /** The OpenTelemetry attribute of {@link #TAG_SLO}. */
  public static final String OTEL_SLO = "slo4j.slo.name";
  /** The OpenTelemetry attribute of {@link #TAG_SERVICE}. */
  public static final String OTEL_SERVICE = "slo4j.slo.service";
  /** The OpenTelemetry attribute holding how long the call took, in seconds. */
  public static final String OTEL_DURATION = "slo4j.call.duration";
  /** The OpenTelemetry attribute of {@link #TAG_POLICY}. */
  public static final String OTEL_POLICY = "slo4j.policy.name";
  /** The OpenTelemetry attribute of {@link #TAG_DEGRADATION}. */
  public static final String OTEL_DEGRADATION = "slo4j.degradation";

  /** The Prometheus name of {@link #EVENTS}. */
  public static final String PROMETHEUS_EVENTS = "slo4j_events_total";
  /** The Prometheus name of {@link #LATENCY}'s buckets. */
  public static final String PROMETHEUS_LATENCY_BUCKET = "slo4j_latency_seconds_bucket";
  /** The Prometheus name of {@link #LATENCY}'s event count. */
  public static final String PROMETHEUS_LATENCY_COUNT = "slo4j_latency_seconds_count";

  /** Prefix of every series slo4j's rules record. */
  public static final String RECORD_PREFIX = "slo4j:";
  /** The name of every burn-rate alert; {@code severity}, {@code slo} and {@code service} tell them apart. */
  public static final String BURN_ALERT = "SloErrorBudgetBurn";
  /** The alert raised when an SLI has no series while its service is up ({@link Alerting#absentFor()}). */
  public static final String ABSENT_ALERT = "SloSliAbsent";
  /** The ticket raised when an SLO's budget is spent ({@link Alerting#exhaustedFor()}). */
  public static final String EXHAUSTED_ALERT = "SloErrorBudgetExhausted";
  /** The ticket raised when the current burn spends the rest of the budget soon ({@link Alerting#exhaustionHorizon()}). */
  public static final String EXHAUSTION_PREDICTED_ALERT = "SloErrorBudgetExhaustionPredicted";
  /** Recorded budget remaining over the SLO window: 1 untouched, 0 spent, negative when the objective is missed. */
  public static final String RECORDED_BUDGET_REMAINING = RECORD_PREFIX + "error_budget_remaining:ratio";
  /** The recorded objective as a ratio, for dashboards. */
  public static final String RECORDED_OBJECTIVE = RECORD_PREFIX + "objective:ratio";

  /** The recorded error ratio over {@code window}, e.g. {@code slo4j:error_ratio:rate5m}. */
  public static String recordedErrorRatio(Duration window) {
    return RECORD_PREFIX + "error_ratio:rate" + Durations.format(window);
  }

  /** The recorded bad events over {@code window} for a page tier's low-traffic gate: {@code slo4j:bad_events:increase1h}. */
  public static String recordedBadEvents(Duration window) {
    return RECORD_PREFIX + "bad_events:increase" + Durations.prometheus(window);
  }

  /** The recorded bad-event tiles of width {@code tile}. */
  public static String recordedBadTiles(Duration tile) {
    return RECORD_PREFIX + "bad_events:rate" + Durations.format(tile);
  }

  /** The recorded all-event tiles of width {@code tile}. */
  public static String recordedTotalTiles(Duration tile) {
    return RECORD_PREFIX + "total_events:rate" + Durations.format(tile);
  }

  private MetricNames() {}

  /**
   * The histogram bucket boundaries, in seconds, the recorder publishes for a latency SLI: exactly the threshold, and
   * nothing else, so each latency SLO costs one bucket series per instance beyond the count.
   */
  public static List<BigDecimal> latencyBucketsSeconds(LatencySli sli) {
    Objects.requireNonNull(sli, "sli");
    return List.of(seconds(sli.threshold()));
  }

  /** A duration in seconds, exactly (thresholds are whole milliseconds). */
  public static BigDecimal seconds(Duration d) {
    return BigDecimal.valueOf(d.toNanos(), 9).stripTrailingZeros();
  }

  /**
   * Every spelling a Prometheus server may store for the {@code le} label of this bucket boundary: the exposition's
   * ({@code 0.3}, {@code 1.0} as Java prints it) and Prometheus 3's normalised float ({@code 1.0} where Prometheus 2
   * keeps {@code 1}). A rule must match all of them to work on both generations.
   */
  public static Set<String> leSpellings(BigDecimal seconds) {
    Objects.requireNonNull(seconds, "seconds");
    Set<String> spellings = new LinkedHashSet<>();
    BigDecimal v = seconds.stripTrailingZeros();
    String plain = v.scale() <= 0 ? v.setScale(0).toPlainString() : v.toPlainString();
    spellings.add(plain);
    if (v.scale() <= 0) {
      spellings.add(plain + ".0");
    }
    spellings.add(Double.toString(v.doubleValue()));
    return spellings;
  }
}
