package dev.slo4j.resilience;

import dev.slo4j.Ticker;
import java.time.Duration;
import java.util.Optional;

/**
 * What a call under a {@link ResiliencePolicy} knows of its deadline, handed to each attempt by {@link
 * ResiliencePolicy#call(ResiliencePolicy.ContextCall)}. The policy cannot interrupt a blocking call; the call bounds
 * itself by giving its client the time that is left:
 *
 * <pre>{@code
 * policy.call(ctx -> client.send(request.newBuilder().timeout(ctx.remaining()).build(), BodyHandlers.ofString()));
 * }</pre>
 */
public final class CallContext {

  /**
   * What {@link #remaining()} answers without a deadline: {@code Integer.MAX_VALUE} milliseconds (24.8 days), long
   * enough to mean "none" and short enough for every client's timeout (many store one as an int of milliseconds).
   */
  public static final Duration NO_DEADLINE = Duration.ofMillis(Integer.MAX_VALUE);

  private static final long MIN_NANOS = 1_000_000; // 1 ms: a client refuses a zero or negative timeout

  private final Ticker ticker;
  private final Duration deadline;
  private final long start;
  private int attempt;

  CallContext(Ticker ticker, Duration deadline) {
    this.ticker = ticker;
    this.deadline = deadline;
    this.start = deadline == null ? 0 : ticker.read();
  }

  CallContext next() {
    attempt++;
    return this;
  }

  /** The policy's deadline for the whole call (all attempts and waits), if it has one. */
  public Optional<Duration> deadline() {
    return Optional.ofNullable(deadline);
  }

  /**
   * The time left before the deadline, at least 1 ms (so it is always a valid client timeout; an attempt started that
   * late fails at once); {@link #NO_DEADLINE} without a deadline.
   */
  public Duration remaining() {
    if (deadline == null) {
      return NO_DEADLINE;
    }
    return Duration.ofNanos(Math.max(MIN_NANOS, deadline.toNanos() - (ticker.read() - start)));
  }

  /** The smaller of {@link #remaining()} and {@code perAttempt}: a per-attempt timeout that still ends by the deadline. */
  public Duration remaining(Duration perAttempt) {
    Duration left = remaining();
    return perAttempt.compareTo(left) < 0 ? perAttempt : left;
  }

  /** Whether the deadline has passed. */
  public boolean expired() {
    return deadline != null && ticker.read() - start >= deadline.toNanos();
  }

  /** Which attempt this is: 1 for the first call, 2 for the first retry. */
  public int attempt() {
    return attempt;
  }
}
