package dev.slo4j.test.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slo4j.test.Fault;
import dev.slo4j.test.FaultInjector;
import dev.slo4j.test.FaultServer;
import dev.slo4j.test.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/** A real RestClient over real HTTP on loopback, with the interceptor in front. */
class FaultInjectingInterceptorTest {

  @Test
  void anInjectedFailureReachesTheCallerAsAFailedConnectionAndLatencyMovesTheClock() throws Exception {
    TestClock clock = TestClock.create();
    FaultInjector healthy = FaultInjector.of("backend", clock, 1);
    FaultInjector client = FaultInjector.of("payment-client", clock, 1);
    try (FaultServer server = FaultServer.start().route("/pay", healthy, () -> "paid")) {
      RestClient rest = RestClient.builder().requestFactory(new JdkClientHttpRequestFactory())
          .requestInterceptor(FaultInjectingInterceptor.of(client)).build();
      assertThat(rest.get().uri(server.uri("/pay")).retrieve().body(String.class)).isEqualTo("paid");

      client.inject(Fault.outage(), Duration.ofMinutes(5));
      assertThatThrownBy(() -> rest.get().uri(server.uri("/pay")).retrieve().body(String.class))
          .isInstanceOf(ResourceAccessException.class)
          .hasMessageContaining("payment-client: injected outage");
      assertThat(healthy.calls()).as("the request never left the client").isEqualTo(1);

      clock.advance(Duration.ofMinutes(5));
      client.inject(Fault.latency(Duration.ofSeconds(3)));
      long at = clock.read();
      assertThat(rest.get().uri(server.uri("/pay")).retrieve().body(String.class)).isEqualTo("paid");
      assertThat(clock.read() - at).isEqualTo(Duration.ofSeconds(3).toNanos());
    }
  }
}
