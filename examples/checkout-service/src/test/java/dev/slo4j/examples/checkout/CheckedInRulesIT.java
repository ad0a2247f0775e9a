package dev.slo4j.examples.checkout;

import dev.slo4j.testing.Promtool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The rules checked in under src/main/resources/slo4j/ load into promtool and pass the tests generated with them.
 * That they are current is the slo4j-maven-plugin's {@code check}, bound to {@code verify} in this module's pom: a
 * changed annotation or default fails the build with the command that regenerates them ({@code mvn slo4j:generate}).
 */
class CheckedInRulesIT {

  @Test
  void theCheckedInRulesPassPromtool() throws Exception {
    Path dir = Path.of("src/main/resources/slo4j").toAbsolutePath();
    Promtool.Result check = Promtool.run(dir, "check", "rules", "checkout-service.rules.yml");
    assertThat(check.exitCode()).as(check.output()).isZero();
    Promtool.Result test = Promtool.run(dir, "test", "rules", "checkout-service.rules.test.yml");
    assertThat(test.exitCode()).as(test.output()).isZero();
  }
}
