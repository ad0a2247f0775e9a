package dev.slo4j.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.slo4j.budget.Objective;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ErrorBudgetTest {

  static final ErrorBudget THREE_NINES = ErrorBudget.of(Objective.parse("99.9%"), Duration.ofDays(30));

  @Test
  void threeNinesOverThirtyDaysAllowsFortyThreeMinutesOrOneInAThousand() {
    assertThat(THREE_NINES.allowedFullOutage()).isEqualTo(Duration.ofMinutes(43).plusSeconds(12));
    assertThat(THREE_NINES.allowedBadEvents(43_200_000)).isEqualTo(43_200);
    assertThat(THREE_NINES.allowedErrorRatio().toPlainString()).isEqualTo("0.001");
    ErrorBudget fiveNines = ErrorBudget.of(Objective.parse("99.999"), Duration.ofDays(30));
    assertThat(fiveNines.allowedErrorRatio().toPlainString()).isEqualTo("0.00001");
    assertThat(fiveNines.allowedFullOutage()).isEqualTo(Duration.ofMillis(25_920));
    assertThat(fiveNines.allowedBadEvents(43_200_000)).isEqualTo(432);
  }

  @Test
  void noTrafficSpendsNothingAndBurnsNothing() {
    assertThat(THREE_NINES.burnRate(0, 0)).isZero();
    assertThat(THREE_NINES.remaining(0, 0)).isEqualTo(1.0);
    assertThat(THREE_NINES.timeToExhaustion(1.0, 0)).isEmpty();
  }

  @Test
  void burnRateConsumedAndRemaining() {
    assertThat(THREE_NINES.burnRate(144, 10_000)).isCloseTo(14.4, within(1e-9));
    assertThat(THREE_NINES.consumed(2, 1000)).isCloseTo(2.0, within(1e-9));
    assertThat(THREE_NINES.remaining(2, 1000)).isCloseTo(-1.0, within(1e-9));
    assertThat(THREE_NINES.timeToExhaustion(0.5, 2)).contains(Duration.ofHours(180));
    assertThat(THREE_NINES.timeToExhaustion(0, 2)).contains(Duration.ZERO);
    assertThat(THREE_NINES.timeToExhaustion(-0.3, 0)).contains(Duration.ZERO);
    assertThatThrownBy(() -> THREE_NINES.burnRate(5, 3))
        .hasMessage("counts bad=5, total=3 are impossible; need 0 <= bad <= total");
  }

  @Test
  void counterResetsAreNotNegativeErrors() {
    assertThat(CounterIncrease.of(0, 10, 20, 5, 15)).isEqualTo(35);
    assertThat(CounterIncrease.of(7)).isZero();
    assertThatThrownBy(() -> CounterIncrease.of(1, -2))
        .hasMessage("sample 1 is -2.0; a counter is finite and never negative");
    assertThatThrownBy(() -> CounterIncrease.of(1, Double.NaN)).hasMessageContaining("sample 1 is NaN");
  }

  @Property
  void burnRateGrowsWithBadEvents(@ForAll @LongRange(min = 1, max = 1_000_000) long total,
      @ForAll @DoubleRange(min = 0, max = 1) double share) {
    long bad = (long) (total * share);
    assertThat(THREE_NINES.burnRate(Math.min(total, bad + 1), total))
        .isGreaterThanOrEqualTo(THREE_NINES.burnRate(bad, total));
    assertThat(THREE_NINES.remaining(bad, total) + THREE_NINES.consumed(bad, total)).isCloseTo(1.0, within(1e-9));
  }

  @Property
  void allowedBadEventsIsTheFloorOfTheBudget(@ForAll @LongRange(min = 0, max = 10_000_000_000L) long total) {
    long allowed = THREE_NINES.allowedBadEvents(total);
    BigDecimal exact = BigDecimal.valueOf(total).multiply(new BigDecimal("0.001"));
    assertThat(BigDecimal.valueOf(allowed)).isLessThanOrEqualTo(exact);
    assertThat(BigDecimal.valueOf(allowed + 1)).isGreaterThan(exact);
  }

  @Property
  void increaseOfAMonotonicCounterIsLastMinusFirst(@ForAll @Size(min = 1, max = 50) List<@LongRange(min = 0,
      max = 1000) Long> steps) {
    double[] samples = new double[steps.size()];
    double v = 0;
    for (int i = 0; i < samples.length; i++) {
      v += steps.get(i);
      samples[i] = v;
    }
    assertThat(CounterIncrease.of(samples)).isEqualTo(samples[samples.length - 1] - samples[0]);
  }

  @Test
  void theWorkbookPolicyScalesWindowsAndKeepsBurnRates() {
    AlertPolicy p = AlertPolicy.workbook();
    assertThat(p.tiersFor(Duration.ofDays(30))).extracting(t -> t.burnRate().toPlainString(), ScaledTier::longWindow,
        ScaledTier::shortWindow).containsExactly(
        org.assertj.core.groups.Tuple.tuple("14.4", Duration.ofHours(1), Duration.ofMinutes(5)),
        org.assertj.core.groups.Tuple.tuple("6", Duration.ofHours(6), Duration.ofMinutes(30)),
        org.assertj.core.groups.Tuple.tuple("1", Duration.ofDays(3), Duration.ofHours(6)));
    assertThat(p.tiersFor(Duration.ofDays(7))).extracting(ScaledTier::longWindow, ScaledTier::shortWindow)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Duration.ofMinutes(14), Duration.ofSeconds(70)),
            org.assertj.core.groups.Tuple.tuple(Duration.ofMinutes(84), Duration.ofMinutes(7)),
            org.assertj.core.groups.Tuple.tuple(Duration.ofMinutes(1008), Duration.ofMinutes(84)));
    assertThat(p.tiersFor(Duration.ofDays(1)).get(0).longWindow()).isEqualTo(Duration.ofMinutes(2));
    assertThat(p.shortestWindow(Duration.ofDays(1))).isEqualTo(Duration.ofSeconds(10));
    assertThat(p.tiersFor(Duration.ofDays(7)).get(0).burnRate().toPlainString()).isEqualTo("14.4");
  }

  @Test
  void aTierThatNeedsMoreThanAllEventsBadCannotFire() {
    ScaledTier fast = AlertPolicy.workbook().tiersFor(Duration.ofDays(30)).get(0);
    assertThat(fast.canFire(new BigDecimal("0.1"))).isFalse();
    assertThat(fast.errorRatioThreshold(new BigDecimal("0.1")).toPlainString()).isEqualTo("1.44");
    assertThat(AlertPolicy.workbook().tiersFor(Duration.ofDays(30)).get(1).canFire(new BigDecimal("0.1"))).isTrue();
  }

  @Test
  void policyBuilderRejectsNonsenseWithTheFix() {
    assertThatThrownBy(() -> AlertPolicy.builder().build())
        .hasMessage("an alert policy needs at least one tier, e.g. page at 2% of the budget in 1h");
    assertThatThrownBy(() -> new BurnRateTier(Severity.PAGE, new BigDecimal("0.02"), Duration.ofHours(1),
        Duration.ofHours(1))).hasMessage("shortWindow 1h must be positive and shorter than longWindow 1h; "
        + "the Workbook uses 1/12 of the long window, e.g. 5m for 1h");
    assertThatThrownBy(() -> BurnRateTier.of(Severity.PAGE, BigDecimal.ZERO, Duration.ofHours(1)))
        .hasMessage("budgetConsumed 0% is outside (0%, 100%]; give the share of the budget spent within the long "
            + "window, e.g. 2%");
    assertThatThrownBy(() -> AlertPolicy.builder().tier(BurnRateTier.of(Severity.TICKET, BigDecimal.ONE,
        Duration.ofDays(31))).build()).hasMessageContaining("not shorter than the reference window 30d");
  }
}
