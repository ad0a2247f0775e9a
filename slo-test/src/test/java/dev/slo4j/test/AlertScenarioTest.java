package dev.slo4j.test;

import static dev.slo4j.test.AlertAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slo4j.LatencySli;
import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.rules.RuleGenerator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What slo4j's default policy does on a 99.9%/30d availability SLO and a 99%/30d latency SLO, evaluated by the real
 * promtool; and that each assertion fails with a message a person can act on. Each scenario runs promtool once.
 */
class AlertScenarioTest {

  static final ServiceLevelObjective CHECKOUT =
      ServiceLevelObjective.builder("checkout").service("shop").objective("99.9").build();
  static final ServiceLevelObjective CHECKOUT_LATENCY = ServiceLevelObjective.builder("checkout-latency")
      .service("shop").objective("99").sli(LatencySli.of(Duration.ofMillis(300))).build();

  static AlertTimeline outage;
  static AlertTimeline halfBudget;
  static AlertTimeline sixTimes;

  static Duration min(long m) {
    return Duration.ofMinutes(m);
  }

  static Duration hours(long h) {
    return Duration.ofHours(h);
  }

  @BeforeAll
  static void evaluate() {
    // Half the budget for an hour, the payment provider down for 10 minutes, then 2 clean hours.
    outage = AlertScenario.forSlo(CHECKOUT).steady(hours(1), 0.0005).outage(min(10)).steady(hours(2), 0.0)
        .evaluate();
    halfBudget = AlertScenario.forSlo(CHECKOUT).steady(hours(7), 0.0005).evaluate();
    // The slow page tier's threshold is 6x over 6h (and 30m): a burn of exactly 6x for 6h reaches it, never passes it.
    sixTimes = AlertScenario.forSlo(CHECKOUT).steady(hours(1), 0.0).burnAt(6, hours(6)).steady(hours(1), 0.0)
        .evaluate();
  }

  @Test
  void aFullOutagePagesWithinTheWorkbookTimeAndResetsAfterRecovery() {
    // The fast tier (14.4x over 1h and 5m) needs 14.4 x 0.1% x 60m = 52s of full outage: it pages at the first
    // evaluation that sees a minute of it.
    assertThat(outage).page().neverFiresDuring(0).firesWithin(min(3)).afterPhase(1).resetsWithin(min(10)).afterPhase(1);
    assertThat(outage.firing("page", min(75))).isEmpty();
    assertThat(outage.firstFiring("page", Duration.ZERO)).contains(min(61));
    assertThat(outage.firing("page", min(65))).singleElement().satisfies(a -> {
      assertThat(a.alertname()).isEqualTo("SloErrorBudgetBurn");
      assertThat(a.slo()).isEqualTo("checkout");
      assertThat(a.service()).isEqualTo("shop");
      assertThat(a.severity()).isEqualTo("page");
    });
    // 10 minutes of full outage are 23% of a 30-day budget: the ticket (10% in 3d) opens and stays open.
    assertThat(outage).ticket().firesWithin(min(10)).afterPhase(1);
    assertThat(outage.toString()).contains("phase 1 (outage, +1h to +1h10m)",
        "SloErrorBudgetBurn page checkout (shop): firing from +1h1m, resolved at +1h15m",
        "SloErrorBudgetBurn ticket checkout (shop): firing from +1h1m, still firing at the end");
  }

  @Test
  void aSteadyBurnOfHalfTheBudgetNeverPagesNorTickets() {
    assertThat(halfBudget).page().neverFires();
    assertThat(halfBudget).ticket().neverFires();
    assertThat(halfBudget.fired()).isEmpty();
    assertThat(halfBudget.episodes()).isEmpty();
    assertThat(halfBudget.toString()).contains("no alert fired");
  }

  @Test
  void aBurnAtSixTimesForSixHoursTicketsButDoesNotPage() {
    assertThat(sixTimes).page().neverFires();
    assertThat(sixTimes).ticket().neverFiresDuring(0).firesWithin(min(30)).afterPhase(1);
  }

  @Test
  void aLatencyOutagePagesAndResetsToo() {
    AlertTimeline t = AlertScenario.forSlos(List.of(CHECKOUT, CHECKOUT_LATENCY)).steady(hours(1), 0.0)
        .outage(min(10)).steady(hours(1), 0.0).evaluate();
    assertThat(t).page().firesWithin(min(3)).afterPhase(1).resetsWithin(min(10)).afterPhase(1);
    AlertTimeline latency = AlertScenario.forSlo(CHECKOUT_LATENCY).steady(hours(1), 0.0).outage(min(10))
        .steady(hours(1), 0.0).evaluate();
    assertThat(latency).page().neverFiresDuring(0).firesWithin(min(10)).afterPhase(1).resetsWithin(min(10))
        .afterPhase(1);
    assertThat(latency.firing("page", min(70))).singleElement()
        .satisfies(a -> assertThat(a.slo()).isEqualTo("checkout-latency"));
  }

