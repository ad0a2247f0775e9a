package dev.slo4j.rules;

import dev.slo4j.testing.Promtool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slo4j.Alerting;
import dev.slo4j.AvailabilitySli;
import dev.slo4j.LatencySli;
import dev.slo4j.PromQlEvents;
import dev.slo4j.ServiceLevelObjective;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The optional absent-SLI alert: an SLO whose SLI has no series cannot burn its budget, so its burn-rate alerts are
 * blind. Proven with the real {@code promtool test rules} on hand-written series (one sample a minute, times from the
 * start of the series). The shape of the rule is checked without promtool in {@link AbsentSliAlertTest}.
 */
class AbsentSliAlertIT {

  @TempDir Path dir;

  static Alerting absentAfter10m() {
    return Alerting.builder().absentFor(Duration.ofMinutes(10)).build();
  }

  /**
   * Fires 10 minutes after the SLI's series are gone (5 minutes of Prometheus's lookback, then the alert's 10), or 10
   * minutes after the start when they never existed, while {@code up} is 1; never while the series exist (at 0 too),
   * while the service is down, or when Prometheus does not scrape it at all. Availability, latency and PromQL-query SLIs.
   */
  @Test
  void firesWhenTheSliIsMissingWhileTheServiceIsUpAndOnlyThen() throws Exception {
    ServiceLevelObjective never = slo("never-recorded", "svc-a");
    ServiceLevelObjective vanished = slo("vanished", "svc-b");
    ServiceLevelObjective zero = slo("zero-traffic", "svc-c");
    ServiceLevelObjective down = slo("service-down", "svc-d");
    ServiceLevelObjective unscraped = slo("not-scraped", "svc-e");
    ServiceLevelObjective latency = ServiceLevelObjective.builder("latency").service("svc-f").objective("99%").sli(LatencySli.of(Duration.ofMillis(300)))
        .alerting(absentAfter10m()).build();
    ServiceLevelObjective noBucket = ServiceLevelObjective.builder("no-bucket").service("svc-h").objective("99%").sli(LatencySli.of(Duration.ofMillis(300)))
        .alerting(absentAfter10m()).build();
    ServiceLevelObjective queries = ServiceLevelObjective.builder("queries").service("svc-g").objective("99%")
        .sli(AvailabilitySli.fromQueries(PromQlEvents.badOverTotal("sum(rate(http_errors_total{job=\"g\"}[{{.window}}]))",
            "sum(rate(http_requests_total{job=\"g\"}[{{.window}}]))")))
        .alerting(Alerting.builder().absentFor(Duration.ofMinutes(10)).serviceUp("up{job=\"g\"}").build()).build();
    RuleSet rules = RuleGenerator.ofDefaults()
        .generate(List.of(never, vanished, zero, down, unscraped, latency, queries, noBucket));
    Files.writeString(dir.resolve("rules.yml"), rules.toPrometheusRules(new RuleSet.Header("test", "test")));
    Promtool.assertRulesValid(dir, "rules.yml");

    String test = """
        rule_files: [rules.yml]
        evaluation_interval: 1m
        tests:
          - interval: 1m
            input_series:
              - {series: 'up{job="svc-a",instance="a1"}', values: '1x60'}
              - {series: 'up{job="svc-b",instance="b1"}', values: '1x60'}
              - {series: 'slo4j_events_total{slo="vanished",slo_service="svc-b",outcome="good",instance="b1"}', values: '0+100x20'}
              - {series: 'up{job="svc-c",instance="c1"}', values: '1x60'}
              - {series: 'slo4j_events_total{slo="zero-traffic",slo_service="svc-c",outcome="good",instance="c1"}', values: '0x60'}
              - {series: 'slo4j_events_total{slo="zero-traffic",slo_service="svc-c",outcome="bad",instance="c1"}', values: '0x60'}
              - {series: 'up{job="svc-d",instance="d1"}', values: '0x60'}
              - {series: 'up{job="svc-f",instance="f1"}', values: '1x60'}
              - {series: 'slo4j_latency_seconds_count{slo="latency",slo_service="svc-f",instance="f1"}', values: '0+10x30'}
              - {series: 'slo4j_latency_seconds_bucket{slo="latency",slo_service="svc-f",instance="f1",le="0.3"}', values: '0+10x30'}
              - {series: 'up{job="svc-h",instance="h1"}', values: '1x60'}
              - {series: 'slo4j_latency_seconds_count{slo="no-bucket",slo_service="svc-h",instance="h1"}', values: '0+10x60'}
              - {series: 'up{job="g",instance="g1"}', values: '1x60'}
              - {series: 'http_requests_total{job="g",instance="g1"}', values: '0+100x60'}
            promql_exp_test_placeholder: true
        """;
    StringBuilder checks = new StringBuilder("    promql_expr_test:\n");
    // Never recorded, service up: pending from the first evaluation, firing from 10m.
    check(checks, "9m", "never-recorded", "firing", false);
    check(checks, "9m", "never-recorded", "pending", true);
    check(checks, "10m", "never-recorded", "firing", true);
    // The last sample at 20m is seen until 25m (lookback); absent from 26m, firing from 36m.
    check(checks, "25m", "vanished", "pending", false);
    check(checks, "26m", "vanished", "pending", true);
    check(checks, "35m", "vanished", "firing", false);
    check(checks, "36m", "vanished", "firing", true);
    // Latency histogram gone after 30m: firing from 46m.
    check(checks, "45m", "latency", "firing", false);
    check(checks, "46m", "latency", "firing", true);
    // Calls counted but no threshold bucket (a filter replaced the histogram's buckets): no call can be good.
    check(checks, "9m", "no-bucket", "firing", false);
    check(checks, "10m", "no-bucket", "firing", true);
    for (String at : List.of("20m", "60m")) {
      check(checks, at, "zero-traffic", "pending", false);
      check(checks, at, "service-down", "pending", false);
      check(checks, at, "not-scraped", "pending", false);
      check(checks, at, "queries", "pending", false);
    }
    // The labels the alert routes by.
    checks.append("      - expr: 'ALERTS{alertname=\"SloSliAbsent\",slo=\"never-recorded\",alertstate=\"firing\"}'\n")
        .append("        eval_time: 30m\n")
        .append("        exp_samples:\n")
        .append("          - labels: 'ALERTS{alertname=\"SloSliAbsent\",alertstate=\"firing\",service=\"svc-a\","
            + "severity=\"ticket\",slo=\"never-recorded\"}'\n")
        .append("            value: 1\n");
    Files.writeString(dir.resolve("absent.test.yml"),
        test.replace("    promql_exp_test_placeholder: true\n", checks.toString()));
    Promtool.assertTestsPass(dir, "absent.test.yml");
  }

  private static ServiceLevelObjective slo(String name, String service) {
    return ServiceLevelObjective.builder(name).service(service).objective("99.9%").alerting(absentAfter10m()).build();
  }

  private static void check(StringBuilder y, String at, String slo, String state, boolean present) {
    String count = "count(ALERTS{alertname=\"SloSliAbsent\",slo=\"" + slo + "\",alertstate=\"" + state + "\"})";
    y.append("      - expr: '").append(count).append("'\n")
        .append("        eval_time: ").append(at).append('\n')
        .append("        exp_samples:").append(present ? "\n          - {labels: '{}', value: 1}\n"
            : " []\n");
  }
}
