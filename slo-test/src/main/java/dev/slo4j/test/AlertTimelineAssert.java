package dev.slo4j.test;

import dev.slo4j.MetricNames;
import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.budget.Severity;
import dev.slo4j.format.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on when an {@link AlertScenario}'s burn-rate alerts fire and reset. A failure says what was expected,
 * what happened instead, in times from the scenario's start, and prints the whole timeline, so a failing policy test
 * explains itself. Obtain it from {@link AlertAssertions#assertThat(AlertTimeline)}.
 */
public final class AlertTimelineAssert extends AbstractAssert<AlertTimelineAssert, AlertTimeline> {

  AlertTimelineAssert(AlertTimeline actual) {
    super(actual, AlertTimelineAssert.class);
  }

  /** The page ({@code SloErrorBudgetBurn}, the SLO's page severity) of every SLO of the scenario. */
  public Alerts page() {
    isNotNull();
    return new Alerts(this, Severity.PAGE);
  }

  /** The ticket ({@code SloErrorBudgetBurn}, the SLO's ticket severity) of every SLO of the scenario. */
  public Alerts ticket() {
    isNotNull();
    return new Alerts(this, Severity.TICKET);
  }

  void fail(String message) {
    failWithMessage("%s", message + "\n" + actual);
  }

  /**
   * Assertions on one severity of the burn-rate alert of the scenario's SLOs. Each returns this, to chain.
   */
  public static final class Alerts {
    private final AlertTimelineAssert parent;
    private final AlertTimeline timeline;
    private final Severity severity;
    private final Predicate<FiredAlert> which;
    private final String name;

    Alerts(AlertTimelineAssert parent, Severity severity) {
      this.parent = parent;
      this.timeline = parent.actual;
      this.severity = severity;
      List<ServiceLevelObjective> slos = timeline.slos();
      this.which = a -> a.alertname().equals(MetricNames.BURN_ALERT) && slos.stream().anyMatch(slo ->
          slo.name().equals(a.slo()) && slo.service().equals(a.service()) && severityLabel(slo).equals(a.severity()));
      this.name = "the " + severity.label() + " of " + AlertTimeline.sloNames(slos);
    }

    private String severityLabel(ServiceLevelObjective slo) {
      return (severity == Severity.PAGE ? slo.alerting().pageLabels() : slo.alerting().ticketLabels())
          .getOrDefault("severity", severity.label());
    }

    /**
     * The alert fires at an evaluation from the start of a phase to {@code within} after it (already firing at the
     * start counts); name the phase next.
     */
    public Deadline firesWithin(Duration within) {
      return new Deadline(this, checkPositive(within), true);
    }

    /**
     * The alert is quiet at some evaluation from the end of a phase to {@code within} after it (never having fired
     * counts); name the phase next.
     */
    public Deadline resetsWithin(Duration within) {
      return new Deadline(this, checkPositive(within), false);
    }

    /** The alert fires at no evaluation of the scenario. */
    public Alerts neverFires() {
      Optional<Duration> first = timeline.firstFiring(which, Duration.ZERO);
      first.ifPresent(t -> parent.fail("expected " + name + " never to fire but it fired at " + AlertTimeline.at(t)
          + " (" + timeline.firing(which, t) + ")"));
      return this;
    }

    /**
     * The alert fires at no evaluation that reads the phase's traffic as its newest sample: after the phase's start
     * (from 0 for the first phase) up to and including its end.
     */
    public Alerts neverFiresDuring(int phaseIndex) {
      AlertTimeline.Phase phase = timeline.phase(phaseIndex);
      Duration from = phaseIndex == 0 ? Duration.ZERO : phase.start().plus(timeline.step());
      Optional<Duration> first = timeline.firstFiring(which, from).filter(t -> t.compareTo(phase.end()) <= 0);
      first.ifPresent(t -> parent.fail("expected " + name + " not to fire during " + phase + " but it fired at "
          + AlertTimeline.at(t)));
      return this;
    }

    private static Duration checkPositive(Duration within) {
      Objects.requireNonNull(within, "within");
      if (within.isNegative()) {
        throw new IllegalArgumentException("a deadline must not be negative, got " + within);
      }
      return within;
    }

    void checkFires(Duration within, int phaseIndex) {
      AlertTimeline.Phase phase = timeline.phase(phaseIndex);
      Duration deadline = phase.start().plus(within);
      Optional<Duration> first = timeline.firstFiring(which, phase.start());
      String expected = "expected " + name + " to fire within " + Durations.format(within) + " after phase "
          + phaseIndex + " (" + phase.description() + ", starting at " + AlertTimeline.at(phase.start()) + ")";
      if (first.isEmpty()) {
        parent.fail(expected + " but it never fired at or after " + AlertTimeline.at(phase.start()));
      } else if (first.get().compareTo(deadline) > 0) {
        parent.fail(expected + " but it first fired at " + AlertTimeline.at(first.get()));
      }
    }

    void checkResets(Duration within, int phaseIndex) {
      AlertTimeline.Phase phase = timeline.phase(phaseIndex);
      Duration deadline = phase.end().plus(within);
      Optional<Duration> quiet = timeline.firstQuiet(which, phase.end());
      String expected = "expected " + name + " to reset within " + Durations.format(within) + " after phase "
          + phaseIndex + " (" + phase.description() + ", ending at " + AlertTimeline.at(phase.end()) + ")";
      if (quiet.isEmpty()) {
        parent.fail(expected + " but it was still firing at the end, " + AlertTimeline.at(timeline.end()));
      } else if (quiet.get().compareTo(deadline) > 0) {
        parent.fail(expected + " but it was still firing until " + AlertTimeline.at(quiet.get()));
      }
    }
  }

  /** A deadline waiting for the phase it is measured from. */
  public static final class Deadline {
    private final Alerts alerts;
    private final Duration within;
    private final boolean fires;

    Deadline(Alerts alerts, Duration within, boolean fires) {
      this.alerts = alerts;
      this.within = within;
      this.fires = fires;
    }

    /**
     * Checks the deadline from the start ({@code firesWithin}) or the end ({@code resetsWithin}) of this phase.
     *
     * @param phaseIndex 0-based
     * @throws IllegalArgumentException when there is no such phase
     */
    public Alerts afterPhase(int phaseIndex) {
      if (fires) {
        alerts.checkFires(within, phaseIndex);
      } else {
        alerts.checkResets(within, phaseIndex);
      }
      return alerts;
    }
  }
}
