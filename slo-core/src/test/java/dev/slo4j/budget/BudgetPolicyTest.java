package dev.slo4j.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slo4j.budget.BudgetPolicy.Verdict;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BudgetPolicyTest {

  private final BudgetPolicy workbook = BudgetPolicy.workbook();

  @Test
  void theWorkbooksPolicyWarnsBelowAQuarterAndFreezesWhenSpentExceptForItsLabels() {
    assertThat(workbook.decide(1.0, Set.of())).isEqualTo(Verdict.GO);
    assertThat(workbook.decide(0.25, Set.of())).isEqualTo(Verdict.GO);
    assertThat(workbook.decide(0.2499, Set.of())).isEqualTo(Verdict.WARN);
    assertThat(workbook.decide(0.0001, Set.of())).isEqualTo(Verdict.WARN);
    assertThat(workbook.decide(0.0, Set.of())).isEqualTo(Verdict.BLOCKED);
    assertThat(workbook.decide(-3.5, Set.of("feature"))).isEqualTo(Verdict.BLOCKED);
    for (String label : List.of("reliability", "security", "rollback")) {
      assertThat(workbook.decide(-1, Set.of("feature", label))).isEqualTo(Verdict.ALLOWED_EXCEPTION);
    }
    assertThat(Verdict.BLOCKED.passes()).isFalse();
    assertThat(Verdict.ALLOWED_EXCEPTION.passes()).isTrue();
    assertThat(Verdict.ALLOWED_EXCEPTION.label()).isEqualTo("allowed-exception");
    assertThat(workbook).hasToString("warn below 25%, freeze when spent, except [reliability, rollback, security]");
  }

  @Test
  void aStricterPolicyFreezesBeforeTheBudgetIsSpent() {
    BudgetPolicy strict = BudgetPolicy.builder().warnBelow(0.5).freezeBelow(0.1).exceptions(List.of("hotfix")).build();
    assertThat(strict.decide(0.6, Set.of())).isEqualTo(Verdict.GO);
    assertThat(strict.decide(0.3, Set.of())).isEqualTo(Verdict.WARN);
    assertThat(strict.decide(0.0999, Set.of())).isEqualTo(Verdict.BLOCKED);
    assertThat(strict.decide(0.0999, Set.of("reliability"))).isEqualTo(Verdict.BLOCKED);
    assertThat(strict.decide(0.0999, Set.of("hotfix"))).isEqualTo(Verdict.ALLOWED_EXCEPTION);
  }

  @Test
  void everyValueIsBoundedAndNamedInItsError() {
    assertThatThrownBy(() -> BudgetPolicy.builder().warnBelow(1.5)).hasMessage(
        "warnBelow 1.5 is outside [0, 1]; give the remaining share of the budget, e.g. 0.25 for 25%");
    assertThatThrownBy(() -> BudgetPolicy.builder().freezeBelow(Double.NaN)).hasMessageStartingWith(
        "freezeBelow NaN is outside [0, 1]");
    assertThatThrownBy(() -> BudgetPolicy.builder().warnBelow(0.1).freezeBelow(0.2).build()).hasMessageContaining(
        "freezeBelow (20%) is above warnBelow (10%)");
    assertThatThrownBy(() -> BudgetPolicy.builder().exceptions(List.of("Hot Fix"))).hasMessageStartingWith(
        "exception label 'Hot Fix' is not a lower-case word");
    assertThatThrownBy(() -> workbook.decide(Double.NaN, Set.of())).hasMessageContaining("cannot tell");
  }

  @Test
  void sharesAreReadAsPercentOrRatioAndBounded() {
    assertThat(BudgetPolicy.parseShare("x", "25%")).isEqualTo(0.25);
    assertThat(BudgetPolicy.parseShare("x", " 0.1 ")).isEqualTo(0.1);
    assertThat(BudgetPolicy.parseShare("x", "0%")).isZero();
    assertThatThrownBy(() -> BudgetPolicy.parseShare("--warn-below", "101%"))
        .hasMessage("--warn-below '101%' is outside [0%, 100%]");
    for (String bad : new String[] {"", "-5%", "lots", "1e3", "25 %%", "99999999999999999999", "0x10", "NaN"}) {
      assertThatThrownBy(() -> BudgetPolicy.parseShare("--warn-below", bad)).as(bad)
          .hasMessageContaining("--warn-below '" + bad + "' is not a share such as 25% or 0.25");
    }
  }
}
