package dev.slo4j.test;

import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.format.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Which alerts fired at each evaluation of an {@link AlertScenario}, as promtool computed them: the evidence an alert
 * assertion reads, and, printed, what a person reads when one fails (episodes with times from the scenario's start).
 * Evaluations run every {@link #step()} from {@code 0} to {@link #end()} inclusive. Immutable.
 */
public final class AlertTimeline {

  /**
   * A phase of a scenario.
   *
   * @param index 0-based, as the assertions name it
   * @param description e.g. {@code outage}, {@code burn at 14.4x}, {@code steady 0.05% errors}
   * @param start from the scenario's start
   * @param length how long it lasts
   */
  public record Phase(int index, String description, Duration start, Duration length) {
    public Phase {
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(length, "length");
    }

    /** When the phase ends (and the next starts). */
    public Duration end() {
      return start.plus(length);
    }

    /** {@code phase 1 (outage, +1h to +1h10m)}. */
    @Override
    public String toString() {
      return "phase " + index + " (" + description + ", " + at(start) + " to " + at(end()) + ")";
    }
  }

  /**
   * An alert firing without a break.
   *
   * @param alert the alert
   * @param from the first evaluation at which it fired
   * @param until the first evaluation after that at which it no longer fired; empty when it still fired at the end
   */
  public record Episode(FiredAlert alert, Duration from, Optional<Duration> until) {
    public Episode {
      Objects.requireNonNull(alert, "alert");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(until, "until");
    }

    @Override
    public String toString() {
      return alert + ": firing from " + at(from) + until.map(u -> ", resolved at " + at(u))
          .orElse(", still firing at the end");
    }
  }

  private final List<ServiceLevelObjective> slos;
  private final List<Phase> phases;
  private final Duration step;
  private final SortedMap<Duration, List<FiredAlert>> fired;

  AlertTimeline(List<ServiceLevelObjective> slos, List<Phase> phases, Duration step,
      SortedMap<Duration, List<FiredAlert>> fired) {
    this.slos = List.copyOf(slos);
    this.phases = List.copyOf(phases);
    this.step = Objects.requireNonNull(step, "step");
    SortedMap<Duration, List<FiredAlert>> copy = new TreeMap<>();
    fired.forEach((t, a) -> {
      if (!a.isEmpty()) {
        copy.put(t, List.copyOf(a));
      }
    });
    this.fired = Collections.unmodifiableSortedMap(copy);
  }

  public List<ServiceLevelObjective> slos() {
    return slos;
  }

  public List<Phase> phases() {
    return phases;
  }

  /**
   * A phase by index.
   *
   * @throws IllegalArgumentException when there is no such phase
   */
  public Phase phase(int index) {
    if (index < 0 || index >= phases.size()) {
      throw new IllegalArgumentException("phase " + index + " does not exist: the scenario has phases 0 to "
          + (phases.size() - 1));
    }
    return phases.get(index);
  }

  /** The interval between evaluations. */
  public Duration step() {
    return step;
  }

  /** The last evaluation: the scenario's length. */
  public Duration end() {
    return phases.isEmpty() ? Duration.ZERO : phases.get(phases.size() - 1).end();
  }

  /** Every evaluation at which some alert fired, with the alerts. */
  public SortedMap<Duration, List<FiredAlert>> fired() {
    return fired;
  }

  /** The alerts with this {@code severity} label firing at the evaluation at {@code at} (none between evaluations). */
  public List<FiredAlert> firing(String severity, Duration at) {
    Objects.requireNonNull(severity, "severity");
    return firing(a -> a.severity().equals(severity), at);
  }

  /** The first evaluation at or after {@code from} at which an alert with this {@code severity} label fired. */
  public Optional<Duration> firstFiring(String severity, Duration from) {
    Objects.requireNonNull(severity, "severity");
    return firstFiring(a -> a.severity().equals(severity), from);
  }

  List<FiredAlert> firing(Predicate<FiredAlert> which, Duration at) {
    Objects.requireNonNull(at, "at");
    return fired.getOrDefault(at, List.of()).stream().filter(which).toList();
  }

  Optional<Duration> firstFiring(Predicate<FiredAlert> which, Duration from) {
    Objects.requireNonNull(from, "from");
    return fired.tailMap(from).entrySet().stream().filter(e -> e.getValue().stream().anyMatch(which))
        .map(Map.Entry::getKey).findFirst();
  }

  /** The first evaluation at or after {@code from} at which no alert matching {@code which} fired. */
  Optional<Duration> firstQuiet(Predicate<FiredAlert> which, Duration from) {
    long k = (from.toNanos() + step.toNanos() - 1) / step.toNanos();
    for (Duration t = step.multipliedBy(k); t.compareTo(end()) <= 0; t = t.plus(step)) {
      if (firing(which, t).isEmpty()) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** Every alert's firing episodes, in order of start. */
  public List<Episode> episodes() {
    List<Episode> done = new ArrayList<>();
    Map<FiredAlert, Duration> open = new LinkedHashMap<>();
    for (Duration t = Duration.ZERO; t.compareTo(end()) <= 0; t = t.plus(step)) {
      List<FiredAlert> now = fired.getOrDefault(t, List.of());
      for (var it = open.entrySet().iterator(); it.hasNext(); ) {
        var e = it.next();
        if (!now.contains(e.getKey())) {
          done.add(new Episode(e.getKey(), e.getValue(), Optional.of(t)));
          it.remove();
        }
      }
      for (FiredAlert a : now) {
        open.putIfAbsent(a, t);
      }
    }
    open.forEach((a, from) -> done.add(new Episode(a, from, Optional.empty())));
    done.sort(java.util.Comparator.comparing(Episode::from));
    return List.copyOf(done);
  }

  /** The phases, then every episode, with times from the scenario's start. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("alert timeline of ").append(sloNames(slos)).append(", evaluated every ")
        .append(Durations.format(step)).append(" for ").append(Durations.format(end())).append(":\n");
    phases.forEach(p -> sb.append("  ").append(p).append('\n'));
    List<Episode> episodes = episodes();
    if (episodes.isEmpty()) {
      sb.append("  no alert fired\n");
    }
    episodes.forEach(e -> sb.append("  ").append(e).append('\n'));
    return sb.toString();
  }

  /** {@code +1h12m}. */
  static String at(Duration d) {
    return "+" + Durations.format(d);
  }

  /** {@code SLO 'checkout'} or {@code SLOs 'a', 'b'}. */
  static String sloNames(List<ServiceLevelObjective> slos) {
    return (slos.size() == 1 ? "SLO " : "SLOs ")
        + slos.stream().map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "));
  }
}
