package dev.slo4j.rules;

import static dev.slo4j.rules.RuleGeneratorTest.HEADER;
import static dev.slo4j.rules.RuleGeneratorTest.availability;
import static dev.slo4j.rules.RuleGeneratorTest.fromQueries;
import static dev.slo4j.rules.RuleGeneratorTest.generate;
import static dev.slo4j.rules.RuleGeneratorTest.latency;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slo4j.Alerting;
import dev.slo4j.LatencySli;
import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.testing.Promtool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated rules and their generated tests in the real promtool; the rest of the generator is {@link RuleGeneratorTest}. */
class RuleGeneratorPromtoolIT {

  @Test
  void everyRenderingPassesPromtoolAndTheGeneratedTestsPass(@TempDir Path dir) throws Exception {
    ServiceLevelObjective weeklySecond = ServiceLevelObjective.builder("search-latency").service("checkout").objective("99%").window("7d")
        .sli(LatencySli.of(Duration.ofSeconds(1))).build();
    RuleSet rules = generate(availability(), latency(Duration.ofMillis(300)), weeklySecond, fromQueries(),
        ServiceLevelObjective.builder("batch").service("reports").objective("90%").build());
    Files.writeString(dir.resolve("slo.rules.yml"), rules.toPrometheusRules(HEADER));
    Files.writeString(dir.resolve("slo.rules.test.yml"), rules.toPromtoolTests(HEADER, "slo.rules.yml"));
    Promtool.assertRulesValid(dir, "slo.rules.yml");
    Promtool.assertTestsPass(dir, "slo.rules.test.yml");
    // The PrometheusRule resource carries the same groups under spec: promtool checks them once unwrapped.
    String resource = rules.toPrometheusRuleResource(HEADER, "checkout-slos");
    String unwrapped = resource.lines().dropWhile(l -> !l.equals("  groups:"))
        .map(l -> l.startsWith("  ") ? l.substring(2) : l).collect(Collectors.joining("\n", "", "\n"));
    Files.writeString(dir.resolve("unwrapped.yml"), unwrapped);
    Promtool.assertRulesValid(dir, "unwrapped.yml");
    assertThat(resource).contains("kind: PrometheusRule", "name: checkout-slos");
  }

  @Test
  void theGeneratedTestsCoverATicketOnlySloAndTheAbsentSliAlert(@TempDir Path dir) throws Exception {
    ServiceLevelObjective ticketOnly = ServiceLevelObjective.builder("nightly").service("reports").objective("99%").window("1d")
        .alerting(Alerting.builder().page(false).absentFor(Duration.ofMinutes(10)).build()).build();
    ServiceLevelObjective customUp = ServiceLevelObjective.builder("exports").service("reports").objective("99%").window("1d")
        .alerting(Alerting.builder().absentFor(Duration.ofMinutes(10)).serviceUp("up{job=\"exporter\"}").build())
        .build();
    RuleSet rules = generate(ticketOnly, customUp);
    String tests = rules.toPromtoolTests(HEADER, "slo.rules.yml");
    assertThat(tests).contains("# reports/nightly: a full outage after 2h24m of healthy traffic fires the ticket alert",
        "# reports/nightly: the service is up but records no series for this SLO: SloSliAbsent fires after 10m",
        "# - reports/exports, its SloSliAbsent alert: it reads a custom serviceUp expression");
    Files.writeString(dir.resolve("slo.rules.yml"), rules.toPrometheusRules(HEADER));
    Files.writeString(dir.resolve("slo.rules.test.yml"), tests);
    Promtool.assertRulesValid(dir, "slo.rules.yml");
    Promtool.assertTestsPass(dir, "slo.rules.test.yml");
  }

  @Test
  void theGeneratedTestsScaleDownForAOneDaySlo(@TempDir Path dir) throws Exception {
    RuleSet rules = generate(ServiceLevelObjective.builder("demo").service("checkout").objective("99%").window("1d").build());
    String tests = rules.toPromtoolTests(HEADER, "slo.rules.yml");
    assertThat(tests).contains("evaluation_interval: 5s", "  - interval: 5s");
    Files.writeString(dir.resolve("slo.rules.yml"), rules.toPrometheusRules(HEADER));
    Files.writeString(dir.resolve("slo.rules.test.yml"), tests);
    Promtool.assertRulesValid(dir, "slo.rules.yml");
    Promtool.assertTestsPass(dir, "slo.rules.test.yml");
  }
}
