package dev.slo4j;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The names and tags of the metrics slo4j records, in one place that both the recorder (slo-micrometer) and the rule
 * generator read, so the rules can never query a series the recorder does not write.
 *
 * <p>Micrometer names are dotted ({@code slo4j.events}); Prometheus renders them with underscores, the {@code _total}
 * suffix for counters and the {@code _seconds} base unit for timers. Both spellings are here.
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

  /** The Prometheus name of {@link #EVENTS}. */
  public static final String PROMETHEUS_EVENTS = "slo4j_events_total";
  /** The Prometheus name of {@link #LATENCY}'s buckets. */
  public static final String PROMETHEUS_LATENCY_BUCKET = "slo4j_latency_seconds_bucket";
  /** The Prometheus name of {@link #LATENCY}'s event count. */
  public static final String PROMETHEUS_LATENCY_COUNT = "slo4j_latency_seconds_count";

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
