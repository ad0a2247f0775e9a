package dev.slo4j.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts failures inside slo4j's recording path and logs them without flooding: the first one in full, then at most
 * one line a minute with the count since the last line. A recorder that breaks on every call must not turn into a
 * log storm in the host application. Thread-safe.
 */
public final class RecordingFailures {

  private static final Logger LOG = LoggerFactory.getLogger("dev.slo4j.recording");
  private static final long LOG_EVERY_NANOS = 60_000_000_000L;

  private final LongAdder count = new LongAdder();
  private final AtomicLong lastLogged = new AtomicLong();
  private final AtomicLong loggedCount = new AtomicLong();
  private volatile boolean loggedOnce;

  /** Counts a failure and logs it when the rate limit allows. Never throws. */
  public void report(String slo, Throwable failure, long nowNanos) {
    try {
      count.increment();
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
                + " the calls themselves were not affected", since, slo, String.valueOf(failure));
          }
        }
      }
    } catch (RuntimeException | LinkageError ignored) {
      // Logging itself failed: counting is all that is left, and it already happened.
    }
  }

  /** How many recording failures there were since start. */
  public long count() {
    return count.sum();
  }
}
