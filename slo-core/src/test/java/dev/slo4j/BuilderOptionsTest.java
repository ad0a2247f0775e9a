package dev.slo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slo4j.budget.AlertPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** An option set twice on a builder is a mistake to report, never a silent overwrite (Caffeine's rule). */
class BuilderOptionsTest {

  @Test
  void anSloOptionSetTwiceIsRejectedWhicheverSpellingSetItFirst() {
    assertThatThrownBy(() -> ServiceLevelObjective.builder("checkout").objective("99.9").objective("99"))
        .isInstanceOf(IllegalStateException.class).hasMessage("objective was already set on this builder; set each "
            + "option once");
    assertThatThrownBy(() -> ServiceLevelObjective.builder("checkout").window(Duration.ofDays(7)).window("28d"))
        .hasMessageStartingWith("window was already set");
    assertThatThrownBy(() -> ServiceLevelObjective.builder("checkout").label("team", "a").labels(java.util.Map.of("team", "b")))
        .hasMessageStartingWith("label team was already set");
    assertThat(ServiceLevelObjective.builder("checkout").label("team", "a").label("tier", "1")).isNotNull();
  }

  @Test
  void toBuilderLetsEachOptionBeChangedOnce() {
    ServiceLevelObjective slo = ServiceLevelObjective.builder("checkout").service("shop").objective("99.9").build();
    ServiceLevelObjective changed = slo.toBuilder().objective("99").build();
    assertThat(changed.objective().toPercentString()).isEqualTo("99%");
    assertThatThrownBy(() -> slo.toBuilder().objective("99").objective("98"))
        .hasMessageStartingWith("objective was already set");
  }

  @Test
  void theOtherCoreBuildersRejectARepeatedOption() {
    assertThatThrownBy(() -> Alerting.builder().page(true).page(false)).hasMessageStartingWith("page was already");
    assertThatThrownBy(() -> Alerting.builder().absentFor(Duration.ofMinutes(10)).noAbsentAlert())
        .hasMessageStartingWith("absent was already");
    assertThatThrownBy(() -> AlertPolicy.builder().minBadEvents(3).minBadEvents(5))
        .hasMessageStartingWith("minBadEvents was already");
    assertThatThrownBy(() -> AvailabilitySli.builder().badResult(r -> true).badResult(r -> false))
        .hasMessageStartingWith("badResult was already");
    assertThatThrownBy(() -> SloRegistry.builder().ticker(Ticker.system()).ticker(Ticker.system()))
        .hasMessageStartingWith("ticker was already");
  }
}
