package dev.slo4j.rules;

import static dev.slo4j.rules.EscapingTest.HEADER;
import static dev.slo4j.rules.EscapingTest.INJECTION;
import static dev.slo4j.rules.EscapingTest.assertInhibitRoundTrip;
import static dev.slo4j.rules.EscapingTest.assertPromtoolTestsRoundTrip;
import static dev.slo4j.rules.EscapingTest.assertRoundTrip;
import static dev.slo4j.rules.EscapingTest.inputs;
import static dev.slo4j.rules.EscapingTest.plainSlo;
import static dev.slo4j.rules.EscapingTest.slo;
import static dev.slo4j.rules.EscapingTest.structure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.testing.Promtool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The escaping of {@link EscapingTest} for arbitrary text (jqwik properties: 300 tries read back with SnakeYAML, 40 tries
 * through the real promtool, twice per try) and the hostile inputs of issue 14 by name through {@code promtool check
 * rules} and {@code promtool test rules}.
 */
class EscapingIT {

  /** Pieces a hostile or careless value is made of. */
  private static final List<String> PIECES = List.of("\r", "\n", "\r\n", "\u0085", "\u2028", "\u2029", "'", "\"",
      "`", "\\", "{{", "}}", " ", "  ", ": ", ":", "- ", "-", "#", "&", "*", "!", "|", ">", "%", "@", "[", "]", ",",
      "\u0000", "\t", "\u0007", "\u001b", "\u007f", "\u009f", "\u00a0", "\ufeff", "\ufffd", "\uffff", "\uD800", "\uDC00",
      "\uD83D\uDE00", "é", "a", "x y", "true", "null", "1.5", "~", "---", "...",
      "\n      - alert: InjectedAlert\n        expr: vector(1)\n",
      "\r      - alert: InjectedAlert\r        expr: vector(1)",
      "\u2028      - alert: InjectedAlert\u2028        expr: vector(1)", "{{ $value }}", "{{ $labels.slo }}",
      "{{ printf \"%.1f\" $value }}", "{{-", " -}}", "printf", "(", ")", "/*", "*/", "$", ".", " | ", "{{ end }}",
      "{{ if $value }}", "{{ else }}", "\\n", "\\u2028");

  @Provide
  Arbitrary<String> nasty() {
    return Arbitraries.oneOf(
        Arbitraries.of(PIECES).list().ofMinSize(1).ofMaxSize(8).map(l -> String.join("", l)),
        Arbitraries.strings().all().ofMinLength(1).ofMaxLength(12),
        Arbitraries.strings().withChars(" \r\n\u0085\u2028\u2029'\"`\\{}:-#&*!|>%@\u0000")
            .ofMinLength(1).ofMaxLength(10));
  }

  @Test
  void carriageReturnInAnAnnotationAddsNoAlert() throws Exception {
    assertNoInjection(slo(b -> b.annotation("runbook_url", "https://x/\n" + INJECTION.replace('\n', '\r'))));
  }

  @Test
  void lineSeparatorInALabelValueAddsNoAlert() throws Exception {
    assertNoInjection(slo(b -> b.label("team", "a\nb\u2028      " + INJECTION.replace("\n", "\u2028      "))));
  }

  @Test
  void quotesInALabelValueKeepThePromtoolTestsValid(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    ServiceLevelObjective slo = slo(b -> b.label("team", "o'brien \"ops\" \\ x").pageLabel("severity", "pa'ge"));
    RuleSet rules = RuleGenerator.ofDefaults().generate(List.of(slo));
    Files.writeString(dir.resolve("rules.yml"), rules.toPrometheusRules(HEADER));
    Files.writeString(dir.resolve("tests.yml"), rules.toPromtoolTests(HEADER, "rules.yml"));
    Promtool.assertRulesValid(dir, "rules.yml");
    Promtool.assertTestsPass(dir, "tests.yml");
  }

