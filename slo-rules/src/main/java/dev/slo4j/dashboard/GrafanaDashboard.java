package dev.slo4j.dashboard;

import dev.slo4j.MetricNames;

import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.format.Decimals;
import dev.slo4j.format.Durations;
import dev.slo4j.rules.RuleGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A Grafana dashboard (JSON, schema 39) for one service's SLOs, generated from the same {@link ServiceLevelObjective}s as the rules and
 * reading only what the rules record, so the dashboard and the alerts can never disagree about a number. Per SLO, one
 * row: budget remaining, burn rate over every alert window, the SLI against its objective, and the SLO's alerts.
 * Deterministic (stable panel ids and order), so it diffs well when checked in.
 */
public final class GrafanaDashboard {

  private GrafanaDashboard() {}

  /** The dashboard of {@code service}'s SLOs, as Grafana's import dialog takes it. */
  public static String of(String service, List<ServiceLevelObjective> slos) {
    return build(service, slos).render() + "\n";
  }

  private static Json build(String service, List<ServiceLevelObjective> slos) {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(slos, "slos");
    Json panels = Json.array();
    int id = 1;
    int y = 0;
    for (ServiceLevelObjective slo : slos) {
      if (!slo.service().equals(service)) {
        continue;
      }
      String sel = "{service=\"" + slo.service() + "\",slo=\"" + slo.name() + "\"}";
      String budget = Decimals.plain(slo.errorBudget().allowedErrorRatio());
      panels.add(Json.object()
          .put("type", "row").put("id", id++).put("collapsed", false)
          .put("title", slo.name() + ": " + slo.describe())
          .put("gridPos", grid(0, y, 24, 1)));
      y += 1;
      panels.add(panel(id++, "stat", "Error budget remaining (" + Durations.format(slo.window()) + ")", grid(0, y, 6, 8),
          "percentunit", target(MetricNames.RECORDED_BUDGET_REMAINING + sel, "remaining")));
      Json burn = Json.array();
      for (Duration w : RuleGenerator.recordedWindows(slo)) {
        burn.add(target(MetricNames.recordedErrorRatio(w) + sel + " / " + budget, Durations.format(w)));
      }
      panels.add(panel(id++, "timeseries", "Burn rate per window (1 = exactly on budget)", grid(6, y, 9, 8), "none",
          burn));
      Duration shortest = slo.alertPolicy().shortestWindow(slo.window());
      panels.add(panel(id++, "timeseries", "SLI over " + Durations.format(shortest) + " vs objective",
          grid(15, y, 9, 8), "percentunit", Json.array()
              .add(target("1 - " + MetricNames.recordedErrorRatio(shortest) + sel, "SLI"))
              .add(target(MetricNames.RECORDED_OBJECTIVE + sel, "objective"))));
      y += 8;
      panels.add(panel(id++, "timeseries", "Alerts firing", grid(0, y, 24, 5), "none", Json.array()
          .add(target("sum by (severity) (ALERTS{alertname=\"" + MetricNames.BURN_ALERT + "\",service=\""
              + slo.service() + "\",slo=\"" + slo.name() + "\",alertstate=\"firing\"})", "{{severity}}"))));
      y += 5;
    }
    Json dashboard = Json.object()
        .put("title", "SLOs of " + service)
        .put("uid", uid(service))
        .put("tags", Json.array().add("slo4j").add(service))
        .put("timezone", "browser")
        .put("schemaVersion", 39)
        .put("editable", true)
        .put("time", Json.object().put("from", "now-7d").put("to", "now"))
        .put("templating", Json.object().put("list", Json.array().add(Json.object()
            .put("name", "datasource").put("type", "datasource").put("query", "prometheus")
            .put("label", "Prometheus"))))
        .put("panels", panels);
    return dashboard;
  }

  /** Every PromQL expression of the dashboard, in panel order (tests run them against a real Prometheus). */
  public static List<String> expressions(String service, List<ServiceLevelObjective> slos) {
    List<String> exprs = new ArrayList<>();
    build(service, slos).collect("expr", exprs);
    return exprs;
  }

  private static String uid(String service) {
    String u = "slo4j-" + service.replaceAll("[^A-Za-z0-9_-]", "-");
    return u.length() > 40 ? u.substring(0, 40) : u;
  }

  private static Json grid(int x, int y, int w, int h) {
    return Json.object().put("h", h).put("w", w).put("x", x).put("y", y);
  }

  private static Json target(String expr, String legend) {
    return Json.object().put("expr", expr).put("legendFormat", legend)
        .put("datasource", Json.object().put("type", "prometheus").put("uid", "${datasource}"));
  }

  private static Json panel(int id, String type, String title, Json grid, String unit, Json targets) {
    if (!targets.isArray()) {
      targets = Json.array().add(targets);
    }
    int ref = 0;
    for (Json t : targets.items()) {
      t.put("refId", String.valueOf((char) ('A' + ref++)));
    }
    return Json.object().put("id", id).put("type", type).put("title", title).put("gridPos", grid)
        .put("datasource", Json.object().put("type", "prometheus").put("uid", "${datasource}"))
        .put("fieldConfig", Json.object().put("defaults", Json.object().put("unit", unit)).put("overrides",
            Json.array()))
        .put("targets", targets);
  }
}
