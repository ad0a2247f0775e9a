package dev.slo4j.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slo4j.SloValidationException;
import dev.slo4j.budget.BudgetPolicy;
import org.junit.jupiter.api.Test;

/** The error-budget policy in slo4j's spec format: read, defaulted, and every bad value located and named. */
class BudgetPolicySpecTest {

  private static final String SLOS = "slos:\n  - name: checkout\n    objective: 99.9%\n";

  @Test
  void aSpecStatesItsPolicyOrLeavesItToTheWorkbooks() {
    SpecLoader.Spec stated = SpecLoader.parseSpec("version: slo4j/v1\nservice: shop\nbudgetPolicy:\n"
        + "  warnBelow: 50%\n  freezeBelow: 0.1\n  exceptions: [hotfix, rollback]\n" + SLOS, "shop.yaml");
    assertThat(stated.budgetPolicy()).contains(BudgetPolicy.builder().warnBelow(0.5).freezeBelow(0.1)
        .exceptions(java.util.List.of("hotfix", "rollback")).build());
    assertThat(SpecLoader.parseSpec("version: slo4j/v1\nservice: shop\n" + SLOS, "shop.yaml").budgetPolicy()).isEmpty();
  }

  @Test
  void badValuesAreLocatedAndNamed() {
    assertThatThrownBy(() -> SpecLoader.parseSpec("version: slo4j/v1\nservice: shop\nbudgetPolicy:\n"
        + "  warnBelow: lots\n  exceptions: [Hot Fix]\n  freezeAt: 1%\n" + SLOS, "shop.yaml"))
        .isInstanceOf(SloValidationException.class)
        .hasMessageContaining("budgetPolicy.warnBelow 'lots' is not a share such as 25% or 0.25")
        .hasMessageContaining("exception label 'Hot Fix' is not a lower-case word")
        .hasMessageContaining("freezeAt")
        .hasMessageContaining("shop.yaml:");
    assertThatThrownBy(() -> SpecLoader.parseSpec("version: slo4j/v1\nservice: shop\nbudgetPolicy:\n"
        + "  warnBelow: 10%\n  freezeBelow: 20%\n" + SLOS, "shop.yaml"))
        .hasMessageContaining("freezeBelow (20%) is above warnBelow (10%)");
    assertThatThrownBy(() -> SpecLoader.parseSpec("version: slo4j/v1\nservice: shop\nbudgetPolicy:\n"
        + "  warnBelow: 150%\n" + SLOS, "shop.yaml"))
        .hasMessageContaining("budgetPolicy.warnBelow '150%' is outside [0%, 100%]");
  }
}
