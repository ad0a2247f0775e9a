package dev.slo4j.spec;

import dev.slo4j.AvailabilitySli;
import dev.slo4j.PromQlEvents;
import dev.slo4j.ServiceLevelObjective;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads OpenSLO {@code SLO} documents ({@code openslo/v1}, and {@code openslo/v1alpha} as Sloth's examples use), so
 * SLOs kept in the vendor-neutral format can be generated into slo4j rules. Only what maps exactly is accepted:
 * rolling windows, occurrence budgeting, one objective, a Prometheus ratio metric (good/total or bad/total). Anything
 * else (timeslices, calendar windows, threshold metrics, other sources, references to separate SLI documents) is
 * reported with what to change.
 */
final class OpenSloImport {

  private OpenSloImport() {}

  static void read(Doc root, List<ServiceLevelObjective> slos) {
    root.allowOnly("apiVersion", "kind", "metadata", "spec");
    String api = root.text("apiVersion").orElse("");
    if (!api.equals("openslo/v1") && !api.equals("openslo/v1alpha")) {
      root.problem("apiVersion", "apiVersion '" + api + "' is not supported; use openslo/v1 or openslo/v1alpha");
      return;
    }
    String kind = root.text("kind").orElse("");
    if (!kind.equals("SLO")) {
      root.problem("kind", "kind '" + kind + "' is not supported; slo4j imports OpenSLO documents of kind SLO, "
          + "with their indicator inline");
      return;
    }
    Optional<Doc> metadata = root.map("metadata");
    metadata.ifPresent(m -> m.allowOnly("name", "displayName", "namespace", "labels", "annotations"));
    Optional<String> name = metadata.flatMap(m -> m.text("name"));
    Optional<Doc> spec = root.map("spec");
    if (name.isEmpty() || spec.isEmpty()) {
      root.problem(name.isEmpty() ? "metadata" : "spec", "an OpenSLO SLO needs metadata.name and spec");
      return;
    }
    Doc s = spec.get().forSlo(name.get());
    // Unknown keys are errors, as in slo4j's own format: a mistyped objectives would otherwise vanish.
    if (api.equals("openslo/v1")) {
      s.allowOnly("description", "service", "indicator", "indicatorRef", "budgetingMethod", "timeWindow",
          "objectives", "alertPolicies");
    } else {
      s.allowOnly("description", "service", "indicator", "budgetingMethod", "timeWindows", "objectives",
          "alertPolicies");
    }
    if (s.has("alertPolicies")) {
      s.problem("alertPolicies", "alertPolicies are not carried over: slo4j generates multi-window burn-rate "
          + "alerts from the objective; remove them (and tune alerting in an slo4j spec if needed)");
    }
    ServiceLevelObjective.Builder b = ServiceLevelObjective.builder(name.get())
        .service(s.text("service").orElse(""))
        .description(s.text("description").orElse(""));
    s.text("budgetingMethod").ifPresent(m -> {
      if (!m.equals("Occurrences")) {
        s.problem("budgetingMethod", "budgetingMethod " + m + " is not supported; slo4j budgets by Occurrences "
            + "(good events over all events)");
      }
    });
    window(s, api).ifPresent(b::window);
    List<Doc> objectives = s.maps("objectives");
    if (objectives.size() != 1) {
      s.problem("objectives", "spec.objectives has " + objectives.size() + " entries; slo4j imports exactly one "
          + "objective per SLO, split the others into SLOs of their own");
    } else {
      Doc o = objectives.get(0);
      if (api.equals("openslo/v1alpha")) {
        o.allowOnly("displayName", "target", "targetPercent", "ratioMetrics");
      } else {
        o.allowOnly("displayName", "target", "targetPercent");
      }
      o.text("target").flatMap(t -> SpecLoader.percentOfRatio(o, "target", t))
          .or(() -> o.text("targetPercent")).ifPresent(b::objective);
      if (!o.has("target") && !o.has("targetPercent")) {
        o.problem("target", "target is missing; give a ratio such as 0.999");
      }
      if (api.equals("openslo/v1alpha")) {
        o.map("ratioMetrics").flatMap(r -> ratio(r, "source", "query")).map(AvailabilitySli::fromQueries)
            .ifPresent(b::sli);
        if (!o.has("ratioMetrics")) {
          o.problem("ratioMetrics", "only ratioMetrics are supported; threshold metrics have no event counts");
        }
      }
    }
    if (api.equals("openslo/v1")) {
      Optional<Doc> indicator = s.map("indicator");
      indicator.ifPresent(i -> i.allowOnly("metadata", "spec"));
      Optional<Doc> indicatorSpec = indicator.flatMap(i -> i.map("spec"));
      indicatorSpec.ifPresent(i -> i.allowOnly("ratioMetric", "thresholdMetric"));
      Optional<Doc> ratio = indicatorSpec.flatMap(i -> i.map("ratioMetric"));
      if (ratio.isEmpty()) {
        s.problem(s.has("indicatorRef") ? "indicatorRef" : "indicator", "only an inline indicator with "
            + "spec.ratioMetric is supported; inline the SLI document and use a ratio metric");
      }
      ratio.flatMap(r -> ratio(r, "metricSource", "query")).map(AvailabilitySli::fromQueries).ifPresent(b::sli);
    }
    SpecLoader.build(s, b, slos);
  }

  private static Optional<String> window(Doc s, String api) {
    List<Doc> windows = s.maps(api.equals("openslo/v1") ? "timeWindow" : "timeWindows");
    if (windows.isEmpty()) {
      return Optional.empty();
    }
    Doc w = windows.get(0);
    w.allowOnly("duration", "isRolling", "calendar", "count", "unit");
    if (w.has("calendar") || w.bool("isRolling").map(r -> !r).orElse(false)) {
      w.problem("calendar", "calendar windows are not supported; slo4j measures rolling windows (isRolling: true)");
      return Optional.empty();
    }
    if (w.has("duration")) {
      return w.text("duration");
    }
    Optional<String> count = w.text("count");
    Optional<String> unit = w.text("unit");
    if (count.isEmpty() || unit.isEmpty()) {
      w.problem("duration", "a time window needs duration (e.g. 28d) or count and unit");
      return Optional.empty();
    }
    String u = switch (unit.get().toLowerCase(Locale.ROOT)) {
      case "day", "days", "d" -> "d";
      case "week", "weeks", "w" -> "w";
      case "hour", "hours", "h" -> "h";
      default -> null;
    };
    if (u == null) {
      w.problem("unit", "time window unit '" + unit.get() + "' is not supported; use Day, Week or Hour");
      return Optional.empty();
    }
    return Optional.of(count.get() + u);
  }

  /** A Prometheus ratio metric: good/total or bad/total queries with the {{.window}} placeholder. */
  private static Optional<PromQlEvents> ratio(Doc r, String sourceKey, String queryKey) {
    r.allowOnly("counter", "good", "bad", "total");
    Optional<String> good = query(r, "good", sourceKey, queryKey);
    Optional<String> bad = query(r, "bad", sourceKey, queryKey);
    Optional<String> total = query(r, "total", sourceKey, queryKey);
    if (total.isEmpty() || good.isPresent() == bad.isPresent()) {
      r.problem("total", "a ratio metric needs total and exactly one of good and bad, each a Prometheus query");
      return Optional.empty();
    }
    return Optional.of(good.map(g -> PromQlEvents.goodOverTotal(g, total.get()))
        .orElseGet(() -> PromQlEvents.badOverTotal(bad.get(), total.get())));
  }

  private static Optional<String> query(Doc r, String which, String sourceKey, String queryKey) {
    return r.map(which).flatMap(m -> {
      if (sourceKey.equals("metricSource")) {
        m.allowOnly("metricSource");
        Optional<Doc> ms = m.map("metricSource");
        ms.ifPresent(x -> x.allowOnly("type", "spec"));
        String type = ms.flatMap(x -> x.text("type")).orElse("");
        if (!type.equalsIgnoreCase("prometheus")) {
          m.problem("metricSource", which + ".metricSource.type '" + type + "' is not supported; only Prometheus");
          return Optional.empty();
        }
        Optional<Doc> querySpec = ms.flatMap(x -> x.map("spec"));
        querySpec.ifPresent(x -> x.allowOnly(queryKey));
        return querySpec.flatMap(x -> x.text(queryKey));
      }
      m.allowOnly(sourceKey, "queryType", queryKey);
      String source = m.text(sourceKey).orElse("");
      if (!source.equalsIgnoreCase("prometheus")) {
        m.problem(sourceKey, which + ".source '" + source + "' is not supported; only prometheus");
        return Optional.empty();
      }
      return m.text(queryKey);
    });
  }
}
