package dev.slo4j.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slo4j.testing.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {

  private final FakeClock now = new FakeClock();
  private final RetryBudget budget = RetryBudget.of(0.3, 1.0, Duration.ofSeconds(10), now::nanoTime);

  private int retriesAllowed(int attempts) {
    int allowed = 0;
    for (int i = 0; i < attempts; i++) {
      if (budget.tryRetry()) {
        allowed++;
      }
    }
    return allowed;
  }

  private void succeed(int times) {
    for (int i = 0; i < times; i++) {
      budget.onSuccess();
    }
  }

  @Test
  void withoutSuccessesOnlyTheMinimumIsSpent() {
    // A full outage earns nothing: 1 retry a second over the 10 s window, however many calls fail.
    assertThat(retriesAllowed(1000)).isEqualTo(10);
    assertThat(budget.available()).isEqualTo(0.0);
  }

  @SuppressWarnings("deprecation")
  @Test
  void requestsEarnNothing() {
    for (int i = 0; i < 1000; i++) {
      budget.onRequest();
    }
    assertThat(retriesAllowed(1000)).isEqualTo(10);
  }

  @Test
  void successesEarnTheRatioOfARetryEach() {
    succeed(1000);
    assertThat(budget.available()).isEqualTo(310.0);
    // 0.3 of 1,000 successes plus 1 a second over 10 seconds.
    assertThat(retriesAllowed(1000)).isEqualTo(310);
  }

  @Test
  void retriesAreEarnedAsSuccessesComeIn() {
    assertThat(retriesAllowed(100)).isEqualTo(10);
    succeed(10);
    assertThat(retriesAllowed(100)).as("10 successes earn 3 retries").isEqualTo(3);
    succeed(3);
    assertThat(retriesAllowed(100)).as("3 more earn 0.9: not a whole retry yet").isZero();
    succeed(1);
    assertThat(retriesAllowed(100)).as("14 successes earn 4.2").isEqualTo(1);
  }

  @Test
  void theBudgetRefillsAsTheWindowMovesOn() {
    succeed(100);
    assertThat(retriesAllowed(100)).isEqualTo(40);
    now.advance(Duration.ofSeconds(11));
    assertThat(retriesAllowed(100)).as("old successes and retries left the window: the minimum again")
        .isEqualTo(10);
  }

  @Test
  void successesExpireBucketByBucket() {
    succeed(100); // t = 0: earns 30
    now.advance(Duration.ofSeconds(5));
    succeed(100); // t = 5 s: earns 30
    now.advance(Duration.ofSeconds(6)); // t = 11 s: the first 100 left the window, the second did not
    assertThat(retriesAllowed(100)).isEqualTo(40);
  }

  @Test
  void theDefaultsEarnThreeRetriesForTenSuccesses() {
    assertThat(RetryBudget.DEFAULT_RATIO).isEqualTo(0.3);
    assertThat(RetryBudget.ofDefaults()).hasToString("RetryBudget[0.3 per success + 10.0 per window]");
  }

  @Test
  void badSettingsNameTheValue() {
    assertThatThrownBy(() -> RetryBudget.of(1.5, 1, Duration.ofSeconds(10), now::nanoTime))
        .hasMessageContaining("ratio must be between 0 and 1, was 1.5");
    assertThatThrownBy(() -> RetryBudget.of(0.1, 1, Duration.ZERO, now::nanoTime))
        .hasMessageContaining("window must be positive");
  }
}
