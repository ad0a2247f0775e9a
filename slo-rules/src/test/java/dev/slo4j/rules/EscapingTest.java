package dev.slo4j.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slo4j.Alerting;
import dev.slo4j.AvailabilitySli;
import dev.slo4j.MetricNames;
import dev.slo4j.PromQlEvents;
import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.SloValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Issue 14: every string that reaches a generated file is escaped for its context (YAML scalar, YAML comment, PromQL
 * string, Alertmanager matcher) or rejected with a clear error, so no value can add rules, widen an inhibition or
 * break a file. What the real promtool makes of the escaped files is {@link EscapingIT}.
 */
class EscapingTest {

  static final RuleSet.Header HEADER = new RuleSet.Header("specs/x.yaml", "slo4j generate");
  static final String INJECTION = "- alert: InjectedAlert\n    expr: vector(1)\n";

  // ---- the inputs of the issue, by name ----

  @Test
  void nextLineAndParagraphSeparatorInAQueryAddNoRule() throws Exception {
    String q = "sum(rate(http_requests_total[{{.window}}]))\n# \u0085    - alert: InjectedAlert\u2029      expr: 1";
    ServiceLevelObjective slo = ServiceLevelObjective.builder("api").service("shop").objective("99.9%")
        .sli(AvailabilitySli.fromQueries(PromQlEvents.badOverTotal(q, q))).build();
    RuleSet rules = RuleGenerator.ofDefaults().generate(List.of(slo));
    String yaml = rules.toPrometheusRules(HEADER);
    assertThat(yaml).doesNotContain("\r").doesNotContain("\u2028").doesNotContain("\u2029").doesNotContain("\u0085");
    assertRoundTrip(rules, yaml);
  }

  @Test
  void aLineBreakInTheHeaderStaysAComment() {
    RuleSet rules = RuleGenerator.ofDefaults().generate(List.of(slo(b -> b)));
    String yaml = rules.toPrometheusRules(new RuleSet.Header("a\rgroups: []\u2028b", "c\u0085d"));
    assertThat(yaml.lines().takeWhile(l -> !l.equals("groups:"))).allMatch(l -> l.isEmpty() || l.startsWith("#"));
    assertRoundTrip(rules, yaml);
  }

  @Test
  void aSeverityCannotWidenTheInhibition() {
    String severity = "critical\", alertname=~\".+";
    RuleSet rules = RuleGenerator.ofDefaults().generate(List.of(slo(b -> b.pageLabel("severity", severity))));
    Map<String, Object> inhibit = new Yaml().load(rules.toAlertmanagerInhibitRules(HEADER));
    List<Map<String, List<String>>> list = list(inhibit.get("inhibit_rules"));
    assertThat(list).hasSize(1);
    assertThat(list.get(0).get("source_matchers")).hasSize(2);
    assertThat(matchers(list.get(0).get("source_matchers"))).containsEntry("severity", severity)
        .containsEntry("alertname", MetricNames.BURN_ALERT).hasSize(2);
  }

  @Test
  void aBrokenTemplateIsRejectedNamingSloAnnotationAndPosition() {
    assertThatThrownBy(() -> slo(b -> b.annotation("runbook_url", "see {{ $labels.slo ")))
        .isInstanceOf(SloValidationException.class)
        .hasMessageContaining("slo 'checkout'")
        .hasMessageContaining("alerting.annotations 'runbook_url'")
        .hasMessageContaining("line 1, column 5");
    assertThatThrownBy(() -> slo(b -> b.annotation("summary", "{{ \"unterminated }}")))
        .hasMessageContaining("unterminated quoted string");
    assertThatThrownBy(() -> slo(b -> b.annotation("summary", "{{ if $value }}open")))
        .hasMessageContaining("not closed");
    assertThatThrownBy(() -> slo(b -> b.annotation("summary", "{{ nosuchfunc }}")))
        .hasMessageContaining("function \"nosuchfunc\" not defined");
    assertThatThrownBy(() -> slo(b -> b.label("team", "{{ $value }}")))
        .hasMessageContaining("alerting.labels 'team' has '{{'");
    assertThatThrownBy(() -> slo(b -> b.label("team", "a\uD800")))
        .hasMessageContaining("unpaired surrogate U+D800");
  }

  @Test
  void validTemplatesAndLoneClosingBracesPass() {
    for (String ok : List.of("{{ $value | printf \"%.1f\" }}x", "}} text {", "{{- $labels.slo -}}",
        "{{ if gt $value 1.5 }}hot{{ else if eq $value 0.0 }}cold{{ else }}ok{{ end }}", "{{/* note */}}",
        "{{ range $k, $v := $labels }}{{ $k }}={{ $v }} {{ end }}", "{{ humanizeDuration 3600 }}",
        "{{ `raw {{ }}` }}", "{{ 'x' }}", "{{ (printf \"%s\" $labels.slo) }}")) {
      assertThat(slo(b -> b.annotation("a", ok)).alerting().annotations()).containsEntry("a", ok);
    }
  }

