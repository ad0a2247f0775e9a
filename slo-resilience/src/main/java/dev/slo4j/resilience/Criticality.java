package dev.slo4j.resilience;

/**
 * How much a piece of work matters when the SLO's error budget burns: the error-budget policy as code. Shedding
 * optional work first keeps capacity and budget for what users came for.
 */
public enum Criticality {
  /** Never shed: the reason the service exists (take the payment). */
  CRITICAL,
  /** Shed only when the budget of the SLO window is exhausted. */
  DEFAULT,
  /** Shed as soon as the SLO burns (an alert tier's burn rate exceeded), e.g. recommendations, prefetching. */
  OPTIONAL
}
