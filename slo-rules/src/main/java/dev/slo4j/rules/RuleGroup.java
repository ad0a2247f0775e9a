package dev.slo4j.rules;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Prometheus rule group. Rules of a group are evaluated in order, so a ratio recorded early in a group is fresh for
 * the alerts after it. Immutable.
 *
 * @param name the group name, unique in a file
 * @param interval the evaluation interval when it must differ from the global one (the slow tile group)
 * @param rules the rules, in evaluation order
 */
public record RuleGroup(String name, Optional<Duration> interval, List<Rule> rules) {

  public RuleGroup {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(interval, "interval");
    rules = List.copyOf(rules);
  }
}
