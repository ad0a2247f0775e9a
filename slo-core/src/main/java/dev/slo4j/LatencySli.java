package dev.slo4j;

import dev.slo4j.budget.Objective;

import dev.slo4j.format.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A latency SLI: an event is good when the call completes within a threshold, so the objective reads "99% of calls
 * complete within 300ms". Thresholds rather than percentiles, because a share of good events adds up across instances
 * and over time, and percentiles do not.
 *
 * <p>When slo4j records the events, the threshold becomes a histogram bucket boundary, so the rules can count good
 * events exactly. Immutable and thread-safe.
 */
public final class LatencySli implements Sli {

  /** The kind's name in specs: {@value}. */
  public static final String KIND = "latency";

  private final Duration threshold;
  private final Optional<PromQlEvents> events;
  private final List<String> aggregateBy;

  private LatencySli(Duration threshold, Optional<PromQlEvents> events, List<String> aggregateBy) {
    this.threshold = threshold;
    this.events = events;
    this.aggregateBy = AggregateLabels.copy(aggregateBy);
  }

  /** Calls within {@code threshold} are good; slo4j records them. */
  public static LatencySli of(Duration threshold) {
    return new LatencySli(Objects.requireNonNull(threshold, "threshold"), Optional.empty(), List.of());
  }

  /** Calls within {@code threshold} are good, counted by existing metrics (good/total queries). */
  public static LatencySli fromQueries(Duration threshold, PromQlEvents events) {
    return new LatencySli(
        Objects.requireNonNull(threshold, "threshold"), Optional.of(Objects.requireNonNull(events, "events")), List.of());
  }

  /** This SLI keeping these scraped labels when the rules sum the fleet ({@link Sli#aggregateBy()}). */
  public LatencySli aggregateBy(List<String> labels) {
    return new LatencySli(threshold, events, labels);
  }

  @Override
  public List<String> aggregateBy() {
    return aggregateBy;
  }

  /** The longest duration that still counts as a good event. */
  public Duration threshold() {
    return threshold;
  }

  /** Whether a call of this duration is a good event (inclusive, like a histogram's {@code le} bucket). */
  public boolean isGood(Duration elapsed) {
    return elapsed.compareTo(threshold) <= 0;
  }

  @Override
  public <R> R match(java.util.function.Function<? super AvailabilitySli, ? extends R> availability,
      java.util.function.Function<? super LatencySli, ? extends R> latency) {
    return latency.apply(this);
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Optional<PromQlEvents> events() {
    return events;
  }

  @Override
  public String describe(Objective objective) {
    return objective.toPercentString() + " of calls complete within " + Durations.format(threshold);
  }

  @Override
  public List<Problem> validate(String slo) {
    List<Problem> problems = new ArrayList<>();
    if (threshold.isZero() || threshold.isNegative()) {
      problems.add(Problem.of(slo, "sli.latency.threshold", "sli.latency.threshold " + threshold.toMillis()
          + "ms makes every call bad; use a positive duration, e.g. 300ms"));
    } else if (threshold.toNanos() % 1_000_000 != 0) {
      problems.add(Problem.of(slo, "sli.latency.threshold", "sli.latency.threshold " + threshold
          + " is finer than a millisecond; use whole milliseconds, e.g. 300ms"));
    }
    events.ifPresent(e -> problems.addAll(e.validate(slo)));
    AggregateLabels.validate(slo, aggregateBy, problems);
    return problems;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LatencySli l && threshold.equals(l.threshold) && events.equals(l.events)
        && aggregateBy.equals(l.aggregateBy);
  }

  @Override
  public int hashCode() {
    return Objects.hash(threshold, events, aggregateBy);
  }

  @Override
  public String toString() {
    return "latency(<= " + Durations.format(threshold) + events.map(e -> ", " + e).orElse("")
        + (aggregateBy.isEmpty() ? "" : ", aggregateBy=" + aggregateBy) + ")";
  }
}
