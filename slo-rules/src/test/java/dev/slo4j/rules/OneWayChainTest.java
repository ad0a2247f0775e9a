package dev.slo4j.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slo4j.Alerting;
import dev.slo4j.AvailabilitySli;
import dev.slo4j.LatencySli;
import dev.slo4j.PromQlEvents;
import dev.slo4j.ServiceLevelObjective;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.yaml.snakeyaml.Yaml;

/**
 * Issue 21: the generated groups form a one-way chain in every output a user deploys (the rule file and the
 * {@code PrometheusRule} resource): no rule reads a series that a later group records, or that its own group records
 * later, and a series of another group is read over an explicit range, never as an instant value (that group runs at
 * its own interval). Then an evaluator that runs the groups once each, in file order (vmalert's {@code -replay}, promtool's
 * {@code create-blocks-from rules}), records everything on its first pass. Read from the generated text, for SLOs of
 * every kind (recorded and queried availability, latency), windows from 1 to 90 days, objectives from 90% to 99.99%,
 * with and without pages, tickets, the absent-SLI alert and the budget-exhaustion tickets, several SLOs per file.
 */
class OneWayChainTest {

  @Provide
  Arbitrary<ServiceLevelObjective> slos() {
    Arbitrary<String> window = Arbitraries.of("1d", "7d", "14d", "28d", "30d", "90d");
    Arbitrary<String> objective = Arbitraries.of("90%", "99%", "99.5%", "99.9%", "99.95%", "99.99%");
    Arbitrary<Integer> kind = Arbitraries.integers().between(0, 2);
    Arbitrary<Integer> alerts = Arbitraries.integers().between(0, 15);
    return Combinators.combine(window, objective, kind, alerts, Arbitraries.integers().between(1, 9)).as(
        (w, o, k, a, n) -> {
          ServiceLevelObjective.Builder b = ServiceLevelObjective.builder("slo" + n).service("svc" + (n % 3))
              .objective(o).window(w).label("team", "t");
          if (k == 1) {
            b.sli(LatencySli.of(Duration.ofMillis(300)));
          } else if (k == 2) {
            b.sli(AvailabilitySli.fromQueries(PromQlEvents.badOverTotal(
                "sum(rate(http_requests_total{code=~\"5..\"}[{{.window}}]))",
                "sum(rate(http_requests_total[{{.window}}]))")));
          }
          Alerting.Builder alerting = Alerting.builder().page((a & 1) == 0).ticket((a & 2) == 0);
          if ((a & 4) != 0) {
            alerting.absentFor(Duration.ofMinutes(10));
          }
          if ((a & 8) != 0) {
            alerting.budgetExhaustionAlerts(Duration.ofMinutes(5), Duration.ofHours(12));
          }
          return b.alerting(alerting.build()).build();
        });
  }

  @Property(tries = 200)
  void noRuleReadsASeriesRecordedByALaterGroupOrLaterInItsOwnGroup(
      @ForAll("slos") ServiceLevelObjective a, @ForAll("slos") ServiceLevelObjective b) {
    List<ServiceLevelObjective> slos = new ArrayList<>(List.of(a));
    if (!(b.service() + "/" + b.name()).equals(a.service() + "/" + a.name())) {
      slos.add(b);
    }
    RuleSet rules = RuleGenerator.ofDefaults().generate(slos);
    RuleSet.Header header = new RuleSet.Header("chain", "test");
    Map<String, Object> file = new Yaml().load(rules.toPrometheusRules(header));
    assertOneWay(groups(file));
    Map<String, Object> resource = new Yaml().load(rules.toPrometheusRuleResource(header, "x"));
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) resource.get("spec");
    assertOneWay(groups(spec));
    // The same chain, split by dependency level, is what slo4j backfill runs pass by pass.
    BackfillPassTest.assertPassesInDependencyOrder(rules);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> groups(Map<String, Object> doc) {
    return (List<Map<String, Object>>) doc.get("groups");
  }

  /** Fails naming the rule and the series it reads back. Returns how many recorded reads were checked. */
  @SuppressWarnings("unchecked")
  static int assertOneWay(List<Map<String, Object>> groups) {
    // Where each (series name, service, slo) is recorded: group index, rule index.
    Map<String, int[]> recordedAt = new HashMap<>();
    for (int g = 0; g < groups.size(); g++) {
      List<Map<String, Object>> rules = (List<Map<String, Object>>) groups.get(g).get("rules");
      for (int r = 0; r < rules.size(); r++) {
        Map<String, Object> rule = rules.get(r);
        if (rule.containsKey("record")) {
          Map<String, String> labels = (Map<String, String>) rule.get("labels");
          String key = RecordedReads.key(String.valueOf(rule.get("record")), labels);
          assertThat(recordedAt.put(key, new int[] {g, r})).as("%s recorded twice", key).isNull();
        }
      }
    }
    int checked = 0;
    for (int g = 0; g < groups.size(); g++) {
      List<Map<String, Object>> rules = (List<Map<String, Object>>) groups.get(g).get("rules");
      for (int r = 0; r < rules.size(); r++) {
        Map<String, Object> rule = rules.get(r);
        for (RecordedReads.Read read : RecordedReads.of(String.valueOf(rule.get("expr")))) {
          int[] at = recordedAt.get(read.key());
          if (at == null) {
            continue; // not a series these rules record (a user's own recording rule in a query)
          }
          checked++;
          String reader = groups.get(g).get("name") + " rule " + r + " ("
              + rule.getOrDefault("record", rule.get("alert")) + ")";
          assertThat(at[0] < g || (at[0] == g && at[1] < r))
              .as("%s reads %s, recorded by %s rule %d: a back-reference", reader, read.selector(),
                  groups.get(at[0]).get("name"), at[1])
              .isTrue();
          // Another group runs at its own interval (a tile may be longer than the 5m lookback of an instant read): a
          // series of another group is read over an explicit range only.
          String expr = String.valueOf(rule.get("expr"));
          boolean ranged = expr.substring(read.end()).stripLeading().startsWith("[");
          assertThat(at[0] == g || ranged)
              .as("%s reads %s of group %s as an instant value", reader, read.selector(), groups.get(at[0]).get("name"))
              .isTrue();
        }
      }
    }
    assertThat(checked).as("the rules read recorded series").isPositive();
    return checked;
  }
}
