package dev.slo4j.examples.checkout;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The faults of the simulated downstream services, changed at run time through {@code POST /faults} (see
 * {@link FaultsController}, off unless {@code checkout.faults.enabled=true}).
 *
 * <p>Bounds: {@code errorRate} is a finite number from 0 to 1; {@code latencyMs} is 0 to {@value #MAX_LATENCY_MS}. Ten
 * seconds is longer than every timeout of the example (the payment's 2 s deadline, the clients' 2 s HTTP timeout, the
 * quote's 300 ms latency SLO), so every slow-dependency behaviour can be shown; and it is shorter than the 15 s
 * graceful-shutdown phase ({@code spring.lifecycle.timeout-per-shutdown-phase}), so a shutdown during a latency fault
 * still drains. The injected latency holds no request thread: the simulated answer is completed later by a timer, as a
 * remote provider's would be, so only the callers' threads wait (and those are bounded by {@link Downstream}'s
 * concurrency limit).
 */
@Component
public class Faults {

  /** The largest injectable latency, in milliseconds. */
  public static final long MAX_LATENCY_MS = 10_000;

  private volatile double errorRate;
  private volatile long latencyMs;
  private volatile boolean outage;

  /**
   * Replaces the faults.
   *
   * @throws IllegalArgumentException naming the parameter, its value and the accepted range when a value is out of
   *     range (NaN and infinities included); nothing changes then
   */
  public void set(double errorRate, long latencyMs, boolean outage) {
    if (!(errorRate >= 0 && errorRate <= 1)) { // false for NaN too
      throw new IllegalArgumentException(
          "errorRate=" + errorRate + " is out of range: it must be a number from 0 to 1 (e.g. 0.2 for 20%)");
    }
    if (latencyMs < 0 || latencyMs > MAX_LATENCY_MS) {
      throw new IllegalArgumentException(
          "latencyMs=" + latencyMs + " is out of range: it must be from 0 to " + MAX_LATENCY_MS + " milliseconds");
    }
    this.errorRate = errorRate;
    this.latencyMs = latencyMs;
    this.outage = outage;
  }

  /**
   * The answer of a simulated downstream call: {@code unavailable} when this call fails, else {@code ok}, completed
   * after the injected latency without holding the calling thread.
   */
  <T> CompletableFuture<T> answer(Supplier<T> ok, Supplier<T> unavailable) {
    long delay = latencyMs;
    T answer = outage || ThreadLocalRandom.current().nextDouble() < errorRate ? unavailable.get() : ok.get();
    return delay == 0 ? CompletableFuture.completedFuture(answer)
        : CompletableFuture.supplyAsync(() -> answer,
            CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS, Runnable::run));
  }

  Map<String, Object> describe() {
    return Map.of("errorRate", errorRate, "latencyMs", latencyMs, "outage", outage);
  }
}
