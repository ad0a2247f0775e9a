package dev.slo4j.resilience;

import dev.slo4j.budget.BudgetStatus;

/**
 * Thrown instead of making a call that was shed because its SLO's budget burns and the work is not critical enough
 * (and no fallback answered). Tells callers the work was skipped on purpose, not that a dependency failed.
 */
public final class LoadShedException extends RuntimeException {

  private final BudgetStatus status;

  public LoadShedException(String policy, Criticality criticality, BudgetStatus status) {
    super("policy '" + policy + "' shed " + criticality.name().toLowerCase(java.util.Locale.ROOT)
        + " work because its SLO's error budget is " + status.label(), null, false, false);
    this.status = status;
  }

  /** The budget status that made the policy shed. */
  public BudgetStatus status() {
    return status;
  }
}
