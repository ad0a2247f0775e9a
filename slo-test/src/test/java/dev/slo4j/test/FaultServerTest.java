package dev.slo4j.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Real HTTP requests on loopback through fault injectors. */
class FaultServerTest {

  private final HttpClient http = HttpClient.newHttpClient();
  private final TestClock clock = TestClock.create();

  private HttpResponse<String> get(FaultServer server, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void answersThroughTheInjectorOutagesPushbackAndLatencyIncluded() throws Exception {
    FaultInjector payment = FaultInjector.of("payment", clock, 1);
    try (FaultServer server = FaultServer.start().route("/pay", payment, () -> "paid")) {
      assertThat(get(server, "/pay").body()).isEqualTo("paid");

      payment.inject(Fault.outage(), Duration.ofMinutes(1));
      HttpResponse<String> down = get(server, "/pay");
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.body()).isEqualTo("injected: payment: injected outage");

      payment.inject(Fault.pushback(Duration.ofMillis(1500)));
      HttpResponse<String> busy = get(server, "/pay");
      assertThat(busy.statusCode()).isEqualTo(503);
      assertThat(busy.headers().firstValue("Retry-After")).contains("2");

      payment.inject(Fault.latency(Duration.ofMinutes(3)));
      long at = clock.read();
      assertThat(get(server, "/pay").statusCode()).isEqualTo(200);
      assertThat(clock.read() - at).isEqualTo(Duration.ofMinutes(3).toNanos());

      assertThat(get(server, "/other").statusCode()).isEqualTo(404);
      assertThat(payment.calls()).isEqualTo(4);
    }
  }

  @Test
  void routesAreCheckedAndNotServedTwice() throws Exception {
    FaultInjector f = FaultInjector.of("x", clock, 1);
    try (FaultServer server = FaultServer.start().route("/a", f, () -> "a")) {
      assertThatThrownBy(() -> server.route("/a", f, () -> "b")).hasMessage("the route /a is already served");
      assertThatThrownBy(() -> server.route("b", f, () -> "b"))
          .hasMessage("a route is a path starting with / and without a query, was 'b'");
    }
  }
}
