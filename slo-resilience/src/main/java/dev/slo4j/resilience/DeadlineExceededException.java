package dev.slo4j.resilience;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** A call under a {@link ResiliencePolicy} ran out of its deadline before it answered. */
public class DeadlineExceededException extends TimeoutException {

  private static final long serialVersionUID = 1L;

  public DeadlineExceededException(String policy, Duration deadline) {
    super("policy '" + policy + "' gave up: its deadline of " + deadline.toMillis() + " ms passed");
  }
}
