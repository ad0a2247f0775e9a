package dev.slo4j.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;

/**
 * The failure a {@link Fault} throws unless the test names its own: an {@link UncheckedIOException} (the dependency
 * could not be reached or failed on the wire, which is what retries, breakers and SLOs treat as a dependency's
 * failure) that says which dependency failed and why, and carries a {@code Retry-After} for a pushback fault. A resilience policy reads that
 * pushback with its own hook (slo4j's {@code Backoff.withPushback(InjectedFailure.class, InjectedFailure::retryAfter)}),
 * or the test passes a factory that throws the exception the real client would.
 */
public final class InjectedFailure extends UncheckedIOException {

  private static final long serialVersionUID = 1L;

  private final transient Duration retryAfter;

  InjectedFailure(String message, Duration retryAfter) {
    super(message, new IOException(message));
    this.retryAfter = retryAfter;
  }

  /** No stack trace: thousands are thrown per test and nobody reads them. */
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }

  /** The {@code Retry-After} of a pushback fault; empty for any other. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
