package dev.slo4j.rules;

import static dev.slo4j.rules.AlertScenario.hours;
import static dev.slo4j.rules.AlertScenario.min;

import dev.slo4j.Alerting;
import dev.slo4j.LatencySli;
import dev.slo4j.MetricNames;
import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.budget.AlertPolicy;
import dev.slo4j.budget.BurnRateTier;
import dev.slo4j.budget.Severity;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The budget-exhaustion tickets ({@code SloErrorBudgetExhausted}, {@code SloErrorBudgetExhaustionPredicted}) on
 * synthetic traffic, proven with the real {@code promtool test rules}.
 *
 * <p>The SLOs are 99% over 1 day, so a whole window of history fits in a test: three instances serving 1, 2 and 3
 * thousand events a minute, scraped and evaluated every minute; a clean first day, then the scenario from S = 24h.
 * Their policy is stated for a 1-day reference window (one page tier, 50% of the budget in 1h, short window 5m), so the
 * tiles are 5 minutes wide as for a 30-day SLO with the Workbook's policy (scaled to 1 day they would be 10 seconds,
 * shorter than a scrape). The forecast reads the burn over 12m and 48m (6h and 1d scaled to 1 day).
 */
class BudgetExhaustionScenarioIT {

  static final String EXHAUSTED = MetricNames.EXHAUSTED_ALERT;
  static final String PREDICTED = MetricNames.EXHAUSTION_PREDICTED_ALERT;
  /** The start of the scenario: a whole window of clean history before it. */
  static final Duration S = hours(24);
  /** One rule evaluation: the precision of every asserted time. */
  static final Duration EVALUATION = min(1);

  @TempDir Path dir;

  static final AlertPolicy ONE_DAY = AlertPolicy.builder().referenceWindow(Duration.ofDays(1))
      .tiers(List.of(BurnRateTier.of(Severity.PAGE, new BigDecimal("0.5"), hours(1)))).build();

  static ServiceLevelObjective availability(String name, Duration horizon) {
    return ServiceLevelObjective.builder(name).service("checkout").objective("99%").window("1d").alertPolicy(ONE_DAY)
        .alerting(Alerting.builder().budgetExhaustionAlerts(min(5), horizon).build()).build();
  }

  static ServiceLevelObjective latency(String name, Duration horizon) {
    return availability(name, horizon).toBuilder().sli(LatencySli.of(Duration.ofMillis(300))).build();
  }

  void run(String name, List<ServiceLevelObjective> slos, List<AlertScenario> scenarios) throws Exception {
    AlertScenario.prove(dir, name, slos, EVALUATION, List.of(scenarios));
  }

  /**
   * Steady traffic within budget: half the budget's error ratio all along (0.5x, 50% of the budget left), or 0.9x (10%
   * left, where the forecast without its 1x floor would read "runs out in 2h40m" forever). Neither ticket fires in 30
   * hours.
   */
  @Test
  void steadyTrafficWithinBudgetNeverFiresEither() throws Exception {
    Duration end = hours(30);
    List<AlertScenario> scenarios = new ArrayList<>();
    for (String shape : List.of("availability", "latency")) {
      AlertScenario half = scenario(shape, "steady 0.5x", shape + "-half").length(end).errors(min(0), end, 0.005);
      half.near(end, "slo4j:error_budget_remaining:ratio" + half.sel(), 0.5, 0.01);
      AlertScenario under = scenario(shape, "steady 0.9x", shape + "-under").length(end).errors(min(0), end, 0.009);
      under.near(end, "slo4j:error_budget_remaining:ratio" + under.sel(), 0.1, 0.01);
      for (AlertScenario s : List.of(half, under)) {
        s.alertNeverFires(min(10), end, EXHAUSTED).alertNeverFires(min(10), end, PREDICTED);
        scenarios.add(s);
      }
    }
    run("steady.yml", List.of(availability("availability-half", null), availability("availability-under", hours(6)),
        latency("latency-half", null), latency("latency-under", hours(6))), scenarios);
  }

