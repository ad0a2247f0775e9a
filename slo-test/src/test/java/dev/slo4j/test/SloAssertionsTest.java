package dev.slo4j.test;

import static dev.slo4j.test.SloAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slo4j.Degradation;
import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.SloMeter;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every assertion passes when its condition holds and fails with a message that says what happened. */
class SloAssertionsTest {

  private final TestSlos slos = TestSlos.create(1);
  private final SloMeter checkout = slos.register(
      ServiceLevelObjective.builder("checkout").service("shop").objective("99.9").build());

  /** One call per second for {@code seconds}, every {@code badEvery}-th bad (0: none bad). */
  private void traffic(int seconds, int badEvery) {
    for (int i = 1; i <= seconds; i++) {
      slos.clock().advance(Duration.ofSeconds(1));
      if (badEvery > 0 && i % badEvery == 0) {
        checkout.recordFailure(Duration.ofMillis(5), new IOException("card network down"));
      } else {
        checkout.recordGood(Duration.ofMillis(5));
      }
    }
  }

  @Test
  void recordedCountsEveryEvent() {
    traffic(100, 10);
    assertThat(slos.get("checkout")).recorded(90, 10);
    assertThatThrownBy(() -> assertThat(slos.get("checkout")).recorded(100, 0))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("expected SLO 'checkout' to have recorded 100 good and 0 bad events but it recorded 90"
            + " good and 10 bad")
        .hasMessageContaining("bad by reason {java.io.IOException=10}");
  }

  @Test
  void theErrorRatioIsCheckedOverTheWindowNamed() {
    traffic(3_600, 0);
    traffic(300, 100); // the last 5 minutes: 3 bad of 300
    assertThat(slos.get("checkout")).hasErrorRatioAtMost(0.01).overLast(Duration.ofMinutes(5));
    assertThat(slos.get("checkout")).hasErrorRatioAtMost(0.001).overTheSloWindow();
    assertThatThrownBy(() -> assertThat(slos.get("checkout")).hasErrorRatioAtMost(0.001)
        .overLast(Duration.ofMinutes(5)))
        .hasMessageStartingWith("expected SLO 'checkout' to have an error ratio of at most 0.1% over the last 5m but"
            + " it was 1% (3 bad of 300 events)");
  }

  @Test
  void theBudgetLeftIsCheckedAgainstTheObjective() {
    traffic(1_000, 2_000); // none bad
    assertThat(slos.get("checkout")).hasBudgetRemainingAtLeast(1.0);
    traffic(1_000, 1_000); // 1 bad of 2,000: half the budget of 99.9%
    assertThat(slos.get("checkout")).hasBudgetRemainingAtLeast(0.5);
    assertThatThrownBy(() -> assertThat(slos.get("checkout")).hasBudgetRemainingAtLeast(0.9))
        .hasMessageStartingWith("expected SLO 'checkout' to have at least 90% of its error budget left but it has 50%");
  }

  @Test
  void aBurstIsFoundBySlidingTheWindowNotOnlyAtTheEnd() {
    traffic(3_600, 0);
    traffic(120, 2); // two minutes at 50% errors: 500x the sustainable burn
    traffic(7_200, 0); // then two quiet hours: the end looks fine
    assertThat(slos.get("checkout")).hasErrorRatioAtMost(0.0).overLast(Duration.ofHours(1));
    assertThat(slos.get("checkout")).wasNotBurningFasterThan(1000);
    assertThatThrownBy(() -> assertThat(slos.get("checkout")).wasNotBurningFasterThan(14.4))
        .hasMessageStartingWith("expected SLO 'checkout' never to burn its budget faster than 14.40x over 5m but it"
            + " burned ");
  }

  @Test
  void resilienceEventsAndAttemptsPerCall() {
    ResilienceEvents events = slos.resilience();
    events.onDegraded("payment", Degradation.FALLBACK, new IOException("down"));
    events.onDegraded("payment", Degradation.SHED, null);
    assertThat(events).hasDegradedAtLeast(Degradation.FALLBACK, 1).hasShedAtLeast(1)
        .hasNotDegraded(Degradation.STALE).hasNotExhaustedTheRetryBudget();
    assertThatThrownBy(() -> assertThat(events).hasNotDegraded(Degradation.FALLBACK))
        .hasMessage("expected no degraded answer (fallback) but there were 1 (fallback 1, stale 0, shed 1, retries"
            + " refused by the budget 0, by the deadline 0)");
    assertThatThrownBy(() -> assertThat(events).hasShedAtLeast(5))
        .hasMessageStartingWith("expected at least 5 degraded answers (shed) but there were 1");
    events.onRetryBudgetExhausted("payment", new IOException("down"));
    assertThatThrownBy(() -> assertThat(events).hasNotExhaustedTheRetryBudget())
        .hasMessageStartingWith("expected the retry budget never to refuse a retry but it refused 1");

    FaultInjector payment = slos.faults("payment");
    for (int i = 0; i < 10; i++) {
      payment.supplier(() -> "ok").get();
    }
    assertThat(payment).receivedAtMostAttemptsPerCall(2.0, 5);
    assertThatThrownBy(() -> assertThat(payment).receivedAtMostAttemptsPerCall(1.1, 5))
        .hasMessage("expected payment to receive at most 1.10 attempts per call but it received 2.00 (10 attempts for 5"
            + " calls)");
    assertThatThrownBy(() -> assertThat(payment).receivedNoCalls())
        .hasMessage("expected payment to receive no calls but it received 10");
  }

  @Test
  void badArgumentsAreRefused() {
    assertThatThrownBy(() -> assertThat(slos.get("checkout")).hasErrorRatioAtMost(2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maximum error ratio 2.0 is outside [0, 1]");
    assertThatThrownBy(() -> assertThat(slos.get("checkout")).hasErrorRatioAtMost(0.1).overLast(Duration.ZERO))
        .hasMessage("a window is positive, was PT0S");
    assertThatThrownBy(() -> assertThat(slos.get("checkout")).wasNotBurningFasterThan(Double.NaN))
        .hasMessageContaining("a burn rate is a finite number >= 0, was NaN");
    assertThatThrownBy(() -> slos.get("payments"))
        .hasMessage("no SLO named 'payments' was registered in this test; registered: [checkout]");
  }
}
