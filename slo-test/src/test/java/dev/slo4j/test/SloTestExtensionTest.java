package dev.slo4j.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.slo4j.ServiceLevelObjective;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** The extension, proven on real JUnit runs of the small test classes below. */
class SloTestExtensionTest {

  static final List<TestSlos> SEEN = new ArrayList<>();

  @ExtendWith(SloTestExtension.class)
  static class TwoTests {
    @Test
    void first(TestSlos slos, TestClock clock) {
      SEEN.add(slos);
      assertThat(clock).isSameAs(slos.clock());
      slos.register(ServiceLevelObjective.builder("checkout").service("shop").objective("99.9").build());
    }

    @Test
    void second(TestSlos slos) {
      SEEN.add(slos);
      assertThat(slos.registry().meters()).as("a fresh registry in each test").isEmpty();
    }
  }

  static class FailingWithAnOutage {
    @RegisterExtension
    static final SloTestExtension SLO = SloTestExtension.withSeed(7);

    @Test
    void checkoutStaysWithinItsSlo(TestSlos slos) {
      var checkout = slos.register(ServiceLevelObjective.builder("checkout").service("shop").objective("99.9").build());
      FaultInjector payment = slos.faults("payment");
      payment.inject(Fault.outage(), Duration.ofMinutes(10));
      for (int i = 0; i < 100; i++) {
        slos.clock().advance(Duration.ofSeconds(1));
        try {
          checkout.get(payment.supplier(() -> "paid"));
        } catch (InjectedFailure expected) {
          // the code under test would degrade here
        }
      }
      SloAssertions.assertThat(slos.get("checkout")).hasErrorRatioAtMost(0.001).overLast(Duration.ofMinutes(5));
    }
  }

  @Test
  void eachTestGetsItsOwnWorldAsAParameter() {
    SEEN.clear();
    EngineTestKit.engine("junit-jupiter").selectors(selectClass(TwoTests.class)).execute().testEvents()
        .assertStatistics(s -> s.started(2).succeeded(2));
    assertThat(SEEN).hasSize(2);
    assertThat(SEEN.get(0)).isNotSameAs(SEEN.get(1));
    assertThat(SEEN.get(0).seed()).isEqualTo(SloTestExtension.DEFAULT_SEED);
  }

  @Test
  void aFailingTestCarriesWhatTheSlosSaw() {
    Events events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(FailingWithAnOutage.class)).execute()
        .testEvents();
    events.assertStatistics(s -> s.started(1).failed(1));
    Throwable failure = events.failed().list().get(0).getPayload(org.junit.platform.engine.TestExecutionResult.class)
        .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable).orElseThrow();
    assertThat(failure).hasMessageStartingWith("expected SLO 'checkout' to have an error ratio of at most 0.1% over"
        + " the last 5m but it was 100% (100 bad of 100 events)");
    assertThat(failure.getSuppressed()).hasSize(1);
    assertThat(failure.getSuppressed()[0].getMessage())
        .startsWith("SLOs after 1m40s of test time (seed 7):")
        .contains("SLO 'checkout' of 'shop' (99.9% of calls succeed over 30d): 100 events, 100 bad (100.0000%), budget"
            + " left -99900.0%; bad by reason {dev.slo4j.test.InjectedFailure=100}; burn 5m 1000.00x, 1h 1000.00x")
        .contains("FaultInjector[payment: outage, 100 calls, 100 failed]");
  }
}