  @Test
  void theUsersSummaryAndDescriptionWin() {
    RuleSet rules = RuleGenerator.ofDefaults().generate(List.of(
        slo(b -> b.annotation("summary", "mine").annotation("description", "my words").absentFor(
            java.time.Duration.ofMinutes(10)))));
    List<Rule> alerts = rules.groups().stream().flatMap(g -> g.rules().stream()).filter(Rule::isAlert).toList();
    assertThat(alerts).hasSizeGreaterThanOrEqualTo(3).allSatisfy(a -> assertThat(a.annotations())
        .containsEntry("summary", "mine").containsEntry("description", "my words"));
  }

  // ---- properties ----

  record Inputs(ServiceLevelObjective recorded, ServiceLevelObjective queried, String severity) {}

  /**
   * SLOs carrying the text everywhere users can put text. What validation rejects is checked to be rejected for a
   * stated reason, then made acceptable, so every try still generates files.
   */
  static Inputs inputs(String description, String label, String alertLabel, String severity,
      String annotation, String query) {
    String sev = labelValue("alerting.page.labels", severity, v -> slo(b -> b.pageLabel("severity", v)));
    String l = labelValue("labels", label, v -> ServiceLevelObjective.builder("checkout").service("shop").objective("99.9%")
        .label("team", v).build());
    String al = labelValue("alerting.labels", alertLabel, v -> slo(b -> b.label("owner", v)));
    String an = annotationValue(annotation);
    // Every alert on: the absent-SLI and budget-exhaustion tickets carry the same labels and annotations.
    Alerting alerting = Alerting.builder().label("owner", al).pageLabel("severity", sev).annotation("note", an)
        .absentFor(java.time.Duration.ofMinutes(5)).budgetExhaustionAlerts(java.time.Duration.ofMinutes(5), null)
        .build();
    ServiceLevelObjective recorded = ServiceLevelObjective.builder("checkout").service("shop").objective("99.9%").description(description)
        .label("team", l).alerting(alerting).build();
    // The query is valid PromQL with the text in a string literal, and in a comment (which may hold anything but a
    // line break, which ends it), so promtool must accept it.
    // U+FFFD breaks Prometheus' evaluation of any query holding it (validation refuses it): left out here.
    String inLiteral = PromQlString.of(stripUnpaired(query).replace("\ufffd", ""));
    String q = "sum(rate(http_requests_total{path!=" + inLiteral + "}[{{.window}}]))";
    ServiceLevelObjective queried = ServiceLevelObjective.builder("api").service("shop").objective("99%").description(description).label("team", l)
        .alerting(alerting).sli(AvailabilitySli.fromQueries(PromQlEvents.badOverTotal(q, q))).build();
    return new Inputs(recorded, queried, sev);
  }

  private static String labelValue(String field, String value, java.util.function.Function<String, ServiceLevelObjective> build) {
    try {
      build.apply(value);
      return value;
    } catch (SloValidationException e) {
      assertThat(value.contains("{{") || value.isBlank() || !stripUnpaired(value).equals(value)
          || value.indexOf('\ufffd') >= 0)
          .as("rejected %s %s: %s", field, escaped(value), e.getMessage()).isTrue();
      assertThat(e.getMessage()).contains(field).contains("slo 'checkout'");
    }
    String fixed = stripUnpaired(value).replace("\ufffd", "");
    while (fixed.contains("{{")) {
      fixed = fixed.replace("{{", "{");
    }
    return fixed.isBlank() ? "v" + fixed : fixed;
  }

  private static String annotationValue(String value) {
    try {
      slo(b -> b.annotation("note", value));
      return value;
    } catch (SloValidationException e) {
      assertThat(e.getMessage()).as(escaped(value)).contains("slo 'checkout'").contains("alerting.annotations 'note'");
      if (!value.isBlank() && stripUnpaired(value).equals(value)) {
        assertThat(e.getMessage()).contains("not a template Prometheus can read").contains(" at line ");
      }
    }
    String fixed = stripUnpaired(value);
    while (fixed.contains("{{")) {
      fixed = fixed.replace("{{", "{ {");
    }
    return fixed.isBlank() ? "v" + fixed : fixed;
  }

