package dev.slo4j;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts failures inside slo4j's recording path and logs them without flooding: the first one in full, then at most
 * one line a minute with the count since the last line. A recorder that breaks on every call must not turn into a
 * log storm in the host application. Thread-safe.
 *
 * <p>What is counted, once each: a sink (recorder) that throws anything while recording one event (once per failing
 * sink per event, so the recorders after it still record), the local budget failing to count an event, and a bad
 * argument to a recording method documented "never throws" (a {@code null} or out-of-range duration, a {@code null}
 * failure, a stage that cannot be observed), which is corrected and recorded where it can be.
 *
 * <p>What is never caught: {@link VirtualMachineError}s other than {@link StackOverflowError}, see
 * {@link #rethrowIfFatal}.
 */
final class RecordingFailures {

  private static final Logger LOG = LoggerFactory.getLogger("dev.slo4j.recording");
  private static final long LOG_EVERY_NANOS = 60_000_000_000L;

  private final LongAdder count = new LongAdder();
  private final AtomicLong lastLogged = new AtomicLong();
  private final AtomicLong loggedCount = new AtomicLong();
  private volatile boolean loggedOnce;

  /**
   * Rethrows {@code t} if the JVM cannot be trusted to carry on after it: {@link OutOfMemoryError},
   * {@link InternalError}, {@link UnknownError} (every {@link VirtualMachineError} but one). A
   * {@link StackOverflowError} is not rethrown: on the recording path it comes from a buggy sink (unbounded
   * recursion), the stack has already unwound to slo4j's frame when it is caught, and the business call it would
   * replace has already succeeded or failed on its own. Anything else (any other {@link Error}, a checked exception
   * thrown sneakily through a generic trick) is the recording path's failure, never the caller's.
   */
  public static void rethrowIfFatal(Throwable t) {
    if (t instanceof VirtualMachineError e && !(t instanceof StackOverflowError)) {
      throw e;
    }
  }

  /**
   * Counts a bad argument to a recording method that never throws (the event is recorded with the argument
   * corrected, where it can be) and logs it when the rate limit allows. Never throws (but see {@link #rethrowIfFatal}).
   */
  public void badArgument(String slo, String problem, long nowNanos) {
    IllegalArgumentException e;
    try {
      e = new IllegalArgumentException(problem);
    } catch (Throwable t) {
      rethrowIfFatal(t);
      e = null;
    }
    report(slo, e, nowNanos);
  }

  /** Counts a failure and logs it when the rate limit allows. Never throws (but see {@link #rethrowIfFatal}). */
  public void report(String slo, Throwable failure, long nowNanos) {
    count.increment();
    try {
      long last = lastLogged.get();
      if (!loggedOnce || nowNanos - last >= LOG_EVERY_NANOS) {
        if (lastLogged.compareAndSet(last, nowNanos)) {
          long total = count.sum();
          long since = total - loggedCount.getAndSet(total);
          if (!loggedOnce) {
            loggedOnce = true;
            LOG.warn("slo4j could not record an event of SLO '{}'; the call itself was not affected."
                + " Further failures are logged at most once a minute.", slo, failure);
          } else {
            LOG.warn("slo4j could not record {} events in the last minute (SLO '{}', latest failure: {});"
                + " the calls themselves were not affected", since, slo, describe(failure));
          }
        }
      }
    } catch (Throwable t) {
      // Logging itself failed (a broken appender, a toString() that throws): counting is all that is left, and it
      // already happened.
      rethrowIfFatal(t);
    }
  }

  private static String describe(Throwable failure) {
    try {
      return String.valueOf(failure);
    } catch (Throwable t) {
      rethrowIfFatal(t);
      return failure.getClass().getName();
    }
  }

  /** How many recording failures there were since start. */
  public long count() {
    return count.sum();
  }
}
