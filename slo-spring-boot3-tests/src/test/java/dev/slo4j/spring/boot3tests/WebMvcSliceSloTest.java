package dev.slo4j.spring.boot3tests;

import static dev.slo4j.test.SloAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slo4j.annotation.Slo;
import dev.slo4j.test.Fault;
import dev.slo4j.test.TestSlos;
import dev.slo4j.test.spring.AutoConfigureSloTest;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * slo-test's {@code @AutoConfigureSloTest} on a Boot 3.5 {@code @WebMvcTest} slice (Spring Framework 6.2): the
 * annotation's autoconfiguration imports (slo4j's, Boot's AOP) resolve there too, so a controller's {@code @Slo}
 * records into the test's SLOs.
 */
@WebMvcTest(properties = "slo4j.rules.verify=off")
@AutoConfigureSloTest
class WebMvcSliceSloTest {

  @Autowired
  MockMvcTester mvc;

  @Autowired
  TestSlos slos;

  @Test
  void aControllersSloRecordsIntoTheTestsSlos() {
    for (int i = 0; i < 4; i++) {
      slos.clock().advance(Duration.ofSeconds(1));
      assertThat(mvc.get().uri("/checkout")).hasStatusOk().hasBodyTextEqualTo("paid");
    }
    slos.faults("payment").inject(Fault.outage());
    for (int i = 0; i < 3; i++) {
      slos.clock().advance(Duration.ofSeconds(1));
      assertThat(mvc.get().uri("/checkout")).hasStatus(HttpStatus.SERVICE_UNAVAILABLE);
    }

    assertThat(slos.get("checkout")).recorded(4, 3);
  }

  /** The application under test: one controller with an SLO, and its payment dependency behind a fault injector. */
  @SpringBootConfiguration
  @Import(CheckoutController.class)
  static class Shop {
    @Bean
    Supplier<String> payment(TestSlos slos) {
      return slos.faults("payment").supplier(() -> "paid");
    }
  }

  @RestController
  public static class CheckoutController {
    private final Supplier<String> payment;

    public CheckoutController(Supplier<String> payment) {
      this.payment = payment;
    }

    @GetMapping("/checkout")
    @Slo(name = "checkout", service = "shop")
    public String checkout() {
      try {
        return payment.get();
      } catch (RuntimeException e) {
        throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "payment failed", e);
      }
    }
  }
}
