package dev.slo4j;

import dev.slo4j.budget.BudgetStatus;

import dev.slo4j.ServiceLevelObjective;
import java.time.Duration;
import java.util.List;

/**
 * This instance's view of an SLO's error budget, from a rolling window of the events it recorded itself. It serves
 * decisions that must be taken locally and at once (shed optional work, serve stale, stop retrying) and the actuator;
 * the fleet-wide truth, which pages people, comes from the generated Prometheus rules over every instance's counters.
 *
 * <p>Implementations are thread-safe and cheap to read (no allocation), but their numbers are approximate at window
 * edges: see {@link RollingBudget} for the bounds.
 */
public interface LocalBudget {

  /** The SLO this budget belongs to. */
  ServiceLevelObjective slo();

  /**
   * How many times faster than sustainable the budget burned over the last {@code window}: the error ratio divided by
   * the SLO's allowed error ratio. 0 when there were no events.
   *
   * @throws IllegalArgumentException if the window is not one of {@link #windows()}
   */
  double burnRate(Duration window);

  /** The windows {@link #burnRate(Duration)} answers for: every long and short window of the SLO's alert tiers. */
  List<Duration> windows();

  /** The share of the SLO window's budget left, from 1 (nothing spent) down; negative when overspent. */
  double remaining();

  /** Healthy, burning or exhausted: see {@link BudgetStatus}. */
  BudgetStatus status();

  /**
   * Good events recorded on this instance since the SLO was registered: a monotonic count, exact when read. A metrics
   * recorder publishes it as its good-events counter (slo-micrometer does, as a function counter) instead of counting
   * every successful call a second time: the budget already counts it, and each count costs an atomic operation on
   * the call's path.
   */
  long goodEvents();
}
