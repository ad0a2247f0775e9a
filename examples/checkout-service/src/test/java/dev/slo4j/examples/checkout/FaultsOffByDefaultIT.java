package dev.slo4j.examples.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** As deployed, with no profile: there is no fault-injection endpoint, even from loopback. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"server.address=127.0.0.1", "spring.main.banner-mode=off"})
class FaultsOffByDefaultIT {

  @LocalServerPort
  int port;

  @Test
  void postFaultsIsNotFoundUnlessTurnedOn() throws Exception {
    var response = Http.post(port, "/faults?outage=true");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(404);

    var checkout = Http.get(port, "/checkout");
    assertThat(checkout.statusCode()).as("no outage was injected: %s", checkout.body()).isEqualTo(200);
  }
}
