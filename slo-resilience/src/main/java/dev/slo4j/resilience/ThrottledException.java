package dev.slo4j.resilience;

import java.util.Locale;

/**
 * Thrown instead of an attempt that the policy's {@link AdaptiveThrottle} rejected locally; never retried, and, unlike
 * a shed call, a failure of the caller's SLO (the caller gets no answer because the dependency is failing).
 */
public final class ThrottledException extends RuntimeException {

  private final double probability;

  public ThrottledException(String policy, double probability) {
    super(String.format(Locale.ROOT, "policy '%s' rejected the attempt locally: the dependency accepts too few "
        + "(rejecting %.0f%% of attempts)", policy, 100 * probability), null, false, false);
    this.probability = probability;
  }

  /** The rejection probability when the attempt was rejected. */
  public double probability() {
    return probability;
  }
}
