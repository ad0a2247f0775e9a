package dev.slo4j;

import dev.slo4j.budget.Objective;

import java.util.List;
import java.util.Optional;

/**
 * What an SLO measures: the rule that makes one event good or bad. An interface rather than an enum so that a new kind
 * (freshness, correctness, ...) is a new class, without touching availability or latency.
 *
 * <p>Implementations are immutable value objects.
 */
public interface Sli {

  /** The kind's stable name, as written in spec files and shown in tools: {@code availability}, {@code latency}. */
  String kind();

  /**
   * Where the SLI's events come from: empty when slo4j records them itself (the default), or PromQL queries over
   * metrics the service already has.
   */
  Optional<PromQlEvents> events();

  /** The objective in plain words, e.g. {@code 99% of calls complete within 300ms}. */
  String describe(Objective objective);

  /** Every problem of this SLI, with fields named from the SLO's root (e.g. {@code sli.latency.threshold}). */
  List<Problem> validate(String sloName);

  /**
   * The scraped labels the rules keep when they sum the fleet (spec {@code sli.aggregateBy}), e.g. {@code [region]}
   * for one SLO ratio per region; empty by default. For slo4j's own series the rules sum {@code by (slo, …these)}, so
   * extra scraped labels ({@code service}, {@code namespace}, {@code job}, a {@code canary} label) can neither split
   * nor break an SLO. For PromQL queries, empty means the queries' own labels decide; given, both queries are summed
   * {@code by} these labels. A kept label that the rules set themselves ({@code service}, an SLO label) is renamed
   * {@code exported_<name>}, never overwritten. See docs/rules.md.
   */
  default List<String> aggregateBy() {
    return List.of();
  }
}
