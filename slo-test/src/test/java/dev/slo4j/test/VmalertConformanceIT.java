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
        TreeSet<Duration> vmPage = firing(vm, slo, "page", T0);
        String what = slo.name() + " page: prometheus " + span(promPage) + ", vmalert " + span(vmPage);
        assertThat(promPage).as(what).isNotEmpty();
        assertThat(vmPage).as(what).isNotEmpty();
        assertThat(promPage.first()).as(what).isGreaterThanOrEqualTo(outageStart);
        assertThat(Math.abs(vmPage.first().minus(promPage.first()).toSeconds())).as(what)
            .isLessThanOrEqualTo(step.toSeconds());
        assertThat(Math.abs(vmPage.last().minus(promPage.last()).toSeconds())).as(what)
            .isLessThanOrEqualTo(TILE.toSeconds());

        TreeSet<Duration> promTicket = firing(prometheus, slo, "ticket");
        TreeSet<Duration> vmTicket = firing(vm, slo, "ticket", T0);
        String ticket = slo.name() + " ticket: prometheus " + span(promTicket) + ", vmalert " + span(vmTicket);
        assertThat(promTicket).as(ticket).isNotEmpty();
        assertThat(vmTicket).as(ticket).isNotEmpty();
        assertThat(Math.abs(vmTicket.first().minus(promTicket.first()).toSeconds())).as(ticket)
            .isLessThanOrEqualTo(TILE.toSeconds());
        System.out.println("VmalertConformanceIT " + what + "; " + ticket);
      }
    }
  }

  /**
   * Live: a 1-day SLO (10-second tiles, pages over 2 minutes and 10 seconds), its counters pushed to VictoriaMetrics
   * every 2 seconds of real time (20s at a twentieth of the budget's rate, a 40-second outage, 40s healthy) while
   * vmalert evaluates the rule file every 5 seconds and sends its alerts to a real Alertmanager. The page fires within
   * one tile and one evaluation of promtool's time for the same scenario, resets within two tiles of it, and reaches
   * Alertmanager.
   */
  @Test
  void liveTheOutagePagesAndResetsWhenPrometheusDoesAndReachesAlertmanager(@TempDir Path dir) throws Exception {
    ServiceLevelObjective slo = ServiceLevelObjective.builder("checkout").service("shop").objective("99.9%")
        .window("1d").build();
    Duration healthy = Duration.ofSeconds(20);
    Duration outage = Duration.ofSeconds(40);
    Duration after = Duration.ofSeconds(40);
    AlertScenario scenario = AlertScenario.forSlo(slo).requestsPerSecond(50).steady(healthy, 0.0005)
        .outage(outage).steady(after, 0);
    TreeSet<Duration> promPage = firing(scenario.evaluate(), slo, "page");

    RuleSet rules = RuleGenerator.ofDefaults().generate(List.of(slo));
    Path ruleFile = dir.resolve("rules.yml");
    Files.writeString(ruleFile, rules.render(new RuleSet.Header("VmalertConformanceIT", "-"),
        dev.slo4j.rules.Target.vmalert()));
    String route = "route:\n  receiver: none\nreceivers:\n  - name: none\n";
    boolean reachedAlertmanager = false;
    Instant start;
    TreeSet<Duration> vmPage;
    try (VictoriaMetrics vm = VictoriaMetrics.start();
        dev.slo4j.testing.Alertmanager am = dev.slo4j.testing.Alertmanager.start(route);
        AutoCloseable vmalert = vm.vmalert(ruleFile, am.url(), Duration.ofSeconds(5))) {
      start = Instant.now();
      long good = 0;
      long bad = 0;
      double owed = 0;
      Instant end = start.plus(healthy).plus(outage).plus(after);
      for (Instant t = Instant.now(); t.isBefore(end); t = Instant.now()) {
        Duration at = Duration.between(start, t);
        long events = 50 * 2;
        if (at.compareTo(healthy) >= 0 && at.compareTo(healthy.plus(outage)) < 0) {
          bad += events;
        } else {
          owed += at.compareTo(healthy) < 0 ? events * 0.0005 : 0;
          long b = (long) owed;
          owed -= b;
          bad += b;
          good += events - b;
        }
        long ms = t.toEpochMilli();
        vm.importText("slo4j_events_total{slo=\"checkout\",slo_service=\"shop\",outcome=\"good\",instance=\"a\"} "
            + good + " " + ms + "\nslo4j_events_total{slo=\"checkout\",slo_service=\"shop\",outcome=\"bad\","
            + "instance=\"a\"} " + bad + " " + ms + "\n");
        if (!reachedAlertmanager && at.compareTo(healthy.plus(Duration.ofSeconds(25))) > 0) {
          reachedAlertmanager = am.send("GET", "api/v2/alerts", null).body()
              .matches("(?s).*\"alertname\":\"SloErrorBudgetBurn\".*\"severity\":\"page\".*");
        }
        Thread.sleep(Math.max(0, 2000 - Duration.between(t, Instant.now()).toMillis()));
      }
      Thread.sleep(6000); // the last evaluation written
      vmPage = firing(vm, slo, "page", start);
    }
    String what = "page: prometheus " + span(promPage) + ", vmalert live " + span(vmPage);
    System.out.println("VmalertConformanceIT live " + what);
    assertThat(promPage).as(what).isNotEmpty();
    assertThat(vmPage).as(what).isNotEmpty();
    // Fires within a 10s tile and a 5s evaluation of promtool's time; resets within two tiles: live, the pushes (every
    // 2s, late when the machine is busy) and VictoriaMetrics' 1s latency offset add to the evaluation's own delay.
    assertThat(Math.abs(vmPage.first().minus(promPage.first()).toMillis())).as(what)
        .isLessThanOrEqualTo(Duration.ofSeconds(15).toMillis());
    assertThat(Math.abs(vmPage.last().minus(promPage.last()).toMillis())).as(what)
        .isLessThanOrEqualTo(Duration.ofSeconds(20).toMillis());
    assertThat(reachedAlertmanager).as("the page reached Alertmanager while firing").isTrue();
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

  /**
   * The evaluations at which vmalert wrote this SLO's alert of this severity as firing ({@code ALERTS}), as times
   * after {@code base}.
   */
  private static TreeSet<Duration> firing(VictoriaMetrics vm, ServiceLevelObjective slo, String severity,
      Instant base) throws Exception {
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
          out.add(Duration.between(base, Instant.ofEpochMilli(Long.parseLong(ts.trim()))));
        }
      }
    }
    return out;
  }
}
