package dev.slo4j.budget;

/**
 * Where an SLO stands on this instance, in the three states an error-budget policy acts on: healthy (spend freely),
 * burning (an alert tier's burn rate is exceeded in both its windows: slow down risky work), exhausted (nothing left
 * in the SLO window: freeze and shed optional work).
 */
public enum BudgetStatus {
  /** No alert tier's burn rate is exceeded and budget remains. */
  HEALTHY,
  /** Some alert tier's burn rate is exceeded over both its long and its short window. */
  BURNING,
  /** The budget of the SLO window is spent. */
  EXHAUSTED;

  /** The lower-case name used in JSON and metrics: {@code healthy}, {@code burning}, {@code exhausted}. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
