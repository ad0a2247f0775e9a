package dev.slo4j.examples.checkout;

import static dev.slo4j.test.SloAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slo4j.test.Fault;
import dev.slo4j.test.SloTestExtension;
import dev.slo4j.test.TestSlos;
import dev.slo4j.test.spring.AutoConfigureSloTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * The checkout endpoint's SLO in a {@code @WebMvcTest} slice: only the web layer and the controller, driven through
 * MockMvc, with {@code Downstream} and the fault-injected dependencies of {@link CheckoutSloTest} imported. A slice
 * loads none of the application's other autoconfigurations; {@code @AutoConfigureSloTest} brings slo4j's (the
 * {@code @Slo} advisor, the platform's resilience defaults), so the controller's {@code @Slo} records into the test's
 * SLOs as it does under {@code @SpringBootTest}.
 */
@WebMvcTest(controllers = CheckoutController.class, properties = "slo4j.rules.verify=off")
@AutoConfigureSloTest
@Import({Downstream.class, CheckoutSloTest.Dependencies.class})
@ExtendWith(SloTestExtension.class)
class CheckoutWebMvcSloTest {

  @Autowired
  MockMvcTester mvc;

  @Autowired
  TestSlos slos;

  @Test
  void theControllersSloRecordsServedAndFailedCheckouts() {
    for (int i = 0; i < 10; i++) {
      slos.clock().advance(Duration.ofSeconds(1));
      assertThat(mvc.get().uri("/checkout")).hasStatusOk().bodyJson().extractingPath("$.payment").isEqualTo("paid");
    }
    slos.faults("payment").inject(Fault.outage());
    for (int i = 0; i < 5; i++) {
      slos.clock().advance(Duration.ofSeconds(1));
      assertThat(mvc.get().uri("/checkout")).hasStatus(HttpStatus.SERVICE_UNAVAILABLE);
    }

    assertThat(slos.get("checkout")).recorded(10, 5);
    assertThat(slos.faults("payment").calls()).as("payment attempts: the platform's retries ran on the test clock")
        .isGreaterThan(10 + 5);
  }
}
