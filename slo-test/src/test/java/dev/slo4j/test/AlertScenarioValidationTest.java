package dev.slo4j.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slo4j.Alerting;
import dev.slo4j.ServiceLevelObjective;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scenarios that cannot mean anything, or would run too long, are refused with the value and the bound. */
class AlertScenarioValidationTest {

  static final ServiceLevelObjective CHECKOUT = AlertScenarioTest.CHECKOUT;
  final AlertScenario scenario = AlertScenario.forSlo(CHECKOUT);

  @Test
  void phaseLengthsMustBePositiveAndWholeSteps() {
    assertThatThrownBy(() -> scenario.steady(Duration.ZERO, 0.0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the length of phase 0 must be positive, got 0s");
    assertThatThrownBy(() -> scenario.outage(Duration.ofMinutes(1)).outage(Duration.ofMinutes(-5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the length of phase 1 must be positive, got -5m");
    assertThatThrownBy(() -> scenario.burnAt(2, Duration.ofSeconds(90))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the length of phase 0, 1m30s, is not a whole number of the scenario's evaluation step 1m");
  }

  @Test
  void errorRatiosMustBeInZeroToOne() {
    for (double bad : new double[] {-0.01, 1.5, Double.NaN}) {
      assertThatThrownBy(() -> scenario.steady(Duration.ofMinutes(5), bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("error ratio " + bad + " of phase 0 is outside [0, 1]");
    }
    assertThat(scenario.steady(Duration.ofMinutes(5), 0).steady(Duration.ofMinutes(5), 1).phases()).hasSize(2);
  }

  @Test
  void aBurnRateMustGiveARatioOfAtMostOne() {
    assertThatThrownBy(() -> scenario.burnAt(1001, Duration.ofMinutes(5))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("burn rate 1001.0 of phase 0 gives SLO 'checkout'")
        .hasMessageContaining("an error ratio of 1.001, more than 1; its highest burn rate is 1000");
    assertThatThrownBy(() -> scenario.burnAt(0, Duration.ofMinutes(5))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("burn rate 0.0 of phase 0 must be positive and finite");
    assertThatThrownBy(() -> scenario.burnAt(-1, Duration.ofMinutes(5))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> scenario.burnAt(Double.POSITIVE_INFINITY, Duration.ofMinutes(5)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(scenario.burnAt(1000, Duration.ofMinutes(5)).phases().get(0).description()).isEqualTo("burn at 1000x");
  }

  @Test
  void requestsPerSecondMustBePositive() {
    assertThatThrownBy(() -> scenario.requestsPerSecond(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("requests per second must be in (0, 1000000], got 0.0");
    assertThatThrownBy(() -> scenario.requestsPerSecond(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void scenariosLongerThanSevenDaysAreRefused() {
    AlertScenario week = scenario.steady(Duration.ofDays(6), 0).outage(Duration.ofDays(1));
    assertThat(week.length()).isEqualTo(Duration.ofDays(7));
    assertThatThrownBy(() -> week.steady(Duration.ofMinutes(1), 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("phase 2 (1m) makes the scenario 7d1m long, more than the maximum 7d");
  }

  @Test
  void scenariosWithTooManyEvaluationsAreRefused() {
    // A 1-day SLO's tile is 10s: evaluated every 5s, two days are 34,561 evaluations.
    ServiceLevelObjective daily = ServiceLevelObjective.builder("daily").service("shop").objective("99.9")
        .window(Duration.ofDays(1)).build();
    AlertScenario s = AlertScenario.forSlo(daily);
    assertThat(s.step()).isEqualTo(Duration.ofSeconds(5));
    assertThatThrownBy(() -> s.steady(Duration.ofDays(2), 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("34561 evaluations long (every 5s for 2d), more than the maximum 20000");
    // With the absent-SLI alert, a week at 1m is 10,081 evaluations of two alerts: refused before promtool runs.
    ServiceLevelObjective withAbsent = CHECKOUT.toBuilder()
        .alerting(Alerting.builder().absentFor(Duration.ofMinutes(10)).build()).build();
    AlertScenario week = AlertScenario.forSlo(withAbsent).steady(Duration.ofDays(7), 0);
    assertThatThrownBy(week::evaluate).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("20162 promtool test entries (10081 evaluations of 2 alerts), more than the maximum "
            + "20000");
  }

  @Test
  void aScenarioNeedsPhasesAndSlos() {
    assertThatThrownBy(scenario::evaluate).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the scenario has no phases");
    assertThatThrownBy(() -> AlertScenario.forSlos(List.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one SLO");
  }

  @Test
  void scenariosAreImmutable() {
    AlertScenario one = scenario.outage(Duration.ofMinutes(5));
    AlertScenario two = one.steady(Duration.ofMinutes(5), 0.1);
    assertThat(one.phases()).hasSize(1);
    assertThat(two.phases()).extracting(AlertTimeline.Phase::toString)
        .containsExactly("phase 0 (outage, +0s to +5m)", "phase 1 (steady 10% errors, +5m to +10m)");
    assertThat(scenario.phases()).isEmpty();
  }
}
