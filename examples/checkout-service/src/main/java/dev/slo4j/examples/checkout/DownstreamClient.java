package dev.slo4j.examples.checkout;

/**
 * How {@link Downstream} reaches a dependency: over HTTP in the service ({@link HttpDownstreamClient}); in the SLO
 * regression tests, an in-memory dependency behind slo-test's fault injectors, so that a ten-minute outage runs in
 * milliseconds on the test's clock.
 */
@FunctionalInterface
public interface DownstreamClient {

  /** The body of a successful answer to {@code path}; throws when the dependency fails or answers 5xx. */
  String get(String path);
}
