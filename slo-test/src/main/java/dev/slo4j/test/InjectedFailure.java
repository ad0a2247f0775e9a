package dev.slo4j.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;

/**
 * The failure a {@link Fault} throws unless the test names its own: an {@link UncheckedIOException} (the dependency
 * could not be reached or failed on the wire, which is what retries, breakers and SLOs treat as a dependency's
 * failure) that says which dependency failed and why, and carries a {@code Retry-After} for a pushback fault.
 *
 * <p>With slo-resilience on the class path, a pushback fault's failure is a {@code RetryAfter.Aware}, so slo4j's
 * policies honour it as they honour a server's 429 or 503 (wait that long, or give up when it is longer than the
 * backoff's cap or the deadline); another library reads {@link #retryAfter()} with its own hook, or the test passes a
 * factory that throws the exception the real client would.
 */
public sealed class InjectedFailure extends UncheckedIOException permits PushbackFailure {

  private static final long serialVersionUID = 1L;

  private final transient Duration retryAfter;

  InjectedFailure(String message, Duration retryAfter) {
    super(message, new IOException(message));
    this.retryAfter = retryAfter;
  }

  /** The failure of a fault, a {@link PushbackFailure} when it carries a pushback and slo-resilience is present. */
  static InjectedFailure of(String message, Duration retryAfter) {
    // PushbackFailure is loaded only here and only when its supertype can be: a static call whose declared type is
    // InjectedFailure, so verifying this class never loads it.
    return retryAfter != null && RETRY_AFTER_AWARE ? PushbackFailure.create(message, retryAfter)
        : new InjectedFailure(message, retryAfter);
  }

  /** Whether slo-resilience's {@code RetryAfter.Aware} can be loaded. */
  private static final boolean RETRY_AFTER_AWARE = OptionalClasses.isPresent("dev.slo4j.resilience.RetryAfter$Aware");

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
