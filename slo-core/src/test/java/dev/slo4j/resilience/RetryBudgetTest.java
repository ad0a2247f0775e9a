package dev.slo4j.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {

  private final AtomicLong now = new AtomicLong();
  private final RetryBudget budget = RetryBudget.of(0.1, 1.0, Duration.ofSeconds(10), now::get);

  private int retriesAllowed(int attempts) {
    int allowed = 0;
    for (int i = 0; i < attempts; i++) {
      if (budget.tryRetry()) {
        allowed++;
      }
    }
    return allowed;
  }

  @Test
  void retriesAreCappedAtTheRatioOfRequestsPlusTheMinimum() {
    for (int i = 0; i < 1000; i++) {
      budget.onRequest();
    }
    // 10% of 1,000 requests plus 1 a second over 10 seconds.
    assertThat(retriesAllowed(1000)).isEqualTo(110);
  }

  @Test
  void aQuietClientCanStillRetryItsRareFailures() {
    budget.onRequest();
    assertThat(retriesAllowed(100)).isEqualTo(10);
  }

  @Test
  void theBudgetRefillsAsTheWindowMovesOn() {
    for (int i = 0; i < 100; i++) {
      budget.onRequest();
    }
    assertThat(retriesAllowed(100)).isEqualTo(20);
    now.addAndGet(Duration.ofSeconds(11).toNanos());
    assertThat(retriesAllowed(100)).as("old requests and retries left the window").isEqualTo(10);
  }

  @Test
  void badSettingsNameTheValue() {
    assertThatThrownBy(() -> RetryBudget.of(1.5, 1, Duration.ofSeconds(10), now::get))
        .hasMessageContaining("ratio must be between 0 and 1, was 1.5");
    assertThatThrownBy(() -> RetryBudget.of(0.1, 1, Duration.ZERO, now::get))
        .hasMessageContaining("window must be positive");
  }
}
