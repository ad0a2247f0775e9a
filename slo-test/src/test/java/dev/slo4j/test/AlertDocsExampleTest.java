package dev.slo4j.test;

import static dev.slo4j.test.AlertAssertions.assertThat;

import dev.slo4j.ServiceLevelObjective;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The alert scenario of docs/testing.md, as it is printed there. */
class AlertDocsExampleTest {

  @Test
  void theDocumentedScenario() {
    ServiceLevelObjective slo = ServiceLevelObjective.builder("checkout").service("shop").objective("99.9").build();
    AlertTimeline alerts = AlertScenario.forSlo(slo)
        .steady(Duration.ofHours(24), 0.0005)
        .outage(Duration.ofMinutes(10))
        .steady(Duration.ofHours(6), 0.0005)
        .burnAt(10, Duration.ofHours(12))
        .evaluate();

    assertThat(alerts).page().firesWithin(Duration.ofMinutes(3)).afterPhase(1);
    assertThat(alerts).page().resetsWithin(Duration.ofMinutes(15)).afterPhase(1);
    assertThat(alerts).page().neverFiresDuring(0);
    assertThat(alerts).ticket().firesWithin(Duration.ofMinutes(15)).afterPhase(1);
    assertThat(alerts).page().firesWithin(Duration.ofHours(6)).afterPhase(3);
  }
}
