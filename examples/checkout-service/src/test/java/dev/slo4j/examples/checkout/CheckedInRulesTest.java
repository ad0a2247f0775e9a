package dev.slo4j.examples.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slo4j.cli.Slo4jCommand;
import dev.slo4j.rules.Promtool;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The build fails when the rules checked in under rules/ no longer match the {@code @Slo} annotations: the annotation
 * processor wrote them to target/classes/META-INF/slo4j/annotated-slos.yaml during this very build.
 */
class CheckedInRulesTest {

  static final String[] FILES = {"target/classes/META-INF/slo4j/annotated-slos.yaml",
      "--rules", "rules/checkout-service.rules.yml", "--tests", "rules/checkout-service.rules.test.yml",
      "--dashboard", "dashboards/checkout-service.json"};

  @Test
  void theCheckedInRulesMatchTheAnnotations() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Slo4jCommand()).setErr(new PrintWriter(err));
    String[] args = new String[FILES.length + 1];
    args[0] = "check";
    System.arraycopy(FILES, 0, args, 1, FILES.length);
    int exit = cli.execute(args);
    assertThat(exit).as("%s%nRegenerate from the repository root with:%n  java -jar slo-cli/target/slo4j-cli.jar"
        + " generate -C examples/checkout-service %s", err, String.join(" ", FILES)).isZero();
  }

  @Test
  void theCheckedInRulesPassPromtool() throws Exception {
    Path dir = Path.of("rules").toAbsolutePath();
    Promtool.Result check = Promtool.run(dir, "check", "rules", "checkout-service.rules.yml");
    assertThat(check.exitCode()).as(check.output()).isZero();
    Promtool.Result test = Promtool.run(dir, "test", "rules", "checkout-service.rules.test.yml");
    assertThat(test.exitCode()).as(test.output()).isZero();
  }
}