  private static AlertScenario scenario(String shape, String comment, String slo) {
    return shape.equals("latency") ? AlertScenario.latency(comment, slo) : AlertScenario.availability(comment, slo);
  }

  /**
   * A 10x burn (10% of calls bad) from S spends the 1-day budget (14m24s of full outage) in 2h24m: the budget
   * reaches 0 at S+2h24m, plus about 3 minutes for the first bad events to reach the 5-minute tiles (a sample holds the
   * minute before it; a tile averages the last 5 minutes), and the ticket waits its 5 minutes: S+2h32m, asserted within
   * one evaluation. The forecast fires at S+2m, once the 12-minute burn rate is above 1x (at 10x the budget lasts 2h24m,
   * less than the horizon of a day), and stops once the budget is spent, while the budget-exhausted ticket fires.
   */
  @Test
  void aBurnThatSpendsTheBudgetFiresExhaustedAtTheComputedTime() throws Exception {
    Duration end = S.plus(hours(3));
    Duration exhausted = S.plus(min(144 + 3 + 5));
    List<AlertScenario> scenarios = new ArrayList<>();
    for (String shape : List.of("availability", "latency")) {
      AlertScenario s = scenario(shape, "10x from S", shape + "-spent").length(end).errors(S, end, 0.1)
          .alertNeverFires(min(10), S, EXHAUSTED).alertNeverFires(min(10), S, PREDICTED)
          .alertFirstFiresNear(end, end.minus(min(10)), EXHAUSTED, exhausted, EVALUATION)
          .alertFirstFiresNear(end, end.minus(min(10)), PREDICTED, S.plus(min(2)), EVALUATION)
          .alert(exhausted.minus(min(10)), PREDICTED, true)
          .alert(end, PREDICTED, false)
          .alert(end, EXHAUSTED, true);
      scenarios.add(s);
    }
    run("spent.yml", List.of(availability("availability-spent", null), latency("latency-spent", null)), scenarios);
  }

  /**
   * A steady 2x burn from S (2% of calls bad) with a 6-hour horizon: the budget lasts 12h, and the forecast
   * (remaining x 1d / 2 <= 6h) fires once half of it is left, at S+6h plus the tiles' 3 minutes, 6 hours before the
   * budget is spent (S+12h3m, the ticket 5 minutes later). A 0.9x burn from S with the same horizon never fires: it
   * would settle at 10% left.
   */
  @Test
  void aSteadySlowBurnFiresPredictedBeforeExhaustionAndNotUnderOneX() throws Exception {
    Duration end = S.plus(hours(12)).plus(min(20));
    Duration predicted = S.plus(hours(6)).plus(min(3));
    Duration exhausted = S.plus(hours(12)).plus(min(3 + 5));
    List<AlertScenario> scenarios = new ArrayList<>();
    for (String shape : List.of("availability", "latency")) {
      AlertScenario slow = scenario(shape, "2x from S", shape + "-slow").length(end).errors(S, end, 0.02)
          .alertFirstFiresNear(end, end.minus(min(10)), PREDICTED, predicted, EVALUATION)
          .alertFirstFiresNear(end, end.minus(min(10)), EXHAUSTED, exhausted, EVALUATION)
          .alert(predicted.plus(hours(5)), PREDICTED, true)
          .alert(end, PREDICTED, false);
      AlertScenario under = scenario(shape, "0.9x from S", shape + "-under1x").length(end).errors(S, end, 0.009)
          .alertNeverFires(min(10), end, PREDICTED).alertNeverFires(min(10), end, EXHAUSTED);
      scenarios.add(slow);
      scenarios.add(under);
    }
    run("slow.yml", List.of(availability("availability-slow", hours(6)), availability("availability-under1x", hours(6)),
        latency("latency-slow", hours(6)), latency("latency-under1x", hours(6))), scenarios);
  }
}
