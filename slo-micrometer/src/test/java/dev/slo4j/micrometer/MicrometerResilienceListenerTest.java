package dev.slo4j.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slo4j.resilience.Backoff;
import dev.slo4j.ResilienceListener;
import dev.slo4j.resilience.ResiliencePolicy;
import dev.slo4j.resilience.RetryBudget;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MicrometerResilienceListenerTest {

  @Test
  void degradedAnswersAndRefusedRetriesAreCountedPerPolicy() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ResiliencePolicy<String> prices = ResiliencePolicy.<String>builder("prices")
        .listener(new MicrometerResilienceListener(registry, new ResilienceListener() {}))
        .retry(3, Backoff.fullJitter(Duration.ofMillis(1), Duration.ofMillis(1)))
        .retryBudget(RetryBudget.of(0, 0, Duration.ofSeconds(10), System::nanoTime))
        .fallbackValue("cached")
        .build();
    for (int i = 0; i < 3; i++) {
      assertThat(prices.get(() -> {
        throw new UncheckedIOException(new IOException("down"));
      })).isEqualTo("cached");
    }
    assertThat(registry.get("slo4j.degraded").tags("policy", "prices", "degradation", "fallback").counter().count())
        .isEqualTo(3);
    assertThat(registry.get("slo4j.retries.refused").tags("policy", "prices", "reason", "retry_budget").counter()
        .count()).isEqualTo(3);
  }
}
