package dev.slo4j.test;

import dev.slo4j.resilience.RetryAfter;
import java.time.Duration;

/**
 * A pushback fault's failure as slo-resilience reads pushback ({@link RetryAfter.Aware}), so a policy's default
 * backoff honours the injected {@code Retry-After}. Loaded only when slo-resilience is on the class path (its
 * interface is this class's supertype).
 */
final class PushbackFailure extends InjectedFailure implements RetryAfter.Aware {

  private static final long serialVersionUID = 1L;

  private PushbackFailure(String message, Duration retryAfter) {
    super(message, retryAfter);
  }

  static InjectedFailure create(String message, Duration retryAfter) {
    return new PushbackFailure(message, retryAfter);
  }
}