  @Test
  void theReplacementCharacterIsRefusedInLabelsAndQueries(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    assertThatThrownBy(() -> slo(b -> b.label("owner", "caf\ufffd")))
        .isInstanceOf(dev.slo4j.SloValidationException.class)
        .hasMessageContaining("alerting.labels 'owner' has U+FFFD, the replacement character, at character 4");
    assertThatThrownBy(() -> ServiceLevelObjective.builder("checkout").service("shop").objective("99.9%")
        .label("team", "\ufffd").build()).hasMessageContaining("labels 'team' has U+FFFD");
    // Prometheus prints a rule's query back and parses it again to evaluate it: U+FFFD fails there even escaped.
    Files.writeString(dir.resolve("r.yml"), "groups:\n- name: a\n  rules:\n  - record: y\n"
        + "    expr: label_replace(vector(1), \"a\", \"\\uFFFD\", \"\", \"\")\n");
    Files.writeString(dir.resolve("t.yml"), "rule_files: [r.yml]\nevaluation_interval: 1m\ntests:\n- interval: 1m\n"
        + "  input_series: []\n  promql_expr_test: []\n");
    assertThat(Promtool.run(dir, "test", "rules", "t.yml").output()).contains("invalid UTF-8 rune");
    for (String q : List.of("sum(rate(x{path!=\"\ufffd\"}[{{.window}}]))", "sum(rate(x{path!=\"\\uFFFD\"}[{{.window}}]))",
        "sum(rate(x{path!=\"\\xEF\\xBF\\xBD\"}[{{.window}}]))")) {
      assertThatThrownBy(() -> ServiceLevelObjective.builder("api").service("shop").objective("99%")
          .sli(dev.slo4j.AvailabilitySli.fromQueries(dev.slo4j.PromQlEvents.badOverTotal(q, q))).build())
          .as(q).hasMessageContaining("has U+FFFD, the replacement character, at character 19");
    }
  }

  @Test
  void anAnnotationStartingWithSpacesReadsBackUnchanged(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    RuleSet rules = RuleGenerator.ofDefaults().generate(List.of(slo(b -> b.annotation("note", "  indented\nnext"))));
    String yaml = rules.toPrometheusRules(HEADER);
    assertRoundTrip(rules, yaml);
    Files.writeString(dir.resolve("rules.yml"), yaml);
    Promtool.assertRulesValid(dir, "rules.yml");
  }

  @Property(tries = 300)
  void anyTextRoundTripsThroughEveryGeneratedFileWithoutChangingItsStructure(
      @ForAll("nasty") String description, @ForAll("nasty") String label, @ForAll("nasty") String alertLabel,
      @ForAll("nasty") String severity, @ForAll("nasty") String annotation, @ForAll("nasty") String query) {
    EscapingTest.Inputs in = inputs(description, label, alertLabel, severity, annotation, query);
    RuleSet plain = RuleGenerator.ofDefaults().generate(List.of(plainSlo(false), plainSlo(true)));
    RuleSet rules = RuleGenerator.ofDefaults().generate(List.of(in.recorded(), in.queried()));
    String yaml = rules.toPrometheusRules(new RuleSet.Header(description, annotation));
    assertRoundTrip(rules, yaml);
    assertThat(structure(new Yaml().load(yaml))).isEqualTo(structure(new Yaml().load(plain.toPrometheusRules(HEADER))));
    Map<String, Object> resource = new Yaml().load(rules.toPrometheusRuleResource(HEADER, "x"));
    assertThat(structure(resource.get("spec"))).isEqualTo(structure(new Yaml().load(plain.toPrometheusRules(HEADER))));
    assertInhibitRoundTrip(rules, in.severity());
    assertPromtoolTestsRoundTrip(rules, plain);
  }

  @Property(tries = 40)
  void promtoolAcceptsTheRulesAndTheirTestsPassWhateverTheText(
      @ForAll("nasty") String description, @ForAll("nasty") String label, @ForAll("nasty") String alertLabel,
      @ForAll("nasty") String severity, @ForAll("nasty") String annotation, @ForAll("nasty") String query)
      throws IOException, InterruptedException {
    EscapingTest.Inputs in = inputs(description, label, alertLabel, severity, annotation, query);
    RuleSet rules = RuleGenerator.ofDefaults().generate(List.of(in.recorded(), in.queried()));
    Path dir = Files.createTempDirectory("slo4j-escaping");
    try {
      Files.writeString(dir.resolve("rules.yml"), rules.toPrometheusRules(new RuleSet.Header(description, label)));
      Files.writeString(dir.resolve("tests.yml"), rules.toPromtoolTests(new RuleSet.Header(alertLabel, query),
          "rules.yml"));
      Promtool.assertRulesValid(dir, "rules.yml");
      Promtool.assertTestsPass(dir, "tests.yml");
    } finally {
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      Files.delete(dir);
    }
  }

  // ---- building SLOs from hostile text ----

  static void assertNoInjection(ServiceLevelObjective slo) throws Exception {
    RuleSet rules = RuleGenerator.ofDefaults().generate(List.of(slo));
    String yaml = rules.toPrometheusRules(HEADER);
    assertThat(structure(new Yaml().load(yaml)).toString()).doesNotContain("InjectedAlert");
    assertRoundTrip(rules, yaml);
    Path dir = Files.createTempDirectory("slo4j-injection");
    Files.writeString(dir.resolve("rules.yml"), yaml);
    Promtool.assertRulesValid(dir, "rules.yml");
    Files.writeString(dir.resolve("tests.yml"), rules.toPromtoolTests(HEADER, "rules.yml"));
    Promtool.assertTestsPass(dir, "tests.yml");
  }
}
