package dev.slo4j.report;

import dev.slo4j.ServiceLevelObjective;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One SLO over a report's period, as Prometheus recorded it: its events step by step (from the tiles the generated
 * rules record), the budget left at the end ({@code slo4j:error_budget_remaining:ratio}) and its alert episodes
 * ({@code ALERTS}). Everything else (attainment, budget spent, burn episodes, budget spent unalerted) is derived here,
 * in one place, for every format. A period without events has no attainment ({@link #hasData()} false), never 100%.
 *
 * @param slo the SLO
 * @param step the width of each step
 * @param steps the events of each step, in time order; steps without a sample are absent
 * @param budgetRemainingAtEnd the rolling window's budget left at the period's end, null when not recorded
 * @param alerts the SLO's alert episodes (every alert slo4j generates: burn rate, absent SLI, budget exhaustion), in
 *     time order
 */
public record SloReport(ServiceLevelObjective slo, Duration step, List<Step> steps, Double budgetRemainingAtEnd,
    List<AlertEpisode> alerts) {

  /** Copies the lists. */
  public SloReport {
    Objects.requireNonNull(slo, "slo");
    Objects.requireNonNull(step, "step");
    steps = List.copyOf(steps);
    alerts = List.copyOf(alerts);
  }

  /**
   * The events of one step, ending at {@code end}: the step covers {@code (end - step, end]}.
   *
   * @param end the step's end
   * @param bad bad events in the step
   * @param total all events in the step
   */
  public record Step(Instant end, double bad, double total) {}

  /**
   * One episode of one of slo4j's alerts firing, as {@code ALERTS} recorded it (to its evaluation interval).
   *
   * @param alertname the alert ({@code SloErrorBudgetBurn}, {@code SloSliAbsent}, {@code SloErrorBudgetExhausted},
   *     {@code SloErrorBudgetExhaustionPredicted})
   * @param severity {@code page} or {@code ticket}
   * @param start first seen firing
   * @param end last seen firing
   */
  public record AlertEpisode(String alertname, String severity, Instant start, Instant end) {

    /** Whether it is about the error budget (burn rate or exhaustion), not about missing data. */
    public boolean watchesTheBudget() {
      return !alertname.equals(dev.slo4j.MetricNames.ABSENT_ALERT);
    }

    /** How long it fired. */
    public Duration duration() {
      return Duration.between(start, end);
    }

    /** Whether it resolved within 5 minutes: possible noise. */
    public boolean resolvedWithin5Minutes() {
      return duration().compareTo(Duration.ofMinutes(5)) < 0;
    }

    boolean overlaps(Instant from, Instant to) {
      return !end.isBefore(from) && !start.isAfter(to);
    }
  }

  /**
   * A burn episode: consecutive steps in which the SLO spent its budget faster than the objective allows (burn rate
   * above 1).
   *
   * @param start the start of its first step
   * @param end the end of its last step
   * @param peakBurnRate the highest burn rate of a step
   * @param badEvents bad events in it
   * @param budgetSpent the share of the window's budget spent in it
   * @param alerts the alert episodes that overlap it
   */
  public record BurnEpisode(Instant start, Instant end, double peakBurnRate, double badEvents, double budgetSpent,
      List<AlertEpisode> alerts) {

    /** Copies the list. */
    public BurnEpisode {
      alerts = List.copyOf(alerts);
    }
  }

  /** Whether any event was recorded in the period; without, there is no attainment. */
  public boolean hasData() {
    return totalEvents() > 0;
  }

  /** Bad events in the period. */
  public double badEvents() {
    return steps.stream().mapToDouble(Step::bad).sum();
  }

  /** All events in the period. */
  public double totalEvents() {
    return steps.stream().mapToDouble(Step::total).sum();
  }

  /** The time covered by steps with events. */
  public Duration covered() {
    return step.multipliedBy(steps.stream().filter(s -> s.total() > 0).count());
  }

  /** The share of good events, or null without data. */
  public Double attainment() {
    return hasData() ? 1 - badEvents() / totalEvents() : null;
  }

  /** The error ratio the objective allows (0.001 for 99.9%). */
  public double allowedErrorRatio() {
    return slo.errorBudget().allowedErrorRatio().doubleValue();
  }

  /** The window's budget in events, at the period's traffic: allowed ratio × events per window. */
  double windowBudgetEvents() {
    double perSecond = totalEvents() / Math.max(1, covered().toSeconds());
    return allowedErrorRatio() * perSecond * slo.window().toSeconds();
  }

  /** The share of the window's error budget spent in the period, or null without data. */
  public Double budgetSpent() {
    return hasData() ? badEvents() / windowBudgetEvents() : null;
  }

  /** The budget spent as minutes of full outage (every event bad), or null without data. */
  public Double outageMinutes() {
    return hasData() ? badEvents() / totalEvents() * covered().toSeconds() / 60.0 : null;
  }

  /** The window's whole budget as minutes of full outage (43.2 for 99.9% over 30 days). */
  public double budgetMinutes() {
    return allowedErrorRatio() * slo.window().toSeconds() / 60.0;
  }

  /** A step's burn rate: its error ratio over the allowed one (NaN without events). */
  public double burnRate(Step s) {
    return s.total() > 0 ? s.bad() / s.total() / allowedErrorRatio() : Double.NaN;
  }

  /** The burn episodes, in time order. */
  public List<BurnEpisode> burnEpisodes() {
    List<BurnEpisode> episodes = new ArrayList<>();
    double budget = windowBudgetEvents();
    int i = 0;
    while (i < steps.size()) {
      if (!(burnRate(steps.get(i)) > 1)) {
        i++;
        continue;
      }
      int j = i;
      double peak = 0;
      double bad = 0;
      while (j < steps.size() && burnRate(steps.get(j)) > 1
          && (j == i || !steps.get(j).end().isAfter(steps.get(j - 1).end().plus(step)))) {
        peak = Math.max(peak, burnRate(steps.get(j)));
        bad += steps.get(j).bad();
        j++;
      }
      Instant start = steps.get(i).end().minus(step);
      Instant end = steps.get(j - 1).end();
      episodes.add(new BurnEpisode(start, end, peak, bad, bad / budget,
          alerts.stream().filter(a -> a.overlaps(start, end)).toList()));
      i = j;
    }
    return episodes;
  }

  /**
   * The share of the window's budget spent in steps while none of the SLO's budget alerts fired (missed detection?);
   * an absent-SLI alert says data is missing, not that the budget burns, so it does not count as detection.
   */
  public Double budgetSpentUnalerted() {
    if (!hasData()) {
      return null;
    }
    double bad = 0;
    for (Step s : steps) {
      Instant from = s.end().minus(step);
      if (alerts.stream().noneMatch(a -> a.watchesTheBudget() && a.overlaps(from, s.end()))) {
        bad += s.bad();
      }
    }
    return bad / windowBudgetEvents();
  }

  /** The alert episodes of one severity. */
  public List<AlertEpisode> alerts(String severity) {
    return alerts.stream().filter(a -> a.severity().equals(severity)).toList();
  }
}
