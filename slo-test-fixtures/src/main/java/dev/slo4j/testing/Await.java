package dev.slo4j.testing;

import java.time.Duration;

/**
 * Polls until a condition holds instead of sleeping a fixed time: a test waits only as long as it must on a fast
 * machine, and up to a generous limit on a loaded one.
 */
public final class Await {

  /** How often the condition is checked. */
  public static final Duration POLL = Duration.ofMillis(250);

  private Await() {}

  /** A condition that may throw (a query that fails while a server starts is "not yet"; an error fails the wait). */
  @FunctionalInterface
  public interface Check {
    boolean holds() throws Exception;
  }

  /**
   * Checks {@code condition} every {@link #POLL} until it holds, at most {@code limit}; returns how long it took.
   *
   * @throws AssertionError naming {@code what} when the limit passes first
   */
  public static Duration until(Duration limit, String what, Check condition) throws Exception {
    long start = System.nanoTime();
    while (true) {
      if (condition.holds()) {
        return Duration.ofNanos(System.nanoTime() - start);
      }
      if (System.nanoTime() - start >= limit.toNanos()) {
        throw new AssertionError(what + " did not happen within " + limit);
      }
      Thread.sleep(POLL.toMillis());
    }
  }
}
