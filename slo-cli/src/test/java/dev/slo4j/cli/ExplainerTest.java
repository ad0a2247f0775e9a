package dev.slo4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slo4j.Alerting;
import dev.slo4j.LatencySli;
import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.budget.AlertPolicy;
import dev.slo4j.budget.BurnRateTier;
import dev.slo4j.budget.Severity;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The wording and numbers of {@code explain}, on SLOs built in code: no spec files, no picocli. */
class ExplainerTest {

  private static final Explainer AT_1000_PER_MINUTE = new Explainer(1000);

  private static ServiceLevelObjective slo(String objective, String window) {
    return ServiceLevelObjective.builder("checkout").service("shop").objective(objective).window(window).build();
  }

  @Test
  void theWholeExplanationOfTheWorkbookCase() {
    ServiceLevelObjective slo = ServiceLevelObjective.builder("checkout").service("shop").description("Orders are accepted.").objective("99.9%")
        .window("30d").build();
    assertThat(AT_1000_PER_MINUTE.explain(slo)).isEqualTo("""
        shop/checkout
          Orders are accepted.
          promise:    99.9% of calls succeed over 30d
          objective:  99.9% of events good, over a rolling 30d
          sli:        availability, recorded by slo4j
          budget:     99.9% over 30d: 43m12s of full outage, or 1 bad event in 1,000 (43,200 bad of 43.2 M events at 1,000 events/min)
          alerts:     3 tiers for a 30d window (policy stated for 30d, windows scaled, burn rates kept)
            severity  burn rate  long window  short window  budget spent  full outage fires it
            page          14.4x  1h           5m                      2%  after ~52s
            page             6x  6h           30m                     5%  after ~2m10s
            ticket           1x  3d           6h                     10%  after ~4m20s
            pages also need the last 5m to burn, or the burn to come back within their short window,
            so they reset within minutes of recovery and hold through recurring bursts
        """);
  }

  @Test
  void theBudgetInTimeAndEvents() {
    assertThat(AT_1000_PER_MINUTE.budget(slo("99.9%", "30d"))).isEqualTo(
        "99.9% over 30d: 43m12s of full outage, or 1 bad event in 1,000 (43,200 bad of 43.2 M events at 1,000 events/min)");
    assertThat(AT_1000_PER_MINUTE.budget(slo("99%", "30d"))).isEqualTo(
        "99% over 30d: 7h12m of full outage, or 1 bad event in 100 (432,000 bad of 43.2 M events at 1,000 events/min)");
    assertThat(AT_1000_PER_MINUTE.budget(slo("99.99%", "28d"))).isEqualTo(
        "99.99% over 28d: 4m1s920ms of full outage, or 1 bad event in 10,000 (4,032 bad of 40.3 M events at 1,000 "
            + "events/min)");
    assertThat(new Explainer(12).budget(slo("98.5%", "7d"))).isEqualTo(
        "98.5% over 7d: 2h31m12s of full outage, or 1 bad event in 66.7 (1,814 bad of 120,960 events at 12 events/min)");
  }

  @Test
  void windowsScaleWithTheSloWindowAndBurnRatesStay() {
    String out = AT_1000_PER_MINUTE.explain(slo("99.5%", "28d"));
    assertThat(out).contains(
        "alerts:     3 tiers for a 28d window (policy stated for 30d, windows scaled, burn rates kept)",
        "    page          14.4x  56m          4m40s                   2%  after ~4m2s\n",
        "    page             6x  5h36m        28m                     5%  after ~10m5s\n",
        "    ticket           1x  2d19h12m     5h36m                  10%  after ~20m10s\n",
        "pages also need the last 4m40s to burn");
  }

  @Test
  void aTierThatCanNeverFireIsFlagged() {
    String out = AT_1000_PER_MINUTE.explain(slo("90%", "30d"));
    assertThat(out).contains(
        "    page          14.4x  1h           5m                      2%  NEVER\n",
        "    page             6x  6h           30m                     5%  after ~3h36m\n",
        "    warning: the page tier at 14.4x can never fire: it needs 144% of events bad (14.4 x the 10% budget); drop it"
            + " or give the spec a policy with a lower burn rate (docs/spec.md)\n");
    assertThat(AT_1000_PER_MINUTE.explain(slo("99.9%", "30d"))).doesNotContain("NEVER", "warning");
  }

  @Test
  void switchedOffAlertsSayNoWarningAndNoFastReset() {
    ServiceLevelObjective slo = slo("90%", "30d").toBuilder().alerting(Alerting.builder().page(false).build()).build();
    String out = AT_1000_PER_MINUTE.explain(slo);
    assertThat(out).contains("    page          14.4x  1h           5m                      2%  switched off\n")
        .doesNotContain("warning", "pages also need");
  }

  @Test
  void latencyAndExistingMetricsAreNamed() {
    ServiceLevelObjective slo = slo("99%", "30d").toBuilder().sli(LatencySli.of(Duration.ofMillis(300))).build();
    assertThat(AT_1000_PER_MINUTE.explain(slo)).contains(
        "  promise:    99% of calls complete within 300ms over 30d\n", "  sli:        latency, recorded by slo4j\n");
  }

  @Test
  void aPlatformPolicyIsExplainedAsGiven() {
    AlertPolicy onlyTicket = AlertPolicy.builder()
        .tier(BurnRateTier.of(Severity.TICKET, new BigDecimal("0.25"), Duration.ofDays(7)))
        .requireOngoingBurn(false).build();
    String out = AT_1000_PER_MINUTE.explain(slo("99.9%", "30d").toBuilder().alertPolicy(onlyTicket).build());
    assertThat(out).contains("alerts:     1 tier for a 30d window",
        "    severity  burn rate  long window  short window  budget spent  full outage fires it\n"
            + "    ticket        1.07x  7d           14h                    25%  after ~10m48s\n")
        .doesNotContain("pages also need");
  }

  @Test
  void fullOutageTimeIsTheLongWindowTimesTheThreshold() {
    var tiers = AlertPolicy.workbook().tiersFor(Duration.ofDays(30));
    // 1h x 14.4 x 0.001 = 51.84s, rounded up.
    assertThat(Explainer.timeToFire(tiers.get(0), new BigDecimal("0.001"))).isEqualTo(Duration.ofSeconds(52));
    // 3d x 1 x 0.01 = 43m12s exactly.
    assertThat(Explainer.timeToFire(tiers.get(2), new BigDecimal("0.01"))).isEqualTo(Duration.ofMinutes(43).plusSeconds(12));
  }

  @Test
  void numbersPrintTheSameInEveryLocale() {
    assertThat(Explainer.count(999)).isEqualTo("999");
    assertThat(Explainer.count(43_200)).isEqualTo("43,200");
    assertThat(Explainer.count(9_999_999)).isEqualTo("9,999,999");
    assertThat(Explainer.count(10_000_000)).isEqualTo("10 M");
    assertThat(Explainer.count(43_200_000)).isEqualTo("43.2 M");
    assertThat(Explainer.count(52_704_000_000L)).isEqualTo("52,704 M");
    assertThat(Explainer.oneIn(new BigDecimal("0.001"))).isEqualTo("1,000");
    assertThat(Explainer.oneIn(new BigDecimal("0.015"))).isEqualTo("66.7");
  }

  @Test
  void trafficMustBePositive() {
    assertThatThrownBy(() -> new Explainer(0)).hasMessage(
        "--events-per-minute must be between 1 and 1,000,000,000,000, got 0");
  }
}
