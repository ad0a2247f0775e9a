package dev.slo4j;

import dev.slo4j.budget.Objective;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What an SLO measures: the rule that makes one event good or bad.
 *
 * <p>Sealed, with the kinds told apart in one place, {@link #match}: recording, the Micrometer meters, the breaker, the
 * rules and the promtool tests each treat a kind differently, so a new kind (freshness, correctness, ...) must be
 * handled by every one of them. Adding it to {@code permits} and to {@code match} makes each place that does not yet
 * handle it fail to compile, instead of falling through an {@code instanceof} chain at run time.
 *
 * <p>Implementations are immutable value objects.
 */
public sealed interface Sli permits AvailabilitySli, LatencySli {

  /**
   * The one dispatch on the kind: {@code availability} for an {@link AvailabilitySli}, {@code latency} for a
   * {@link LatencySli}.
   */
  <R> R match(Function<? super AvailabilitySli, ? extends R> availability,
      Function<? super LatencySli, ? extends R> latency);

  /** The latency threshold of a latency SLI; empty for every other kind. */
  default Optional<Duration> latencyThreshold() {
    return match(a -> Optional.empty(), l -> Optional.of(l.threshold()));
  }

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
