package dev.slo4j.test;

import java.time.Duration;
import java.util.Optional;

/**
 * The failure a {@link Fault} throws unless the test names its own: a {@link RuntimeException} that says which
 * dependency failed and why, and carries a {@code Retry-After} for a pushback fault. A resilience policy reads that
 * pushback with its own hook (slo4j's {@code Backoff.withPushback(InjectedFailure.class, InjectedFailure::retryAfter)}),
 * or the test passes a factory that throws the exception the real client would.
 */
public final class InjectedFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Duration retryAfter;

  InjectedFailure(String message, Duration retryAfter) {
    super(message, null, false, false); // no stack trace: thousands are thrown per test and nobody reads them
    this.retryAfter = retryAfter;
  }

  /** The {@code Retry-After} of a pushback fault; empty for any other. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
