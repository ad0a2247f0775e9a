package dev.slo4j.test;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One alert promtool found firing in an {@link AlertScenario}: what a receiver would route on. The four labels slo4j
 * sets are fields of their own, so a test reads them without knowing label names; the full label set (platform and
 * SLO labels included) is kept too, because routing is what a platform team tests. Immutable.
 *
 * @param alertname e.g. {@code SloErrorBudgetBurn}
 * @param severity the {@code severity} label ({@code page} or {@code ticket} unless the SLO renames them), or ""
 * @param slo the {@code slo} label, or ""
 * @param service the {@code service} label (the SLO's service; the recorder's {@code slo_service}), or ""
 * @param labels every label of the alert, {@code alertname} included
 */
public record FiredAlert(String alertname, String severity, String slo, String service,
    SortedMap<String, String> labels) {

  public FiredAlert {
    Objects.requireNonNull(alertname, "alertname");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(slo, "slo");
    Objects.requireNonNull(service, "service");
    labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
  }

  static FiredAlert of(SortedMap<String, String> labels) {
    return new FiredAlert(labels.getOrDefault("alertname", ""), labels.getOrDefault("severity", ""),
        labels.getOrDefault("slo", ""), labels.getOrDefault("service", ""), labels);
  }

  /** {@code SloErrorBudgetBurn page checkout (shop)}. */
  @Override
  public String toString() {
    return alertname + " " + severity + " " + slo + " (" + service + ")";
  }
}
