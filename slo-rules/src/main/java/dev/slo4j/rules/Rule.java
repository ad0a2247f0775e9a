package dev.slo4j.rules;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One Prometheus rule: a recording rule ({@code record}) or an alerting rule ({@code alert}). A plain value so that
 * tests and tools can inspect what was generated without parsing YAML. Immutable; labels and annotations sorted.
 *
 * @param record the recorded series' name, or empty for an alert
 * @param alert the alert's name, or empty for a recording rule
 * @param expr the PromQL expression
 * @param pendingFor how long an alert's condition must hold before it fires (Prometheus's {@code for}); empty for
 *     recording rules and for alerts that fire at once
 * @param labels labels added to the result
 * @param annotations annotations (alerts only)
 */
public record Rule(
    Optional<String> record,
    Optional<String> alert,
    String expr,
    Optional<Duration> pendingFor,
    SortedMap<String, String> labels,
    SortedMap<String, String> annotations) {

  public Rule {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(alert, "alert");
    Objects.requireNonNull(expr, "expr");
    Objects.requireNonNull(pendingFor, "pendingFor");
    if (pendingFor.isPresent() && record.isPresent()) {
      throw new IllegalArgumentException("only an alert has a pending time ('for')");
    }
    if (record.isPresent() == alert.isPresent()) {
      throw new IllegalArgumentException("a rule is either a recording rule or an alert");
    }
    labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    annotations = Collections.unmodifiableSortedMap(new TreeMap<>(annotations));
  }

  static Rule recording(String name, String expr, Map<String, String> labels) {
    return new Rule(Optional.of(name), Optional.empty(), expr, Optional.empty(), new TreeMap<>(labels),
        new TreeMap<>());
  }

  static Rule alerting(String name, String expr, Map<String, String> labels, Map<String, String> annotations) {
    return alerting(name, expr, Optional.empty(), labels, annotations);
  }

  static Rule alerting(String name, String expr, Optional<Duration> pendingFor, Map<String, String> labels,
      Map<String, String> annotations) {
    return new Rule(Optional.empty(), Optional.of(name), expr, pendingFor, new TreeMap<>(labels),
        new TreeMap<>(annotations));
  }

  /** The recorded series' or the alert's name. */
  public String name() {
    return record.orElseGet(alert::orElseThrow);
  }

  public boolean isAlert() {
    return alert.isPresent();
  }
}