  private static String stripUnpaired(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        sb.append(c).append(s.charAt(++i));
      } else if (!Character.isSurrogate(c)) {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static String escaped(String s) {
    StringBuilder sb = new StringBuilder();
    s.chars().forEach(c -> sb.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
    return sb.toString();
  }

  static ServiceLevelObjective slo(java.util.function.UnaryOperator<Alerting.Builder> alerting) {
    return ServiceLevelObjective.builder("checkout").service("shop").objective("99.9%")
        .alerting(alerting.apply(Alerting.builder()).build()).build();
  }

  static ServiceLevelObjective plainSlo(boolean queried) {
    Alerting alerting = Alerting.builder().label("owner", "o").pageLabel("severity", "page").annotation("note", "n")
        .absentFor(java.time.Duration.ofMinutes(5)).budgetExhaustionAlerts(java.time.Duration.ofMinutes(5), null)
        .build();
    if (!queried) {
      return ServiceLevelObjective.builder("checkout").service("shop").objective("99.9%").label("team", "t").alerting(alerting).build();
    }
    String q = "sum(rate(http_requests_total{path!=\"p\"}[{{.window}}]))";
    return ServiceLevelObjective.builder("api").service("shop").objective("99%").label("team", "t").alerting(alerting)
        .sli(AvailabilitySli.fromQueries(PromQlEvents.badOverTotal(q, q))).build();
  }

  // ---- reading the files back ----

  /** The rule file reads back to exactly the generated rules: names, expressions, labels, annotations. */
  static void assertRoundTrip(RuleSet rules, String yaml) {
    Map<String, Object> doc = new Yaml().load(yaml);
    List<Map<String, Object>> groups = list(doc.get("groups"));
    assertThat(groups).hasSameSizeAs(rules.groups());
    for (int g = 0; g < groups.size(); g++) {
      RuleGroup group = rules.groups().get(g);
      assertThat(groups.get(g).get("name")).isEqualTo(group.name());
      List<Map<String, Object>> read = list(groups.get(g).get("rules"));
      assertThat(read).hasSameSizeAs(group.rules());
      for (int r = 0; r < read.size(); r++) {
        Rule rule = group.rules().get(r);
        Map<String, Object> m = read.get(r);
        assertThat(m.get(rule.isAlert() ? "alert" : "record")).isEqualTo(rule.name());
        assertThat(m.get("expr")).isEqualTo(rule.expr());
        assertThat(m.getOrDefault("labels", Map.of())).isEqualTo(rule.labels());
        assertThat(m.getOrDefault("annotations", Map.of())).isEqualTo(rule.annotations());
      }
    }
  }

  /** Groups, and the names of their rules, in order. */
  static List<String> structure(Object doc) {
    Map<String, Object> m = cast(doc);
    List<String> out = new ArrayList<>();
    for (Map<String, Object> g : EscapingTest.<Map<String, Object>>list(m.get("groups"))) {
      out.add("group " + g.get("name") + " " + g.keySet());
      for (Map<String, Object> r : EscapingTest.<Map<String, Object>>list(g.get("rules"))) {
        out.add((r.containsKey("alert") ? "alert " + r.get("alert") : "record " + r.get("record")) + " "
            + r.keySet());
      }
    }
    return out;
  }

  static void assertInhibitRoundTrip(RuleSet rules, String severity) {
    Map<String, Object> doc = new Yaml().load(rules.toAlertmanagerInhibitRules(HEADER));
    assertThat(doc).containsOnlyKeys("inhibit_rules");
    List<Map<String, List<String>>> list = list(doc.get("inhibit_rules"));
    assertThat(list).hasSize(2);
    for (Map<String, List<String>> rule : list) {
      assertThat(rule).containsOnlyKeys("source_matchers", "target_matchers", "equal");
      assertThat(matchers(rule.get("source_matchers")))
          .isEqualTo(Map.of("alertname", MetricNames.BURN_ALERT, "severity", severity));
    }
    assertThat(matchers(list.get(0).get("target_matchers")))
        .isEqualTo(Map.of("alertname", MetricNames.BURN_ALERT, "severity", "ticket"));
    assertThat(matchers(list.get(1).get("target_matchers")))
        .isEqualTo(Map.of("alertname", MetricNames.EXHAUSTION_PREDICTED_ALERT));
  }

  /** Alertmanager's classic matcher parser (pkg/labels/parse.go), equality matchers only. */
  private static Map<String, String> matchers(List<String> list) {
    Map<String, String> out = new TreeMap<>();
    for (String m : list) {
      java.util.regex.Matcher x = java.util.regex.Pattern.compile("(?s)^\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(=~|=|!=|!~)"
          + "\\s*(.*?)\\s*$").matcher(m);
      assertThat(x.matches()).as(m).isTrue();
      assertThat(x.group(2)).isEqualTo("=");
      String raw = x.group(3);
      assertThat(raw).startsWith("\"").endsWith("\"");
      raw = raw.substring(1);
      StringBuilder v = new StringBuilder();
      boolean escaped = false;
      for (int i = 0; i < raw.length(); i++) {
        char c = raw.charAt(i);
        if (escaped) {
          escaped = false;
          switch (c) {
            case 'n' -> v.append('\n');
            case '"', '\\' -> v.append(c);
            default -> v.append('\\').append(c);
          }
          continue;
        }
        if (c == '\\' && i < raw.length() - 1) {
          escaped = true;
        } else if (c == '"') {
          assertThat(i).as("unescaped double quote in matcher %s", m).isEqualTo(raw.length() - 1);
        } else {
          v.append(c);
        }
      }
      assertThat(out.put(x.group(1), v.toString())).as("matcher %s repeated", x.group(1)).isNull();
    }
    return out;
  }

  /** The promtool test file has the same tests as for plain text, and its series and labels read back unchanged. */
  static void assertPromtoolTestsRoundTrip(RuleSet rules, RuleSet plain) {
    Map<String, Object> doc = new Yaml().load(rules.toPromtoolTests(HEADER, "rules.yml"));
    Map<String, Object> plainDoc = new Yaml().load(plain.toPromtoolTests(HEADER, "rules.yml"));
    assertThat(doc.keySet()).isEqualTo(plainDoc.keySet());
    List<Map<String, Object>> tests = list(doc.get("tests"));
    assertThat(tests).hasSameSizeAs(list(plainDoc.get("tests")));
    ServiceLevelObjective slo = rules.slos().get(0);
    for (Map<String, Object> t : tests) {
      for (Map<String, Object> s : EscapingTest.<Map<String, Object>>list(t.get("input_series"))) {
        Map<String, String> labels = seriesLabels((String) s.get("series"));
        if (labels.containsKey(MetricNames.TAG_SLO)) {
          assertThat(labels).containsEntry(MetricNames.TAG_SLO, slo.name())
              .containsEntry(MetricNames.PROMETHEUS_LABEL_SERVICE, slo.service());
        }
      }
      for (Map<String, Object> e : EscapingTest.<Map<String, Object>>list(t.get("promql_expr_test"))) {
        seriesLabels((String) e.get("expr"));
        for (Map<String, Object> sample : EscapingTest.<Map<String, Object>>list(e.get("exp_samples"))) {
          Map<String, String> labels = seriesLabels((String) sample.get("labels"));
          Rule alert = rules.groups().stream().flatMap(g -> g.rules().stream())
              .filter(r -> r.isAlert() && r.name().equals(labels.get("alertname"))
                  && r.labels().get("severity").equals(labels.get("severity"))
                  && r.labels().get("slo").equals(labels.get("slo")))
              .findFirst().orElseThrow();
          Map<String, String> expected = new TreeMap<>(alert.labels());
          expected.put("alertname", alert.name());
          expected.put("alertstate", "firing");
          assertThat(labels).isEqualTo(expected);
        }
      }
    }
  }

  /** {@code metric{a="x", b="y"}}, reading PromQL string escapes as Go's strconv.Unquote does. */
  private static Map<String, String> seriesLabels(String series) {
    int open = series.indexOf('{');
    assertThat(open).as(series).isPositive();
    Map<String, String> out = new TreeMap<>();
    int i = open + 1;
    while (series.charAt(i) != '}') {
      int eq = series.indexOf('=', i);
      String name = series.substring(i, eq).strip();
      assertThat(name).matches("[a-zA-Z_][a-zA-Z0-9_]*");
      i = eq + 1;
      assertThat(series.charAt(i)).isEqualTo('"');
      StringBuilder v = new StringBuilder();
      for (i++; series.charAt(i) != '"'; i++) {
        char c = series.charAt(i);
        assertThat(c).as("raw line break in a PromQL string: %s", series).isNotEqualTo('\n');
        if (c != '\\') {
          v.append(c);
          continue;
        }
        char e = series.charAt(++i);
        switch (e) {
          case 'n' -> v.append('\n');
          case 'r' -> v.append('\r');
          case 't' -> v.append('\t');
          case '\\', '"' -> v.append(e);
          case 'u' -> {
            v.append((char) Integer.parseInt(series.substring(i + 1, i + 5), 16));
            i += 4;
          }
          default -> throw new AssertionError("unexpected escape \\" + e + " in " + series);
        }
      }
      out.put(name, v.toString());
      i++;
      while (series.charAt(i) == ',' || series.charAt(i) == ' ') {
        i++;
      }
    }
    assertThat(i).isEqualTo(series.length() - 1);
    return out;
  }

  @SuppressWarnings("unchecked")
  private static <T> List<T> list(Object o) {
    return (List<T>) o;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Object o) {
    return (Map<String, Object>) o;
  }
}
