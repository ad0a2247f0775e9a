package dev.slo4j.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slo4j.Alerting;
import dev.slo4j.AvailabilitySli;
import dev.slo4j.LatencySli;
import dev.slo4j.PromQlEvents;
import dev.slo4j.ServiceLevelObjective;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class RuleGeneratorTest {

  static final RuleSet.Header HEADER =
      new RuleSet.Header("specs/orders-service.yaml", "java -jar slo4j-cli.jar generate specs/orders-service.yaml");

  static ServiceLevelObjective availability() {
    return ServiceLevelObjective.builder("checkout-availability").service("checkout").objective("99.9%")
        .label("team", "payments")
        .alerting(Alerting.builder().runbookUrl("https://runbooks.example/checkout").label("tier", "1").build())
        .build();
  }

  static ServiceLevelObjective latency(Duration threshold) {
    return ServiceLevelObjective.builder("checkout-latency").service("checkout").objective("99%")
        .sli(LatencySli.of(threshold)).build();
  }

  static ServiceLevelObjective fromQueries() {
    return ServiceLevelObjective.builder("http-availability").service("checkout").objective("99.5%")
        .sli(AvailabilitySli.fromQueries(PromQlEvents.badOverTotal(
            "sum(rate(http_server_requests_seconds_count{status=~\"5..\"}[{{.window}}]))",
            "sum(rate(http_server_requests_seconds_count[{{.window}}]))")))
        .build();
  }

  static RuleSet generate(ServiceLevelObjective... slos) {
    return RuleGenerator.ofDefaults().generate(List.of(slos));
  }

  static Rule rule(RuleSet rules, String name) {
    return rules.groups().stream().flatMap(g -> g.rules().stream())
        .filter(r -> r.name().equals(name)).findFirst().orElseThrow();
  }

  /** The alerts, pages first (the ticket runs in the tiles group, which comes first in the file). */
  static List<Rule> alerts(RuleSet rules) {
    return rules.groups().stream().flatMap(g -> g.rules().stream()).filter(Rule::isAlert)
        .sorted(java.util.Comparator.comparing(r -> !"page".equals(r.labels().get("severity")))).toList();
  }

  @Test
  void recordsEveryWindowOfThePolicyAndTheSloWindowWithFewerSeriesThanSloth() {
    RuleSet rules = generate(availability());
    List<String> records = rules.groups().stream().flatMap(g -> g.rules().stream())
        .filter(r -> !r.isAlert()).map(Rule::name).toList();
    assertThat(records).containsExactly(
        "slo4j:bad_events:rate5m", "slo4j:total_events:rate5m",
        "slo4j:error_ratio:rate3d", "slo4j:error_ratio:rate30d",
        "slo4j:error_budget_remaining:ratio", "slo4j:objective:ratio",
        "slo4j:error_ratio:rate5m", "slo4j:error_ratio:rate30m", "slo4j:error_ratio:rate1h",
        "slo4j:error_ratio:rate6h", "slo4j:bad_events:increase1h");
    // Sloth's output for one SLO (shared/reference/sloth/_gen/getting-started.yml) records 15 series.
    assertThat(rules.recordingRuleCount()).isEqualTo(11).isLessThan(15);
  }

  @Test
  void shortWindowsReadRawSeriesAndLongWindowsAreRatiosOfSummedTiles() {
    RuleSet rules = generate(availability());
    assertThat(rule(rules, "slo4j:error_ratio:rate1h").expr()).isEqualTo(
        "(\n"
            + "  sum by (slo) (rate(slo4j_events_total{slo=\"checkout-availability\",slo_service=\"checkout\",outcome=\"bad\"}[1h]))\n"
            + "  or\n"
            + "  0 * sum by (slo) (slo4j_events_total{slo=\"checkout-availability\",slo_service=\"checkout\"})\n"
            + ")\n"
            + "/\n"
            + "clamp_min(sum by (slo) (rate(slo4j_events_total{slo=\"checkout-availability\",slo_service=\"checkout\"}[1h])), 1e-12)");
    assertThat(rule(rules, "slo4j:error_ratio:rate3d").expr()).isEqualTo(
        "sum_over_time(slo4j:bad_events:rate5m{service=\"checkout\",slo=\"checkout-availability\"}[3d])\n"
            + "/\n"
            + "clamp_min(sum_over_time(slo4j:total_events:rate5m{service=\"checkout\",slo=\"checkout-availability\"}[3d]), 1e-12)");
    // The SLO window, read by the budget only, sums hourly sums of the tiles: 720 steps instead of 8,640 tiles.
    assertThat(rule(rules, "slo4j:error_ratio:rate30d").expr()).isEqualTo(
        "sum_over_time(sum_over_time(slo4j:bad_events:rate5m{service=\"checkout\",slo=\"checkout-availability\"}[1h])[30d:1h])\n"
            + "/\n"
            + "clamp_min(sum_over_time(sum_over_time(slo4j:total_events:rate5m{service=\"checkout\",slo=\"checkout-availability\"}[1h])[30d:1h]), 1e-12)");
    // The tiles group first: the group that reads it comes after it (a one-way chain, OneWayChainTest).
    RuleGroup tiles = rules.groups().get(0);
    assertThat(tiles.name()).isEqualTo("slo4j-checkout-checkout-availability-tiles");
    assertThat(tiles.interval()).contains(Duration.ofMinutes(5));
    assertThat(rules.groups().get(1).name()).isEqualTo("slo4j-checkout-checkout-availability");
    assertThat(rules.groups().get(1).interval()).isEmpty();
  }

  @Test
  void whatAPageReadsRunsEveryEvaluationAndWhatOnlyTicketsAndTheBudgetReadRunsOncePerTile() {
    RuleSet rules = generate(availability());
    RuleGroup slow = rules.groups().get(0);
    RuleGroup fast = rules.groups().get(1);
    assertThat(fast.rules()).extracting(r -> r.name() + r.labels().getOrDefault("severity", "")).containsExactly(
        "slo4j:error_ratio:rate5m", "slo4j:error_ratio:rate30m", "slo4j:error_ratio:rate1h",
        "slo4j:error_ratio:rate6h", "slo4j:bad_events:increase1h", "SloErrorBudgetBurnpage");
    assertThat(slow.rules()).extracting(r -> r.name() + r.labels().getOrDefault("severity", "")).containsExactly(
        "slo4j:bad_events:rate5m", "slo4j:total_events:rate5m", "slo4j:error_ratio:rate3d",
        "slo4j:error_ratio:rate30d", "slo4j:error_budget_remaining:ratio", "slo4j:objective:ratio",
        "SloErrorBudgetBurnticket");
  }

  @Test
  void rawSelectorsMatchTheServiceAndSumByTheSloOnly() {
    String expr = rule(generate(availability()), "slo4j:error_ratio:rate5m").expr();
    assertThat(expr).contains("sum by (slo) (rate(slo4j_events_total{"
        + "slo=\"checkout-availability\",slo_service=\"checkout\",outcome=\"bad\"}[5m]))").doesNotContain("without");
    // aggregateBy keeps more labels; one the rules set themselves (service) is renamed, never overwritten.
    ServiceLevelObjective perRegion = availability().toBuilder()
        .sli(AvailabilitySli.builder().aggregateBy(List.of("region", "service")).build()).build();
    String kept = rule(generate(perRegion), "slo4j:error_ratio:rate5m").expr();
    assertThat(kept).startsWith("label_replace(\n").contains("sum by (slo, region, service) (rate(")
        .endsWith(",\n  \"exported_service\", \"$1\", \"service\", \"(.+)\"\n)");
    assertThatThrownBy(() -> availability().toBuilder()
        .sli(AvailabilitySli.builder().aggregateBy(List.of("outcome")).build()).build())
        .hasMessageContaining("sli.aggregateBy 'outcome'");
  }

  @Test
  void pageAlertRequiresLongShortAndOngoingBurnWithExactThresholds() {
    Rule page = alerts(generate(availability())).get(0);
    assertThat(page.labels()).containsEntry("severity", "page").containsEntry("slo", "checkout-availability")
        .containsEntry("service", "checkout").containsEntry("team", "payments").containsEntry("tier", "1");
    assertThat(page.annotations()).containsEntry("runbook_url", "https://runbooks.example/checkout")
        .containsKeys("summary", "description");
    assertThat(page.expr()).isEqualTo("""
        (
          (slo4j:error_ratio:rate1h{service="checkout",slo="checkout-availability"} > 0.0144) / 0.001
          and
          slo4j:error_ratio:rate5m{service="checkout",slo="checkout-availability"} > 0.0144
          and
          slo4j:bad_events:increase1h{service="checkout",slo="checkout-availability"} >= 3
        )
        or
        (
          (slo4j:error_ratio:rate6h{service="checkout",slo="checkout-availability"} > 0.006) / 0.001
          and
          slo4j:error_ratio:rate30m{service="checkout",slo="checkout-availability"} > 0.006
          and
          (
            slo4j:error_ratio:rate5m{service="checkout",slo="checkout-availability"} > 0.006
            or
            changes((slo4j:error_ratio:rate5m{service="checkout",slo="checkout-availability"} > bool 0.006)[30m:1m]) > 2
          )
          and
          sum_over_time(slo4j:bad_events:rate5m{service="checkout",slo="checkout-availability"}[6h]) * 300 >= 3
        )""");
    assertThat(page.annotations().get("description"))
        .contains("6x over 6h and 30m, and still burning over 5m or burning again within 30m, with at least 3 bad "
            + "events (5% of the budget)");
    // The gate counts the events of the page tier's long window; 0 turns it off, the ticket never has it.
    ServiceLevelObjective ungated = availability().toBuilder().alertPolicy(dev.slo4j.budget.AlertPolicy.builder()
        .tiers(dev.slo4j.budget.AlertPolicy.workbook().tiers()).minBadEvents(0).build()).build();
    assertThat(alerts(generate(ungated)).get(0).expr()).doesNotContain("bad_events");
    assertThat(rule(generate(availability()), "slo4j:bad_events:increase1h").expr()).isEqualTo("(\n"
        + "  (\n"
        + "    sum by (slo) (rate(slo4j_events_total{slo=\"checkout-availability\",slo_service=\"checkout\",outcome=\"bad\"}[1h]))\n"
        + "    or\n"
        + "    0 * sum by (slo) (slo4j_events_total{slo=\"checkout-availability\",slo_service=\"checkout\"})\n"
        + "  )\n"
        + ") * 3600");
    Rule ticket = alerts(generate(availability())).get(1);
    assertThat(ticket.labels()).containsEntry("severity", "ticket");
    assertThat(ticket.expr()).isEqualTo("""
        (slo4j:error_ratio:rate3d{service="checkout",slo="checkout-availability"} > 0.001) / 0.001
        and
        (
          sum_over_time(slo4j:bad_events:rate5m{service="checkout",slo="checkout-availability"}[6h])
          /
          clamp_min(sum_over_time(slo4j:total_events:rate5m{service="checkout",slo="checkout-availability"}[6h]), 1e-12)
        ) > 0.001""");
    // The 6h window is recorded in the fast group, which comes after the tiles group that runs the ticket: the ticket
    // computes it in place from the tiles, so no group reads a later one.
    assertThat(ticket.annotations().get("description")).contains("1x over 3d and 6h (10% of the budget)")
        .contains("43m12s of full outage");
  }

  @Test
  void thresholdsAreExactDecimalsEvenForManyNines() {
    ServiceLevelObjective fiveNines = availability().toBuilder().objective("99.999%").build();
    String yaml = generate(fiveNines).toPrometheusRules(HEADER);
    assertThat(yaml).contains("> 0.000144) / 0.00001", "> 0.00006)", "vector(0.99999)")
        .doesNotContainPattern("0\\.0000099999|E-\\d|9999999");
  }

  @Test
  void aTierThatCanNeverFireIsLeftOutAndReported() {
    ServiceLevelObjective ninety = ServiceLevelObjective.builder("batch").service("reports").objective("90%").build();
    RuleSet rules = generate(ninety);
    assertThat(rules.warnings()).containsExactly(
        "slo 'batch' of service 'reports': the page tier at 14.4x over 1h can never fire, because an objective of 90%"
            + " would need an error ratio of 144%; it is left out. Lower the tier's burn rate or raise the objective.");
    Rule page = alerts(rules).get(0);
    assertThat(page.expr()).doesNotContain("rate1h").contains("> 0.6) / 0.1");
    assertThat(rules.toPrometheusRules(HEADER)).contains("# WARNING: slo 'batch'");
  }

  @Test
  void pageAndTicketCanBeSwitchedOff() {
    ServiceLevelObjective noPage = availability().toBuilder().alerting(Alerting.builder().page(false).build()).build();
    assertThat(alerts(generate(noPage))).extracting(r -> r.labels().get("severity")).containsExactly("ticket");
    ServiceLevelObjective none = availability().toBuilder().alerting(Alerting.builder().page(false).ticket(false).build()).build();
    assertThat(alerts(generate(none))).isEmpty();
    assertThat(generate(noPage).toAlertmanagerInhibitRules(HEADER)).contains("inhibit_rules:\n  []");
  }

  @Test
  void latencyReadsTheThresholdBucketInEveryPrometheusSpelling() {
    assertThat(rule(generate(latency(Duration.ofMillis(300))), "slo4j:error_ratio:rate5m").expr())
        .contains("slo4j_latency_seconds_bucket{slo=\"checkout-latency\",slo_service=\"checkout\",le=\"0.3\"}[5m]")
        .contains("sum by (slo) (rate(slo4j_latency_seconds_count{slo=\"checkout-latency\",slo_service=\"checkout\"}[5m]))")
        // No threshold bucket while calls are counted: every call is bad (the SLO pages), not a ratio of 0.
        .contains("  -\n  (\n    sum by (slo) (rate(slo4j_latency_seconds_bucket{")
        .contains("    or\n    0 * sum by (slo) (slo4j_latency_seconds_count{slo=\"checkout-latency\",slo_service=\"checkout\"})\n  )\n)");
    assertThat(rule(generate(latency(Duration.ofSeconds(1))), "slo4j:error_ratio:rate5m").expr())
        .contains("le=~\"1|1\\\\.0\"");
    assertThat(rule(generate(latency(Duration.ofMillis(2500))), "slo4j:error_ratio:rate5m").expr())
        .contains("le=\"2.5\"");
  }

  @Test
  void promQlEventsAreUsedAsGivenAndAnEmptyErrorQueryCountsAsZero() {
    String expr = rule(generate(fromQueries()), "slo4j:error_ratio:rate30m").expr();
    // The query's labels decide; one named like a label the rules set is moved to exported_<name>, not overwritten.
    assertThat(expr).isEqualTo("""
        label_replace(
          label_replace(
            (
              (sum(rate(http_server_requests_seconds_count{status=~"5.."}[30m])))
              or
              0 * (sum(rate(http_server_requests_seconds_count[30m])))
            )
            /
            clamp_min((sum(rate(http_server_requests_seconds_count[30m]))), 1e-12),
            "exported_service", "$1", "service", "(.+)"
          ),
          "exported_slo", "$1", "slo", "(.+)"
        )""");
  }

  @Test
  void aGoodQueryWithNoSeriesMakesEveryEventBadAndAggregateBySumsBothSidesAlike() {
    ServiceLevelObjective good = ServiceLevelObjective.builder("fast").service("checkout").objective("99%")
        .sli(LatencySli.fromQueries(Duration.ofMillis(300), PromQlEvents.goodOverTotal(
            "rate(http_bucket{le=\"0.3\"}[{{.window}}])", "rate(http_count[{{.window}}])"))
            .aggregateBy(List.of("region")))
        .build();
    assertThat(rule(generate(good), "slo4j:bad_events:rate5m").expr()).isEqualTo("""
        (
          sum by (region) (rate(http_count[5m]))
          -
          (
            sum by (region) (rate(http_bucket{le="0.3"}[5m]))
            or
            0 * sum by (region) (rate(http_count[5m]))
          )
        )""");
  }

  @Test
  void windowsScaleWithTheSloWindow() {
    ServiceLevelObjective weekly = availability().toBuilder().window("7d").build();
    RuleSet rules = generate(weekly);
    assertThat(rules.groups().get(0).interval()).contains(Duration.ofSeconds(70));
    assertThat(rules.groups().get(1).rules()).extracting(Rule::name).contains(
        "slo4j:error_ratio:rate1m10s", "slo4j:error_ratio:rate7m", "slo4j:error_ratio:rate14m",
        "slo4j:error_ratio:rate1h24m");
    assertThat(rules.groups().get(0).rules()).extracting(Rule::name).contains(
        "slo4j:error_ratio:rate16h48m", "slo4j:error_ratio:rate7d");
    assertThat(rule(rules, "slo4j:error_ratio:rate16h48m").expr()).contains("[1008m]");
    assertThat(rule(rules, "slo4j:error_ratio:rate7d").expr()).contains("[1h])[7d:1h]");
    // The page's recurring-burn gate looks back over the tier's short window, five steps a tile.
    assertThat(alerts(rules).get(0).expr()).contains(
        "changes((slo4j:error_ratio:rate1m10s{service=\"checkout\",slo=\"checkout-availability\"} > bool 0.006)"
            + "[7m:14s]) > 2");
    // Below a week the SLO window sums every tile.
    assertThat(rule(generate(availability().toBuilder().window("6d").build()), "slo4j:error_ratio:rate6d").expr())
        .contains("[6d])").doesNotContain(":1h]");
  }

  @Test
  void outputIsDeterministicAndStartsWithItsSourceAndCommand() {
    String first = generate(availability(), latency(Duration.ofMillis(300))).toPrometheusRules(HEADER);
    String second = generate(availability(), latency(Duration.ofMillis(300))).toPrometheusRules(HEADER);
    assertThat(first).isEqualTo(second).startsWith(
        "# Generated by slo4j from specs/orders-service.yaml. DO NOT EDIT: changes are overwritten.\n"
            + "# Regenerate with: java -jar slo4j-cli.jar generate specs/orders-service.yaml\n");
    assertThat(first).doesNotContain("query_offset").doesNotContainPattern("(?m)^  labels:");
  }

  @Test
  @SuppressWarnings("unchecked")
  void renderedYamlParsesBackToTheSameRules() {
    RuleSet rules = generate(availability(), latency(Duration.ofMillis(300)), fromQueries());
    java.util.Map<String, Object> doc = new Yaml().load(rules.toPrometheusRules(HEADER));
    List<java.util.Map<String, Object>> groups = (List<java.util.Map<String, Object>>) doc.get("groups");
    assertThat(groups).hasSize(rules.groups().size());
    for (int i = 0; i < groups.size(); i++) {
      List<java.util.Map<String, Object>> parsed = (List<java.util.Map<String, Object>>) groups.get(i).get("rules");
      List<Rule> expected = rules.groups().get(i).rules();
      assertThat(parsed).hasSameSizeAs(expected);
      for (int j = 0; j < parsed.size(); j++) {
        assertThat(parsed.get(j).get("expr")).isEqualTo(expected.get(j).expr());
        assertThat(parsed.get(j).get("labels")).isEqualTo(expected.get(j).labels());
      }
    }
  }

  @Test
  void duplicateSlosAreRejected() {
    assertThatThrownBy(() -> generate(availability(), availability()))
        .hasMessage("slo 'checkout-availability' of service 'checkout' is declared twice; "
            + "SLO names must be unique within a service");
  }

  @Test
  void inhibitionLetsAPageSilenceTheTicketOfTheSameSlo() {
    ServiceLevelObjective renamed = ServiceLevelObjective.builder("other").service("checkout").objective("99.9%").alerting(Alerting.builder()
        .pageLabel("severity", "critical").ticketLabel("severity", "warning").build()).build();
    String inhibit = generate(availability(), renamed).toAlertmanagerInhibitRules(HEADER);
    assertThat(inhibit).endsWith("""
        inhibit_rules:
          - source_matchers: ["alertname=\\"SloErrorBudgetBurn\\"", "severity=\\"critical\\""]
            target_matchers: ["alertname=\\"SloErrorBudgetBurn\\"", "severity=\\"warning\\""]
            equal: [service, slo]
          - source_matchers: ["alertname=\\"SloErrorBudgetBurn\\"", "severity=\\"page\\""]
            target_matchers: ["alertname=\\"SloErrorBudgetBurn\\"", "severity=\\"ticket\\""]
            equal: [service, slo]
        """);
  }
}