  @Test
  void aPlatformsOwnRulesAreTestedWithTheirLabels() {
    AlertTimeline t = AlertScenario.forSlo(CHECKOUT)
        .rules(RuleGenerator.builder().platformLabel("team", "payments \"core\"").build())
        .requestsPerSecond(2).steady(min(30), 0.0).outage(min(5)).steady(min(15), 0.0).evaluate();
    assertThat(t).page().firesWithin(min(3)).afterPhase(1);
    assertThat(t.firing("page", min(34))).singleElement()
        .satisfies(a -> assertThat(a.labels()).containsEntry("team", "payments \"core\""));
  }

  @Test
  void aSevenDaySloIsEvaluatedEveryThirtySeconds() {
    // Its tile is 5m x 7/30 = 70s: samples and evaluations every 30s, so every rate() sees two samples.
    ServiceLevelObjective weekly = ServiceLevelObjective.builder("weekly").service("shop").objective("99.9")
        .window(Duration.ofDays(7)).build();
    AlertTimeline t = AlertScenario.forSlo(weekly).steady(hours(1), 0.0).outage(min(5)).steady(min(30), 0.0)
        .evaluate();
    assertThat(t.step()).isEqualTo(Duration.ofSeconds(30));
    assertThat(t).page().neverFiresDuring(0).firesWithin(min(3)).afterPhase(1).resetsWithin(min(10)).afterPhase(1);
    assertThat(t.firstFiring("page", Duration.ZERO).orElseThrow().toSeconds() % 30).isZero();
  }

  // ---- failure messages --------------------------------------------------------------------------------------------

  @Test
  void firesWithinSaysWhenTheAlertFiredInstead() {
    assertThatThrownBy(() -> assertThat(sixTimes).ticket().firesWithin(min(1)).afterPhase(1))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("expected the ticket of SLO 'checkout' to fire within 1m after phase 1 (burn at 6x, "
            + "starting at +1h) but it first fired at +1h15m")
        .hasMessageContaining("alert timeline of SLO 'checkout'");
    assertThatThrownBy(() -> assertThat(halfBudget).page().firesWithin(min(5)).afterPhase(0))
        .hasMessageContaining("expected the page of SLO 'checkout' to fire within 5m after phase 0 (steady 0.05% "
            + "errors, starting at +0s) but it never fired at or after +0s");
  }

  @Test
  void resetsWithinSaysHowLongTheAlertKeptFiring() {
    assertThatThrownBy(() -> assertThat(outage).page().resetsWithin(min(2)).afterPhase(1))
        .hasMessageContaining("expected the page of SLO 'checkout' to reset within 2m after phase 1 (outage, ending "
            + "at +1h10m) but it was still firing until +1h15m");
    assertThatThrownBy(() -> assertThat(outage).ticket().resetsWithin(min(30)).afterPhase(1))
        .hasMessageContaining("but it was still firing at the end, +3h10m");
  }

  @Test
  void neverFiresSaysWhenItFired() {
    assertThatThrownBy(() -> assertThat(outage).ticket().neverFires())
        .hasMessageContaining("expected the ticket of SLO 'checkout' never to fire but it fired at +1h1m");
    assertThatThrownBy(() -> assertThat(outage).page().neverFiresDuring(1))
        .hasMessageContaining("expected the page of SLO 'checkout' not to fire during phase 1 (outage, +1h to "
            + "+1h10m) but it fired at +1h1m");
  }

  @Test
  void aPhaseThatDoesNotExistIsNamed() {
    assertThatThrownBy(() -> assertThat(outage).page().firesWithin(min(5)).afterPhase(3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("phase 3 does not exist: the scenario has phases 0 to 2");
  }

  @Test
  void aMissingPromtoolFailsWithHowToInstallIt() {
    String before = System.getProperty("slo4j.promtool");
    System.setProperty("slo4j.promtool", "/nonexistent/promtool");
    try {
      assertThatThrownBy(() -> AlertScenario.forSlo(CHECKOUT).outage(min(5)).evaluate())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("'/nonexistent/promtool'")
          .hasMessageContaining("apt-get install -y prometheus")
          .hasMessageContaining("-Dslo4j.promtool=/path/to/promtool");
    } finally {
      if (before == null) {
        System.clearProperty("slo4j.promtool");
      } else {
        System.setProperty("slo4j.promtool", before);
      }
    }
  }
}
