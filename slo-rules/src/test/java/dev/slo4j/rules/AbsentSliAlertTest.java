package dev.slo4j.rules;

import dev.slo4j.MetricNames;

import static dev.slo4j.rules.AbsentSliAlertIT.absentAfter10m;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slo4j.LatencySli;
import dev.slo4j.ServiceLevelObjective;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The optional absent-SLI alert's rule, without promtool; {@link AbsentSliAlertIT} runs it in promtool. */
class AbsentSliAlertTest {

  @Test
  void theAlertIsAnAbsentCheckGatedOnTheServiceBeingUpAndOnlyWhenAsked() {
    ServiceLevelObjective latency = ServiceLevelObjective.builder("fast").service("shop").objective("99%").sli(LatencySli.of(Duration.ofMillis(300)))
        .alerting(absentAfter10m()).build();
    assertThat(RuleGenerator.ofDefaults().generate(List.of(latency)).groups().get(1).rules().stream()
        .filter(r -> r.name().equals(MetricNames.ABSENT_ALERT)).findFirst().orElseThrow().expr())
        .startsWith("sum without (slo_service, le) (absent(slo4j_latency_seconds_count{slo=\"fast\",slo_service=\"shop\"}) "
            + "or absent(slo4j_latency_seconds_bucket{slo=\"fast\",slo_service=\"shop\",le=\"0.3\"}))");
    ServiceLevelObjective on = ServiceLevelObjective.builder("checkout").service("shop").objective("99.9%").alerting(absentAfter10m()).build();
    Rule absent = RuleGenerator.ofDefaults().generate(List.of(on)).groups().get(1).rules().stream()
        .filter(r -> r.name().equals(MetricNames.ABSENT_ALERT)).findFirst().orElseThrow();
    assertThat(absent.expr()).isEqualTo("""
        sum without (slo_service) (absent(slo4j_events_total{slo="checkout",slo_service="shop"}))
        and on ()
        (max(up{job="shop"}) > 0)""");
    assertThat(absent.pendingFor()).contains(Duration.ofMinutes(10));
    assertThat(absent.labels()).containsEntry("severity", "ticket").containsEntry("slo", "checkout")
        .containsEntry("service", "shop");
    assertThat(absent.annotations().get("description")).contains("slo4j_events_total{slo=\"checkout\",slo_service=\"shop\"}")
        .contains("10m").contains("up{job=\"shop\"}");

    ServiceLevelObjective off = ServiceLevelObjective.builder("checkout").service("shop").objective("99.9%").build();
    assertThat(RuleGenerator.ofDefaults().generate(List.of(off)).groups().stream()
        .flatMap(g -> g.rules().stream()).map(Rule::name)).doesNotContain(MetricNames.ABSENT_ALERT);
    assertThat(RuleGenerator.ofDefaults().generate(List.of(on))
        .toPrometheusRules(new RuleSet.Header("t", "t"))).contains("    for: 10m\n");
  }
}
