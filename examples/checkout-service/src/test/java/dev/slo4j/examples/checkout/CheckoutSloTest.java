package dev.slo4j.examples.checkout;

import static dev.slo4j.test.SloAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slo4j.Degradation;
import dev.slo4j.test.AlertAssertions;
import dev.slo4j.test.AlertScenario;
import dev.slo4j.test.AlertTimeline;
import dev.slo4j.test.Fault;
import dev.slo4j.test.FaultInjector;
import dev.slo4j.test.SloTestExtension;
import dev.slo4j.test.TestSlos;
import dev.slo4j.test.spring.AutoConfigureSloTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The checkout service's SLO regression tests: real endpoints over HTTP, the dependencies behind slo-test's fault
 * injectors, every SLO, retry, breaker wait and injected latency on one test clock (docs/testing.md walks through
 * them). One customer request per second of test time.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"slo4j.rules.verify=off", "logging.level.dev.slo4j.resilience=ERROR"})
@AutoConfigureSloTest
@ExtendWith(SloTestExtension.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD) // a fresh clock and budget per test
class CheckoutSloTest {

  /** The dependencies, in memory, each behind its fault injector. */
  @TestConfiguration
  static class Dependencies {
    @Bean
    @Primary
    DownstreamClient faultyDependencies(TestSlos slos) {
      Map<String, Supplier<String>> routes = Map.of(
          "/downstream/pay", slos.faults("payment").supplier(() -> "paid"),
          "/downstream/recommendations", slos.faults("recommendations").supplier(() -> "socks,hat"),
          "/downstream/quote", slos.faults("pricing").supplier(() -> "42.00"));
      return path -> routes.get(path).get();
    }
  }

  @Autowired
  TestSlos slos;

  @LocalServerPort
  int port;

  private int customers(String path, Duration duration) throws Exception {
    int ok = 0;
    for (long s = 0; s < duration.toSeconds(); s++) {
      slos.clock().advance(Duration.ofSeconds(1));
      HttpResponse<String> r = Http.get(port, path);
      ok += r.statusCode() == 200 ? 1 : 0;
    }
    return ok;
  }

  @Test
  void withOneFifthOfPaymentsFailingCheckoutKeepsItsObjectiveAndOnlyRecommendationsDegrade() throws Exception {
    slos.faults("payment").inject(Fault.errors(0.2));
    slos.faults("recommendations").inject(Fault.errors(0.5));
    customers("/checkout", Duration.ofMinutes(30));

    assertThat(slos.get("checkout")).hasErrorRatioAtMost(0.001).overTheSloWindow();
    assertThat(slos.resilience()).hasDegradedAtLeast(Degradation.FALLBACK, 1);
    // Retries absorb the payment failures within the retry budget: about 1.25 attempts per checkout, not 5.
    assertThat(slos.faults("payment")).receivedAtMostAttemptsPerCall(1.4, 1800);
  }

  @Test
  void withThePaymentProviderDownForTenMinutesCheckoutPagesAndTheBreakerShedsTheLoad() throws Exception {
    customers("/checkout", Duration.ofMinutes(10));
    FaultInjector payment = slos.faults("payment");
    long outageEnds = slos.clock().read() + Duration.ofMinutes(10).toNanos();
    payment.inject(Fault.outage(), Duration.ofMinutes(10));
    long before = payment.calls();
    // 8 minutes of customers: retries' backoff moves the test clock too, so the tenth minute comes a little sooner.
    int served = customers("/checkout", Duration.ofMinutes(8));
    long attemptsDuringOutage = payment.calls() - before;

    assertThat(served).as("no checkout can succeed without the payment provider").isZero();
    // The breaker opens after its window of failed attempts and sheds the rest: the provider gets fewer attempts than
    // the 480 checkouts, where a retry-only client would send 5 each (2,400).
    assertThat(attemptsDuringOutage).isLessThan(480);
    assertThat(slos.get("checkout")).wasNotBurningFasterThan(1000.0);

    // The page: the outage as the checkout SLO measured it (its error ratio over the outage's minutes), after a
    // healthy day, through the rules slo4j generates for this SLO, evaluated by the real promtool.
    double measured = slos.get("checkout").errorRatio(Duration.ofMinutes(8));
    AlertTimeline alerts = AlertScenario.forSlo(slos.get("checkout").slo())
        .steady(Duration.ofHours(24), 0.0)
        .steady(Duration.ofMinutes(10), measured)
        .steady(Duration.ofHours(2), 0.0)
        .evaluate();
    AlertAssertions.assertThat(alerts).page().firesWithin(Duration.ofMinutes(3)).afterPhase(1);
    AlertAssertions.assertThat(alerts).page().resetsWithin(Duration.ofMinutes(15)).afterPhase(1);
    AlertAssertions.assertThat(alerts).page().neverFiresDuring(0);

    slos.clock().advance(Duration.ofNanos(Math.max(0, outageEnds - slos.clock().read())));
    int afterRecovery = customers("/checkout", Duration.ofMinutes(5));
    assertThat(afterRecovery).as("served again once the provider is back and the breaker's wait passed")
        .isGreaterThanOrEqualTo(299);
  }

  @Test
  void latencyInjectedOnTheOptionalRecommendationsDoesNotCostTheQuoteItsLatencySlo() throws Exception {
    slos.faults("recommendations").inject(Fault.latency(Duration.ofSeconds(1)));
    slos.faults("pricing").inject(Fault.latency(Duration.ofMillis(40)));
    for (int i = 0; i < 300; i++) {
      customers("/checkout", Duration.ofSeconds(1));
      customers("/quote", Duration.ofSeconds(1));
    }
    assertThat(slos.get("quote")).recorded(300, 0);
    assertThat(slos.get("checkout")).hasErrorRatioAtMost(0.0).overLast(Duration.ofMinutes(10));
  }
}
