package dev.slo4j.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slo4j.LatencySli;
import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.rules.RuleGenerator;
import dev.slo4j.rules.RuleSet;
import dev.slo4j.testing.VictoriaMetrics;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21: the generated rules on VictoriaMetrics and vmalert (Debian's {@code victoria-metrics} 1.79, which
 * {@code .ci/run} installs) alert when Prometheus does. The same scenario — an availability and a latency SLO, 3 hours at
 * half the budget's rate, a 20-minute outage, 3 hours healthy — runs through {@code promtool test rules} (Prometheus'
 * rule engine) and, imported into VictoriaMetrics as history, through {@code vmalert -replay} in one pass over the rule
 * file as generated (no reordering, no second pass). Each SLO's page fires within one evaluation interval of
 * Prometheus's and resets within one tile of it; the ticket opens within one tile of Prometheus's.
 */
class VmalertConformanceIT {

  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  private static final Duration TILE = Duration.ofMinutes(5);
  private static final Pattern SERIES = Pattern.compile(
      "\"metric\":\\{([^}]*)}.*\"timestamps\":\\[([^]]*)]");

  @Test
  void pagesAndTicketsFireAndResetWhenPrometheusDoes(@TempDir Path dir) throws Exception {
    ServiceLevelObjective checkout = ServiceLevelObjective.builder("checkout").service("shop").objective("99.9%")
        .build();
    ServiceLevelObjective quote = ServiceLevelObjective.builder("quote").service("shop").objective("99%")
        .sli(LatencySli.of(Duration.ofMillis(300))).build();
    AlertScenario scenario = AlertScenario.forSlos(List.of(checkout, quote)).requestsPerSecond(10)
        .steady(Duration.ofHours(3), 0.0005).outage(Duration.ofMinutes(20)).steady(Duration.ofHours(3), 0);
    Duration outageStart = Duration.ofHours(3);
    Duration step = scenario.step();

    AlertTimeline prometheus = scenario.evaluate();

    RuleSet rules = RuleGenerator.ofDefaults().generate(scenario.slos());
    Path ruleFile = dir.resolve("rules.yml");
    Files.writeString(ruleFile, rules.toPrometheusRules(new RuleSet.Header("VmalertConformanceIT", "-")));
    try (VictoriaMetrics vm = VictoriaMetrics.start()) {
      StringBuilder lines = new StringBuilder();
      for (Map.Entry<String, List<BigDecimal>> s : scenario.samples().entrySet()) {
        List<BigDecimal> values = s.getValue();
        for (int k = 0; k < values.size(); k++) {
          lines.append(s.getKey().replace(", ", ",")).append(' ').append(values.get(k).toPlainString()).append(' ')
              .append(T0.plus(step.multipliedBy(k)).toEpochMilli()).append('\n');
        }
      }
      vm.importText(lines.toString());
      vm.replay(ruleFile, T0, T0.plus(scenario.length()), step);

      for (ServiceLevelObjective slo : scenario.slos()) {
        TreeSet<Duration> promPage = firing(prometheus, slo, "page");
        TreeSet<Duration> vmPage = firing(vm, slo, "page");
        String what = slo.name() + " page: prometheus " + span(promPage) + ", vmalert " + span(vmPage);
        assertThat(promPage).as(what).isNotEmpty();
        assertThat(vmPage).as(what).isNotEmpty();
        assertThat(promPage.first()).as(what).isGreaterThanOrEqualTo(outageStart);
        assertThat(Math.abs(vmPage.first().minus(promPage.first()).toSeconds())).as(what)
            .isLessThanOrEqualTo(step.toSeconds());
        assertThat(Math.abs(vmPage.last().minus(promPage.last()).toSeconds())).as(what)
            .isLessThanOrEqualTo(TILE.toSeconds());

        TreeSet<Duration> promTicket = firing(prometheus, slo, "ticket");
        TreeSet<Duration> vmTicket = firing(vm, slo, "ticket");
        String ticket = slo.name() + " ticket: prometheus " + span(promTicket) + ", vmalert " + span(vmTicket);
        assertThat(promTicket).as(ticket).isNotEmpty();
        assertThat(vmTicket).as(ticket).isNotEmpty();
        assertThat(Math.abs(vmTicket.first().minus(promTicket.first()).toSeconds())).as(ticket)
            .isLessThanOrEqualTo(TILE.toSeconds());
        System.out.println("VmalertConformanceIT " + what + "; " + ticket);
      }
    }
  }

  private static String span(TreeSet<Duration> times) {
    return times.isEmpty() ? "never" : Times.relative(times.first()) + " to " + Times.relative(times.last())
        + " (" + times.size() + " evaluations)";
  }

  /** The evaluations at which promtool saw this SLO's alert of this severity firing. */
  private static TreeSet<Duration> firing(AlertTimeline timeline, ServiceLevelObjective slo, String severity) {
    TreeSet<Duration> out = new TreeSet<>();
    timeline.fired().forEach((t, alerts) -> {
      if (alerts.stream().anyMatch(a -> a.severity().equals(severity) && a.slo().equals(slo.name())
          && a.alertname().equals("SloErrorBudgetBurn"))) {
        out.add(t);
      }
    });
    return out;
  }

  /** The evaluations at which vmalert wrote this SLO's alert of this severity as firing ({@code ALERTS}). */
  private static TreeSet<Duration> firing(VictoriaMetrics vm, ServiceLevelObjective slo, String severity)
      throws Exception {
    TreeSet<Duration> out = new TreeSet<>();
    String export = vm.export("ALERTS{alertname=\"SloErrorBudgetBurn\",alertstate=\"firing\",slo=\"" + slo.name()
        + "\",severity=\"" + severity + "\"}");
    for (String line : export.split("\n")) {
      Matcher m = SERIES.matcher(line);
      if (!m.find()) {
        continue;
      }
      for (String ts : m.group(2).split(",")) {
        if (!ts.isBlank()) {
          out.add(Duration.between(T0, Instant.ofEpochMilli(Long.parseLong(ts.trim()))));
        }
      }
    }
    return out;
  }
}
