package dev.slo4j.examples.checkout;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Component;

/** The faults of the simulated downstream services, changed at run time through {@code POST /faults}. */
@Component
public class Faults {

  private volatile double errorRate;
  private volatile long latencyMs;
  private volatile boolean outage;

  public void set(double errorRate, long latencyMs, boolean outage) {
    if (errorRate < 0 || errorRate > 1) {
      throw new IllegalArgumentException("errorRate must be between 0 and 1, was " + errorRate);
    }
    if (latencyMs < 0) {
      throw new IllegalArgumentException("latencyMs must be 0 or more, was " + latencyMs);
    }
    this.errorRate = errorRate;
    this.latencyMs = latencyMs;
    this.outage = outage;
  }

  /** Sleeps the injected latency, then says whether this downstream call fails. */
  boolean failNow() throws InterruptedException {
    if (latencyMs > 0) {
      Thread.sleep(latencyMs);
    }
    return outage || ThreadLocalRandom.current().nextDouble() < errorRate;
  }

  Map<String, Object> describe() {
    return Map.of("errorRate", errorRate, "latencyMs", latencyMs, "outage", outage);
  }
}
