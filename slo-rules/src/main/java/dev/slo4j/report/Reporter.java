package dev.slo4j.report;

import dev.slo4j.MetricNames;
import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.format.YamlText;
import dev.slo4j.rules.internal.PrometheusApi;
import dev.slo4j.rules.internal.PrometheusApi.PrometheusException;
import dev.slo4j.rules.internal.PrometheusApi.Point;
import dev.slo4j.rules.internal.PrometheusApi.Sample;
import dev.slo4j.rules.internal.PrometheusApi.Series;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Reads a {@link Report} from a real Prometheus over its HTTP API: the series slo4j's generated rules record (the
 * bad and total event tiles, {@code slo4j:error_budget_remaining:ratio}) and the {@code ALERTS} of their alerts
 * (burn rate, absent SLI, budget exhaustion; another rule's alerts on the same labels are not counted). It reads what paged people, not a recomputation from raw metrics. Each range query returns at most
 * {@link PrometheusApi#MAX_POINTS} points per series. Immutable; thread-safe.
 */
public final class Reporter {

  /** The step of the alert timeline: the usual rule evaluation interval. */
  static final Duration ALERT_STEP = Duration.ofMinutes(1);
  /** How far back the budget's last recorded value is looked for: three evaluations of a 5-minute tile group. */
  static final Duration LOOKBACK = Duration.ofMinutes(15);

  private final PrometheusApi prometheus;

  private Reporter(PrometheusApi prometheus) {
    this.prometheus = prometheus;
  }

  /**
   * A reporter on the Prometheus at {@code prometheus} (its base URL), each request bounded by {@code timeout}.
   *
   * @throws IllegalArgumentException for a URL that is not http(s) with a host, or a timeout outside (0, 5 minutes]
   */
  public static Reporter of(URI prometheus, Duration timeout) {
    return new Reporter(PrometheusApi.of(prometheus, timeout));
  }

  /**
   * The report of {@code slos} over {@code period}.
   *
   * @throws ReportException when Prometheus cannot be reached or its answer cannot be used
   */
  public Report read(List<ServiceLevelObjective> slos, Period period) throws ReportException {
    Objects.requireNonNull(slos, "slos");
    Objects.requireNonNull(period, "period");
    List<SloReport> reports = new ArrayList<>();
    try {
      for (ServiceLevelObjective slo : slos) {
        reports.add(read(slo, period));
      }
    } catch (PrometheusException e) {
      throw new ReportException(e.getMessage());
    }
    return new Report(period, reports);
  }

  /** The step for an SLO: a whole number of tiles, so that a query returns at most MAX_POINTS points. */
  static Duration step(Duration tile, Period period) {
    long tiles = Math.max(1, -Math.floorDiv(-period.length().toMillis(),
        tile.toMillis() * (PrometheusApi.MAX_POINTS - 1)));
    return tile.multipliedBy(tiles);
  }

  private SloReport read(ServiceLevelObjective slo, Period period) throws PrometheusException {
    Duration tile = slo.alertPolicy().shortestWindow(slo.window());
    Duration step = step(tile, period);
    String sel = "{service=" + YamlText.promQlString(slo.service()) + ",slo=" + YamlText.promQlString(slo.name()) + "}";
    // A tile recorded at T holds the events of (T - tile, T]. The step (t - step, t] sums the tiles whose middle is in
    // it: those recorded in (t - step + tile/2, t + tile/2], so that no step is late by a tile. The range is 1 ms
    // shorter than the step because Prometheus 2 ranges include both ends.
    String range = "[" + (step.toMillis() - 1) + "ms]";
    long n = Math.max(1, period.length().toMillis() / step.toMillis()); // a period shorter than a tile: one step
    Duration half = tile.dividedBy(2);
    Instant first = period.to().minus(step.multipliedBy(n - 1)).plus(half);
    Instant last = period.to().plus(half);
    Map<Long, Double> bad = points(prometheus.range("sum(sum_over_time(" + MetricNames.recordedBadTiles(tile) + sel
        + range + "))", first, last, step));
    Map<Long, Double> total = points(prometheus.range("sum(sum_over_time(" + MetricNames.recordedTotalTiles(tile)
        + sel + range + "))", first, last, step));
    double perTile = tile.toSeconds();
    List<SloReport.Step> steps = new ArrayList<>();
    total.forEach((t, events) -> {
      double b = bad.getOrDefault(t, 0.0);
      if (!events.isNaN() && !Double.isNaN(b)) {
        steps.add(new SloReport.Step(Instant.ofEpochMilli(t).minus(half), b * perTile, events * perTile));
      }
    });
    List<Sample> remaining = prometheus.instant("min(last_over_time(" + MetricNames.RECORDED_BUDGET_REMAINING + sel
        + "[" + LOOKBACK.toMinutes() + "m]))", period.to());
    Double budget = remaining.isEmpty() || Double.isNaN(remaining.get(0).value()) ? null : remaining.get(0).value();
    return new SloReport(slo, step, steps, budget, alerts(sel, period));
  }

  private List<SloReport.AlertEpisode> alerts(String sel, Period period) throws PrometheusException {
    // Every alert slo4j generates for the SLO (names without regex metacharacters), not another rule's.
    String names = String.join("|", MetricNames.BURN_ALERT, MetricNames.ABSENT_ALERT, MetricNames.EXHAUSTED_ALERT,
        MetricNames.EXHAUSTION_PREDICTED_ALERT);
    String selector = sel.substring(0, sel.length() - 1) + ",alertname=~" + YamlText.promQlString(names)
        + ",alertstate=\"firing\"}";
    List<Series> series = prometheus.range("count by (alertname, severity) (count_over_time(ALERTS" + selector + "["
        + (ALERT_STEP.toMillis() - 1) + "ms]))", period.from().plus(ALERT_STEP), period.to(), ALERT_STEP);
    List<SloReport.AlertEpisode> episodes = new ArrayList<>();
    for (Series s : series) {
      String alertname = s.labels().getOrDefault("alertname", "");
      String severity = s.labels().getOrDefault("severity", "");
      Instant start = null;
      Instant last = null;
      for (Point p : s.points()) {
        Instant at = Instant.ofEpochMilli(p.epochMillis());
        if (start != null && at.isAfter(last.plus(ALERT_STEP))) {
          episodes.add(new SloReport.AlertEpisode(alertname, severity, start, last));
          start = null;
        }
        if (start == null) {
          start = at;
        }
        last = at;
      }
      if (start != null) {
        episodes.add(new SloReport.AlertEpisode(alertname, severity, start, last));
      }
    }
    episodes.sort((a, b) -> a.start().compareTo(b.start()));
    return episodes;
  }

  private static Map<Long, Double> points(List<Series> series) {
    Map<Long, Double> points = new TreeMap<>();
    for (Series s : series) {
      for (Point p : s.points()) {
        points.merge(p.epochMillis(), p.value(), Double::sum);
      }
    }
    return points;
  }
}
