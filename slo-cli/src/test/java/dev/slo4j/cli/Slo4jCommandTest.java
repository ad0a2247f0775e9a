package dev.slo4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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

  /** A spec file under src/test/resources/specs. */
  static Path resource(String name) {
    try {
      return Path.of(Slo4jCommandTest.class.getResource("/specs/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void explainPutsTheBudgetAndTiersInPlainTerms() {
    Path spec = resource("payments.yaml");
    Run r = run("explain", spec.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).startsWith("4 SLOs in " + spec + ": all valid\n\npayments/charge-availability\n").contains(
        "  Charges are accepted without a server error.\n",
        "  budget:     99.9% over 30d: 43m12s of full outage, or 1 bad event in 1,000 (43,200 bad of 43.2 M events at "
            + "1,000 events/min)\n",
        "    page          14.4x  1h           5m                      2%  after ~52s\n",
        "payments/charge-latency\n  promise:    99% of calls complete within 250ms over 30d\n",
        "  budget:     99% over 30d: 7h12m of full outage, or 1 bad event in 100 (432,000 bad of 43.2 M events",
        "    warning: the page tier at 14.4x can never fire: it needs 144% of events bad",
        "payments/api-availability\n",
        "  sli:        availability, from the service's existing metrics\n",
        "    ticket           1x  2d19h12m     5h36m                  10%  switched off\n");
    // Deterministic: the same input prints the same bytes.
    assertThat(run("explain", spec.toString()).out()).isEqualTo(r.out());
  }

  @Test
  void theSampleSpecOfTheReadmeExplains() {
    Run r = run("explain", REPO.resolve("specs/orders-service.yaml").toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("orders-service/order-availability",
        "43m12s of full outage, or 1 bad event in 1,000 (43,200 bad of 43.2 M events at 1,000 events/min)");
  }

  @Test
  void eventsPerMinuteScalesTheBudgetInEvents() {
    Run r = run("explain", "--events-per-minute", "50", resource("payments.yaml").toString());
    assertThat(r.out()).contains("(2,160 bad of 2,160,000 events at 50 events/min)");
    Run bad = run("explain", "--events-per-minute", "0", resource("payments.yaml").toString());
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).startsWith("--events-per-minute must be between 1 and 1,000,000,000,000, got 0");
  }

  @Test
  void explainReportsEveryProblemAndExitsOne() {
    Path spec = resource("invalid.yaml");
    Run r = run("explain", spec.toString(), resource("payments.yaml").toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("2 problems in SLO specs:\n"
        + "  " + spec + ":5: slo 'perfect': objective 100% leaves no error budget; use a value below 100%, e.g. 99.9%\n"
        + "  " + spec + ":8: slo 'instant': window 2h is outside the supported range 1d to 366d; use e.g. 7d, 28d or 30d\n");
  }

  @Test
  void anUnreadableSpecExitsTwo(@TempDir Path dir) {
    Run r = run("explain", dir.resolve("missing.yaml").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("cannot read spec: ").contains("missing.yaml");
  }

  @Test
  void noSubcommandPrintsUsage() {
    Run r = run();
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("Usage: slo4j", "explain", "generate", "check");
  }

  @Test
  void aNeverFiringTierIsAlsoAWarningOfGenerate(@TempDir Path dir) throws Exception {
    Path spec = dir.resolve("batch.yaml");
    Files.writeString(spec, "version: slo4j/v1\nservice: s\nslos:\n  - name: batch\n    objective: 90\n");
    Run gen = run("generate", spec.toString(), "--rules", dir.resolve("r.yml").toString());
    assertThat(gen.err()).contains("warning: slo 'batch' of service 's': the page tier at 14.4x over 1h can never fire");
  }

  /** The rule files checked into this repository must match the spec: the build fails when they are stale. */
  @Test
  void theCheckedInRulesAreUpToDate() {
    Run r = run("check", "specs/orders-service.yaml", "-C", REPO.toString(),
        "--rules", "rules/orders-service.rules.yml", "--tests", "rules/orders-service.rules.test.yml",
        "--inhibit-rules", "rules/orders-service.inhibit.yml");
    assertThat(r.exit()).as(r.err()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"explain", "generate", "check"})
  void everySubcommandPrintsItsHelpAndExitsZero(String sub) {
    Run r = run(sub, "--help");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).startsWith("Usage: slo4j " + sub).contains("-h, --help", "-V, --version");
    if (!sub.equals("explain")) {
      assertThat(r.out()).contains("--classes=DIR", "--classpath=PATH", "--config=FILE", "--profile=NAME",
          "--service=NAME");
    }
  }

  @Test
  void withoutSpecsOrClassesGenerateSaysWhatItNeeds(@TempDir Path dir) {
    Run r = run("generate", "--rules", dir.resolve("r.yml").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("Missing SPEC: name one or more spec files, or read a compiled project with "
        + "--classes DIR");
  }

  @Test
  void projectOptionsWithoutClassesAreAUsageError(@TempDir Path dir) {
    Run r = run("generate", resource("payments.yaml").toString(), "--service", "payments",
        "--rules", dir.resolve("r.yml").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("--classpath, --config, --profile and --service apply in project mode only");
  }

  @Test
  void profilesAndConfigFilesApplyInOrder(@TempDir Path dir) throws Exception {
    Path classes = ProjectFixture.compile(dir, "spring.application.name=demo\n");
    Files.writeString(classes.resolve("application-prod.properties"), "slo4j.defaults.objective=99\n");
    Path platform = dir.resolve("defaults.yaml");
    Files.writeString(platform, "window: 28d\nlabels:\n  team: platform\n");
    Run r = run("generate", "--classes", classes.toString(), "--profile", "prod", "--config", platform.toString(),
        "--rules", dir.resolve("r.yml").toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Files.readString(dir.resolve("r.yml")))
        .contains("demo/checkout: recorded availability", "objective=99% window=28d labels={team=platform}");
  }

  @Test
  void anExplicitServiceThatDiffersFromTheConfigurationIsAnError(@TempDir Path dir) throws Exception {
    Path classes = ProjectFixture.compile(dir, "spring.application.name=demo\n");
    Run r = run("generate", "--classes", classes.toString(), "--service", "other",
        "--rules", dir.resolve("r.yml").toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: the service is 'other' by --service but 'demo' by ")
        .contains("application.properties: spring.application.name");
    assertThat(dir.resolve("r.yml")).doesNotExist();
    Run same = run("generate", "--classes", classes.toString(), "--service", "demo",
        "--rules", dir.resolve("r.yml").toString());
    assertThat(same.exit()).as(same.err()).isZero();
  }

  @Test
  void everyInvalidDeclarationIsPrintedAndExitsOne(@TempDir Path dir) throws Exception {
    Path classes = ProjectFixture.compile(dir,
        "spring.application.name=demo\nslo4j.defaults.objective=100\nslo4j.defaults.page=maybe\n");
    Run r = run("generate", "--classes", classes.toString(), "--rules", dir.resolve("r.yml").toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith("2 problems in SLO declarations:\n")
        .contains("slo4j.defaults.objective: objective 100% leaves no error budget",
            "slo4j.defaults.page=maybe is not true or false");
  }

  @Test
  void theProcessorsDescriptorIsExplainedWhenMissing(@TempDir Path dir) {
    Run r = run("generate", "target/classes/META-INF/slo4j/annotated-slos.yaml", "-C", dir.toString(),
        "--rules", "r.yml");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("cannot read " + dir.resolve("target/classes/META-INF/slo4j/annotated-slos.yaml")
        + ": no such file (looked for " + dir.resolve("target/classes/META-INF/slo4j/annotated-slos.yaml")
        + "; names are relative to -C " + dir + ")\n"
        + "  META-INF/slo4j/annotated-slos.yaml is written by slo4j's annotation processor at compile time (javac with "
        + "slo-core on the processor path and -Aslo4j.service=NAME).\n"
        + "  Without it, read the annotations from the compiled classes: slo4j generate --classes target/classes "
        + "--rules ..., or the Maven plugin (mvn slo4j:generate).\n");
  }

  @Test
  void aMissingFileNamesThePathTried(@TempDir Path dir) throws Exception {
    Run spec = run("check", "specs/none.yaml", "--rules", dir.resolve("r.yml").toString());
    assertThat(spec.exit()).isEqualTo(2);
    assertThat(spec.err()).startsWith("cannot read specs/none.yaml: no such file (looked for "
        + Path.of("specs/none.yaml").toAbsolutePath() + "; names are relative to the working directory)");
    Run classes = run("generate", "--classes", "target/nothing", "-C", dir.toString(), "--rules", "r.yml");
    assertThat(classes.exit()).isEqualTo(2);
    assertThat(classes.err()).startsWith("cannot read " + dir.resolve("target/nothing") + ": no such directory");
    Path compiled = ProjectFixture.compile(dir, "spring.application.name=demo\n");
    Run config = run("generate", "--classes", compiled.toString(), "--config", dir.resolve("app.yml").toString(),
        "--rules", dir.resolve("r.yml").toString());
    assertThat(config.exit()).isEqualTo(2);
    assertThat(config.err()).startsWith("cannot read " + dir.resolve("app.yml") + ": no such file");
  }

  static String[] prepend(String first, String[] rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  /** The Argo analysis's conditions of the SLO in {@code spec}, as Argo reads them (YAML parsed back). */
  @SuppressWarnings("unchecked")
  private static java.util.Map<String, Object> argoMetric(Path dir, String spec) throws Exception {
    Files.writeString(dir.resolve("s.yaml"), spec);
    Run r = run("generate", dir.resolve("s.yaml").toString(), "--rules", dir.resolve("r.yml").toString(),
        "--argo-analysis", dir.resolve("argo.yml").toString());
    assertThat(r.exit()).as(r.err()).isZero();
    java.util.Map<String, Object> doc = new org.yaml.snakeyaml.Yaml().load(Files.readString(dir.resolve("argo.yml")));
    java.util.List<java.util.Map<String, Object>> metrics = (java.util.List<java.util.Map<String, Object>>)
        ((java.util.Map<String, Object>) doc.get("spec")).get("metrics");
    assertThat(metrics).hasSize(1);
    return metrics.get(0);
  }

  /**
   * The spec's budgetPolicy is what the Argo analysis applies: freezeBelow is the failure condition (the workbook's
   * freeze once the budget is spent without one), warnBelow is stated in a comment (an analysis cannot warn).
   */
  @Test
  void theArgoAnalysisAppliesTheSpecsBudgetPolicy(@TempDir Path dir) throws Exception {
    String slo = """
        slos:
          - name: checkout
            objective: 99.9%
        """;
    java.util.Map<String, Object> workbook = argoMetric(dir, "version: slo4j/v1\nservice: shop\n" + slo);
    assertThat(workbook).containsEntry("successCondition", "len(result) > 0 && result[0] > 0")
        .containsEntry("failureCondition", "len(result) > 0 && result[0] <= 0");
    java.util.Map<String, Object> strict = argoMetric(dir, "version: slo4j/v1\nservice: shop\n"
        + "budgetPolicy: {warnBelow: 50%, freezeBelow: 20%, exceptions: [hotfix]}\n" + slo);
    assertThat(strict).containsEntry("successCondition", "len(result) > 0 && result[0] >= 0.2")
        .containsEntry("failureCondition", "len(result) > 0 && result[0] < 0.2")
        .containsEntry("count", 1).containsEntry("failureLimit", 0);
    assertThat(Files.readString(dir.resolve("argo.yml")))
        .contains("# The error-budget policy: warn below 50%, freeze below 20%, except [hotfix].");
    Files.writeString(dir.resolve("other.yaml"), "version: slo4j/v1\nservice: cart\n" + slo);
    Files.writeString(dir.resolve("third.yaml"), "version: slo4j/v1\nservice: pay\nbudgetPolicy: {freezeBelow: 5%}\n"
        + slo);
    Run two = run("generate", dir.resolve("s.yaml").toString(), dir.resolve("other.yaml").toString(),
        dir.resolve("third.yaml").toString(), "--rules", dir.resolve("r.yml").toString());
    assertThat(two.exit()).isEqualTo(1);
    assertThat(two.err()).contains(dir.resolve("third.yaml") + ": budgetPolicy (warn below 25%, freeze below 5%,"
        + " except [reliability, rollback, security]) differs from the one of " + dir.resolve("s.yaml"));
  }
}
