/**
 * Resilience helpers on resilience4j: {@link dev.slo4j.resilience.ResiliencePolicy} composes shedding by error budget,
 * a circuit breaker with SLO-derived thresholds ({@link dev.slo4j.resilience.SloCircuitBreakers}), retries with
 * jitter applied after the cap ({@link dev.slo4j.resilience.Backoff}), a retry budget ({@link
 * dev.slo4j.resilience.RetryBudget}), a deadline, and fallback or serve-stale answers. resilience4j-retry and
 * resilience4j-circuitbreaker are optional dependencies of slo-core: add them to use this package.
 */
package dev.slo4j.resilience;
