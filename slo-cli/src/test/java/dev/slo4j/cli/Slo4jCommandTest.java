package dev.slo4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slo4j.rules.Promtool;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class Slo4jCommandTest {

  /** The repository root, where the checked-in spec and rules live. */
  static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Slo4jCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void explainPutsTheBudgetAndTiersInPlainTerms() {
    Run r = run("explain", REPO.resolve("specs/checkout.yaml").toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains(
        "checkout-service/checkout-availability",
        "promise:    99.9% of calls succeed over 30d",
        "budget:     43m12s of full outage, or 1 bad event in 1,000 (43,200 bad of 43.2 M events at 1,000 events/min)",
        "page     14.4x over 1h      and 5m         2% of the budget  a full outage trips it after ~52s",
        "ticket      1x over 3d      and 6h        10% of the budget",
        "budget:     7h12m of full outage, or 1 bad event in 100 (432,000 bad of 43.2 M events",
        "(switched off)");
  }

  @Test
  void explainReportsEveryProblemAndExitsOne(@TempDir Path dir) throws Exception {
    Path spec = dir.resolve("bad.yaml");
    Files.writeString(spec, "version: slo4j/v1\nservice: s\nslos:\n  - name: a\n    objective: 100\n"
        + "  - name: b\n    objective: 99\n    window: 0d\n");
    Run r = run("explain", spec.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("2 problems in SLO specs:",
        spec + ":5: slo 'a': objective 100% leaves no error budget; use a value below 100%, e.g. 99.9%",
        spec + ":8: slo 'b': window PT0S is not a time span");
    assertThat(run("explain", dir.resolve("missing.yaml").toString()).exit()).isEqualTo(2);
  }

  @Test
  void aNeverFiringTierIsFlagged(@TempDir Path dir) throws Exception {
    Path spec = dir.resolve("batch.yaml");
    Files.writeString(spec, "version: slo4j/v1\nservice: s\nslos:\n  - name: batch\n    objective: 90\n");
    assertThat(run("explain", spec.toString()).out()).contains("NEVER FIRES: needs 144% errors");
    Run gen = run("generate", spec.toString(), "--rules", dir.resolve("r.yml").toString());
    assertThat(gen.err()).contains("warning: slo 'batch' of service 's': the page tier at 14.4x over 1h can never fire");
  }

  @Test
  void generateThenCheckPassesAndAnyEditMakesItStale(@TempDir Path dir) throws Exception {
    Files.copy(REPO.resolve("specs/checkout.yaml"), dir.resolve("checkout.yaml"));
    String[] args = {"checkout.yaml", "-C", dir.toString(), "--rules", "out/rules.yml", "--tests", "out/rules.test.yml",
        "--inhibit-rules", "out/inhibit.yml"};
    assertThat(run(prepend("generate", args)).exit()).isZero();
    Run check = run(prepend("check", args));
    assertThat(check.exit()).as(check.err()).isZero();
    assertThat(check.out()).contains("up to date: out/rules.yml, out/rules.test.yml, out/inhibit.yml");
    Promtool.assertRulesValid(dir.resolve("out"), "rules.yml");
    Promtool.assertTestsPass(dir.resolve("out"), "rules.test.yml");

    Files.writeString(dir.resolve("checkout.yaml"),
        Files.readString(dir.resolve("checkout.yaml")).replace("objective: 99%", "objective: 99.5%"));
    Run stale = run(prepend("check", args));
    assertThat(stale.exit()).isEqualTo(1);
    assertThat(stale.err()).contains("stale: out/rules.yml; regenerate with: java -jar slo4j-cli.jar generate "
        + "checkout.yaml --rules out/rules.yml --tests out/rules.test.yml --inhibit-rules out/inhibit.yml");
  }

  /** The rule files checked into this repository must match the spec: the build fails when they are stale. */
  @Test
  void theCheckedInRulesAreUpToDate() {
    Run r = run("check", "specs/checkout.yaml", "-C", REPO.toString(),
        "--rules", "rules/checkout-service.rules.yml", "--tests", "rules/checkout-service.rules.test.yml",
        "--inhibit-rules", "rules/checkout-service.inhibit.yml");
    assertThat(r.exit()).as(r.err()).isZero();
  }

  @Test
  void theCheckedInRulesPassPromtool() throws Exception {
    Promtool.assertRulesValid(REPO.resolve("rules"), "checkout-service.rules.yml");
    Promtool.assertTestsPass(REPO.resolve("rules"), "checkout-service.rules.test.yml");
  }

  private static String[] prepend(String first, String[] rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }
}
