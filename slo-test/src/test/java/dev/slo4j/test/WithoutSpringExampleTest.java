package dev.slo4j.test;

import static dev.slo4j.test.SloAssertions.assertThat;

import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.SloMeter;
import dev.slo4j.resilience.ResilienceDefaults;
import dev.slo4j.resilience.ResiliencePolicy;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The example of docs/testing.md ("Without Spring"), as it is printed there. */
@ExtendWith(SloTestExtension.class)
class WithoutSpringExampleTest {

  @Test
  void retriesAbsorbOneFailedPaymentInFive(TestSlos slos) {
    SloMeter checkout = slos.register(ServiceLevelObjective.builder("checkout").service("shop").objective("99.9").build());
    FaultInjector payment = slos.faults("payment").inject(Fault.errors(0.2));
    TestClock clock = slos.clock();
    ResiliencePolicy<String> policy = ResilienceDefaults.builder().maxAttempts(5)
        .time(clock, clock::sleep, clock.asClock()).listener(slos.resilience()).build()
        .<String>policy("payments", checkout.slo()).build();
    Supplier<String> pay = payment.supplier(() -> "paid");

    for (int i = 0; i < 10_000; i++) {
      clock.advance(Duration.ofSeconds(1));
      try {
        checkout.get(() -> policy.get(pay));
      } catch (RuntimeException e) {
        // the SLO counted it
      }
    }

    assertThat(slos.get("checkout")).hasErrorRatioAtMost(0.001).overTheSloWindow()
        .wasNotBurningFasterThan(14.4);
    assertThat(payment).receivedAtMostAttemptsPerCall(1.4, 10_000);
  }
}
