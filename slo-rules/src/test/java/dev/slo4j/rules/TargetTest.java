package dev.slo4j.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slo4j.LatencySli;
import dev.slo4j.ServiceLevelObjective;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** Issue 21: each backend's rule file (Target), read back as YAML. */
class TargetTest {

  private static final RuleSet.Header HEADER = new RuleSet.Header("specs/shop.yaml", "slo4j generate ...");

  /** SnakeYAML allowed to read the rule files of 1,000 SLOs (about 10 MB). */
  private static Yaml yaml() {
    org.yaml.snakeyaml.LoaderOptions options = new org.yaml.snakeyaml.LoaderOptions();
    options.setCodePointLimit(64 * 1024 * 1024);
    return new Yaml(options);
  }

  static List<ServiceLevelObjective> slos(int n) {
    List<ServiceLevelObjective> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ServiceLevelObjective.Builder b = ServiceLevelObjective.builder("slo" + i).service("svc" + (i % 10))
          .objective(i % 3 == 0 ? "99.9%" : "99.5%").label("team", "t");
      if (i % 2 == 1) {
        b.sli(LatencySli.of(Duration.ofMillis(300)));
      }
      out.add(b.build());
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> groups(Object doc) {
    return (List<Map<String, Object>>) ((Map<String, Object>) doc).get("groups");
  }

  /** Every rule as (kind, name, labels, expr), counted: packing may move rules between groups, never change them. */
  @SuppressWarnings("unchecked")
  private static Map<String, Integer> rules(List<Map<String, Object>> groups) {
    Map<String, Integer> out = new HashMap<>();
    for (Map<String, Object> g : groups) {
      for (Map<String, Object> r : (List<Map<String, Object>>) g.get("rules")) {
        out.merge(r.getOrDefault("record", r.get("alert")) + "|" + r.get("labels") + "|" + r.get("expr"), 1,
            Integer::sum);
      }
    }
    return out;
  }

  @Test
  @SuppressWarnings("unchecked")
  void theOperatorResourceCarriesTheNamespaceAndTheLabelsItsRuleSelectorMatches() {
    RuleSet rules = RuleGenerator.ofDefaults().generate(slos(2));
    Map<String, Object> doc = yaml().load(rules.render(HEADER,
        Target.operator("shop-slos", "monitoring", Map.of("release", "kube-prometheus-stack"), false)));
    Map<String, Object> metadata = (Map<String, Object>) doc.get("metadata");
    assertThat(metadata).containsEntry("name", "shop-slos").containsEntry("namespace", "monitoring");
    assertThat((Map<String, Object>) metadata.get("labels")).containsEntry("release", "kube-prometheus-stack")
        .containsEntry("app.kubernetes.io/managed-by", "slo4j");
    assertThat(groups(doc.get("spec"))).isEqualTo(groups(yaml().load(rules.toPrometheusRules(HEADER))));
    // Without selector labels the header says what the operator needs.
    assertThat(rules.render(HEADER, Target.operator("shop-slos", null, Map.of(), false)))
        .contains("# For the Prometheus Operator: it loads a PrometheusRule only when its labels match");
    assertThatThrownBy(() -> Target.operator("Shop_SLOs", null, Map.of(), false))
        .hasMessageContaining("the PrometheusRule name 'Shop_SLOs' is not a Kubernetes object name");
    assertThatThrownBy(() -> Target.operator("x", "Monitoring", Map.of(), false))
        .hasMessageContaining("the namespace 'Monitoring' is not a DNS label");
    assertThatThrownBy(() -> Target.operator("x", null, Map.of("release", "a b"), false))
        .hasMessageContaining("rule label 'release' has value 'a b'");
  }

  @Test
  void helmSafeTemplatesRenderBackToTheRulesAndLeaveNoBareBraces() {
    RuleSet rules = RuleGenerator.ofDefaults().generate(slos(2));
    String plain = rules.render(HEADER, Target.operator("x", null, Map.of(), false));
    String helm = rules.render(HEADER, Target.operator("x", null, Map.of(), true));
    assertThat(plain).contains("{{ $value");
    // What Helm prints for {{`...`}}: the raw string.
    assertThat(helm.replace("{{`{{`}}", "{{").replace("{{`}}`}}", "}}")).isEqualTo(plain);
    assertThat(helm.replace("{{`{{`}}", "").replace("{{`}}`}}", "")).doesNotContain("{{").doesNotContain("}}");
  }

  @Test
  @SuppressWarnings("unchecked")
  void thanosGroupsAbortOnPartialAnswersAndTheHeaderWarnsAboutRetention() {
    RuleSet rules = RuleGenerator.ofDefaults().generate(slos(2));
    String text = rules.render(HEADER, Target.thanos());
    assertThat(text).contains("# For Thanos Ruler: its default retention without object storage (48h)");
    List<Map<String, Object>> groups = groups(yaml().load(text));
    assertThat(groups).hasSize(4).allSatisfy(g -> assertThat(g).containsEntry("partial_response_strategy", "abort"));
    assertThat(rules(groups)).isEqualTo(rules(groups(yaml().load(rules.toPrometheusRules(HEADER)))));
  }

  @Test
  void aThousandSlosFitMimirsDefaultGroupLimitInAOneWayChainWithEveryRuleOnce() {
    RuleSet rules = RuleGenerator.ofDefaults().generate(slos(1000));
    String text = rules.render(HEADER, Target.mimir("shop", Target.MIMIR_DEFAULT_MAX_GROUPS, 0));
    Map<String, Object> doc = yaml().load(text);
    assertThat(doc).containsEntry("namespace", "shop");
    List<Map<String, Object>> groups = groups(doc);
    assertThat(groups).hasSizeBetween(2, 70);
    assertThat(groups.stream().map(g -> g.get("name")).distinct()).hasSameSizeAs(groups);
    assertThat(rules(groups)).isEqualTo(rules(groups(yaml().load(rules.toPrometheusRules(HEADER)))));
    OneWayChainTest.assertOneWay(groups);
    assertThat(text).contains("groups for 1000 SLOs (limit 70 groups; the largest group holds");
  }

  @Test
  void mimirsRulesPerGroupLimitIsKeptOrRefusedWithWhatItNeeds() {
    RuleSet rules = RuleGenerator.ofDefaults().generate(slos(20));
    List<Map<String, Object>> groups = groups(yaml().load(rules.render(HEADER, Target.mimir("shop", 70, 30))));
    assertThat(groups).allSatisfy(g -> assertThat((List<?>) g.get("rules")).hasSizeLessThanOrEqualTo(30));
    OneWayChainTest.assertOneWay(groups);
    assertThatThrownBy(() -> rules.render(HEADER, Target.mimir("shop", 4, 20)))
        .hasMessageContaining("these 20 SLOs need").hasMessageContaining("more than the limit of 4 groups");
    assertThatThrownBy(() -> rules.render(HEADER, Target.mimir("shop", 70, 3)))
        .hasMessageContaining("more than the limit of 3 per group");
    assertThatThrownBy(() -> Target.mimir("shop", 1, 0)).hasMessageContaining("max groups is 1; give 2 to");
  }

  @Test
  void vmalertFilesSayWhichFlagsTheyNeed() {
    RuleSet rules = RuleGenerator.ofDefaults().generate(slos(1));
    String text = rules.render(HEADER, Target.vmalert());
    assertThat(text).contains("-datasource.queryStep=0 -replay.rulesDelay=2s");
    assertThat(groups(yaml().load(text))).isEqualTo(groups(yaml().load(rules.toPrometheusRules(HEADER))));
  }
}
