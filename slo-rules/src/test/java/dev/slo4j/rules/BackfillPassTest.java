package dev.slo4j.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slo4j.Alerting;
import dev.slo4j.LatencySli;
import dev.slo4j.ServiceLevelObjective;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code slo4j backfill}'s passes: every recording rule once, no alert, and each rule reads only raw series and
 * series of earlier passes, so promtool's range queries find what they read once the earlier blocks are loaded.
 */
class BackfillPassTest {

  @Test
  void everyRecordingRuleOnceInThePassAfterEverySeriesItReads() {
    RuleSet rules = RuleGenerator.ofDefaults().generate(List.of(
        ServiceLevelObjective.builder("checkout").service("shop").objective("99.9%").window("30d")
            .alerting(Alerting.builder().budgetExhaustionAlerts(Duration.ofMinutes(5), Duration.ofHours(12)).build())
            .build(),
        ServiceLevelObjective.builder("quote").service("shop").objective("99%").window("30d")
            .sli(LatencySli.of(Duration.ofMillis(300))).build()));
    List<BackfillPass> passes = assertPassesInDependencyOrder(rules);
    assertThat(passes).as("tiles, then the windows summed from them, then the budget").hasSizeGreaterThanOrEqualTo(2);
    assertThat(passes.get(0).selectors()).contains("slo4j:bad_events:rate5m{service=\"shop\",slo=\"checkout\"}",
        "slo4j:bad_events:rate5m{service=\"shop\",slo=\"quote\"}");
    assertThat(passes.get(passes.size() - 1).rules()).contains("slo4j:error_budget_remaining:ratio");
  }

  /**
   * Every recording rule of {@code rules} is in exactly one pass, after the passes of every recorded series it reads;
   * no alert is in a pass. Also run by {@link OneWayChainTest} on its random SLOs.
   */
  @SuppressWarnings("unchecked")
  static List<BackfillPass> assertPassesInDependencyOrder(RuleSet rules) {
    List<BackfillPass> passes = rules.backfillPasses(new RuleSet.Header("t", "slo4j backfill"));
    Map<String, Integer> passOf = new HashMap<>();
    List<String> recorded = new ArrayList<>();
    List<Map<String, Object>> readers = new ArrayList<>();
    for (int p = 0; p < passes.size(); p++) {
      assertThat(passes.get(p).level()).isEqualTo(p);
      assertThat(passes.get(p).rules()).contains("backfill pass " + (p + 1) + " of " + passes.size());
      Map<String, Object> file = new Yaml().load(passes.get(p).rules());
      int inPass = 0;
      for (Map<String, Object> g : (List<Map<String, Object>>) file.get("groups")) {
        for (Map<String, Object> r : (List<Map<String, Object>>) g.get("rules")) {
          assertThat(r).as("alerts are not backfilled").doesNotContainKey("alert");
          String key = RecordedReads.key((String) r.get("record"), (Map<String, String>) r.get("labels"));
          assertThat(passOf.put(key, p)).as("%s in two passes", key).isNull();
          recorded.add(key);
          r.put("pass", p);
          readers.add(r);
          inPass++;
        }
      }
      assertThat(passes.get(p).selectors()).hasSize(inPass);
    }
    assertThat(recorded).hasSize((int) rules.recordingRuleCount());
    int reads = 0;
    for (Map<String, Object> r : readers) {
      for (RecordedReads.Read read : RecordedReads.of((String) r.get("expr"))) {
        if (passOf.containsKey(read.key())) {
          reads++;
          assertThat(passOf.get(read.key())).as("%s reads %s", r.get("record"), read.selector())
              .isLessThan((Integer) r.get("pass"));
        }
      }
    }
    assertThat(reads).isPositive();
    return passes;
  }
}
