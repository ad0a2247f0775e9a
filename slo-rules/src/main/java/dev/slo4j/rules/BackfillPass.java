package dev.slo4j.rules;

import java.util.List;
import java.util.Objects;

/**
 * One pass of a history backfill: a rule file holding the recording rules of one dependency level, and selectors of
 * the series it records. {@code promtool tsdb create-blocks-from rules} evaluates each rule with range queries against
 * a server, so a rule can only read what the server already holds: the rules that read raw series only come first
 * (level 0), the rules that read level-0 series next, and so on, with the blocks of each pass loaded by the server
 * before the next pass runs. The selectors let a tool wait until that server answers for every series of the pass.
 * Alerting rules are never in a pass (nothing records them). Immutable.
 *
 * @param level the dependency level, from 0: every rule reads only raw series and series of lower levels
 * @param rules the rule file of this pass (the groups' names and intervals as generated, recording rules only)
 * @param selectors one PromQL selector per recorded series, e.g. {@code slo4j:bad_events:rate5m{service="a",slo="b"}}
 */
public record BackfillPass(int level, String rules, List<String> selectors) {

  public BackfillPass {
    Objects.requireNonNull(rules, "rules");
    selectors = List.copyOf(selectors);
    if (level < 0) {
      throw new IllegalArgumentException("level " + level + " < 0");
    }
  }
}
