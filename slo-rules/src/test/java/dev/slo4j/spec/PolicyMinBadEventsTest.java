package dev.slo4j.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.budget.AlertPolicy;
import org.junit.jupiter.api.Test;

/** The low-traffic gate of page tiers, in spec files: on by default, tunable, off with 0, bounded. */
class PolicyMinBadEventsTest {

  static String spec(String policy) {
    return "version: slo4j/v1\nservice: shop\n" + (policy.isEmpty() ? "" : "defaults:\n  policy:\n" + policy)
        + "slos:\n  - name: checkout\n    objective: 99.9%\n";
  }

  @Test
  void onByDefaultTunableAndOffWithZero() {
    ServiceLevelObjective plain = SpecLoader.parse(spec(""), "shop.yaml").get(0);
    assertThat(plain.alertPolicy().minBadEvents()).isEqualTo(AlertPolicy.DEFAULT_MIN_BAD_EVENTS).isEqualTo(3);
    assertThat(SpecLoader.parse(spec("    minBadEvents: 10\n"), "shop.yaml").get(0).alertPolicy().minBadEvents())
        .isEqualTo(10);
    ServiceLevelObjective off = SpecLoader.parse(spec("    minBadEvents: 0\n"), "shop.yaml").get(0);
    assertThat(off.alertPolicy().minBadEvents()).isZero();
    assertThat(off.alertPolicy().tiers()).as("the Workbook's tiers").isEqualTo(AlertPolicy.workbook().tiers());
  }

  @Test
  void aValueThatIsNotACountIsLocatedWithTheFix() {
    for (String bad : new String[] {"-1", "3.5", "lots", "99999999999999999999"}) {
      assertThatThrownBy(() -> SpecLoader.parse(spec("    minBadEvents: " + bad + "\n"), "shop.yaml"))
          .hasMessageContaining("shop.yaml:5: policy.minBadEvents '" + bad + "' is not a whole number from 0 to "
              + "1000000; use e.g. 3, or 0 to turn the low-traffic protection off");
    }
    assertThatThrownBy(() -> AlertPolicy.builder().tiers(AlertPolicy.workbook().tiers()).minBadEvents(2_000_000)
        .build()).hasMessageContaining("minBadEvents 2000000 is outside 0 to 1000000");
  }
}
