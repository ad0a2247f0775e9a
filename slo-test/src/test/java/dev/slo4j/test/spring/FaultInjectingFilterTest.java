package dev.slo4j.test.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.slo4j.test.Fault;
import dev.slo4j.test.FaultInjector;
import dev.slo4j.test.FaultServer;
import dev.slo4j.test.InjectedFailure;
import dev.slo4j.test.TestClock;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/** A real WebClient on reactor-netty over real HTTP on loopback, with the filter in front. */
class FaultInjectingFilterTest {

  private final TestClock clock = TestClock.create();
  private final FaultInjector server = FaultInjector.of("payment-server", clock, 1);
  private FaultServer http;

  @BeforeEach
  void start() throws IOException {
    http = FaultServer.start().route("/pay", server, () -> "paid");
  }

  @AfterEach
  void stop() {
    http.close();
  }

  private WebClient client(FaultInjector faults) {
    return WebClient.builder().clientConnector(new ReactorClientHttpConnector())
        .filter(FaultInjectingFilter.of(faults)).build();
  }

  private String pay(WebClient client) {
    return client.get().uri(http.uri("/pay")).retrieve().bodyToMono(String.class).block();
  }

  @Test
  void aHealthyDependencyPassesThrough() {
    FaultInjector faults = FaultInjector.of("payment", clock, 1);

    assertThat(pay(client(faults))).isEqualTo("paid");
    assertThat(faults.calls()).isEqualTo(1);
    assertThat(server.calls()).isEqualTo(1);
  }

  @Test
  void anInjectedFailureLooksLikeAFailedConnectionAndNeverReachesTheServer() {
    FaultInjector faults = FaultInjector.of("payment", clock, 1).inject(Fault.outage());
    WebClient client = client(faults);

    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> pay(client))
          .isExactlyInstanceOf(WebClientRequestException.class)
          .hasMessage("GET " + http.uri("/pay") + ": payment: injected outage")
          .cause().isExactlyInstanceOf(IOException.class)
          .cause().isInstanceOf(InjectedFailure.class);
    }
    assertThat(faults.failures()).isEqualTo(5);
    assertThat(server.calls()).as("requests that reached the server").isZero();
  }

  @Test
  void aRefusedConnectionGivesTheCallerTheSameExceptionTypes() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    WebClient plain = WebClient.builder().clientConnector(new ReactorClientHttpConnector()).build();

    Throwable refused = catchThrowable(
        () -> plain.get().uri(URI.create("http://127.0.0.1:" + closed + "/pay")).retrieve().bodyToMono(String.class)
            .block());
    Throwable injected = catchThrowable(() -> pay(client(FaultInjector.of("payment", clock, 1)
        .inject(Fault.outage()))));

    assertThat(refused).isExactlyInstanceOf(WebClientRequestException.class).hasMessageContaining("Connection refused")
        .cause().isInstanceOf(java.net.ConnectException.class);
    assertThat(injected).isExactlyInstanceOf(refused.getClass()).cause().isInstanceOf(IOException.class);
    assertThat(((WebClientRequestException) injected).getUri()).isEqualTo(http.uri("/pay"));
  }

  @Test
  void aSeededErrorRateFailsTheSameCallsEveryRun() {
    List<Integer> first = failedCalls(FaultInjector.of("payment", clock, 7).inject(Fault.errors(0.3)));
    List<Integer> second = failedCalls(FaultInjector.of("payment", clock, 7).inject(Fault.errors(0.3)));
    List<Integer> otherSeed = failedCalls(FaultInjector.of("payment", clock, 8).inject(Fault.errors(0.3)));

    assertThat(first).hasSizeBetween(10, 50).isEqualTo(second).isNotEqualTo(otherSeed);
    assertThat(server.calls()).as("only the calls that passed reached the server")
        .isEqualTo(3 * 100 - first.size() - second.size() - otherSeed.size());
  }

  private List<Integer> failedCalls(FaultInjector faults) {
    WebClient client = client(faults);
    List<Integer> failed = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      try {
        assertThat(pay(client)).isEqualTo("paid");
      } catch (WebClientRequestException e) {
        assertThat(e).hasMessage("GET " + http.uri("/pay") + ": payment: injected 30% errors");
        failed.add(i);
      }
    }
    return failed;
  }

  @Test
  void injectedLatencyMovesTheTestClockBeforeTheRequestIsSent() {
    FaultInjector faults = FaultInjector.of("payment", clock, 1).inject(Fault.latency(Duration.ofSeconds(3)));
    long before = System.nanoTime();
    long at = clock.read();

    assertThat(pay(client(faults))).isEqualTo("paid");

    assertThat(Duration.ofNanos(clock.read() - at)).isEqualTo(Duration.ofSeconds(3));
    assertThat(Duration.ofNanos(System.nanoTime() - before)).as("wall time").isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void aPushbacksRetryAfterIsInTheCauseChain() {
    FaultInjector faults = FaultInjector.of("payment", clock, 1).inject(Fault.pushback(Duration.ofSeconds(30)));

    Throwable thrown = catchThrowable(() -> pay(client(faults)));

    assertThat(thrown).isInstanceOf(WebClientRequestException.class)
        .hasMessage("GET " + http.uri("/pay") + ": payment: injected pushback (Retry-After 30s)")
        .cause().isExactlyInstanceOf(IOException.class);
    assertThat(thrown.getCause().getCause()).isInstanceOfSatisfying(InjectedFailure.class,
        f -> assertThat(f.retryAfter()).contains(Duration.ofSeconds(30)));
  }

  @Test
  void eachResubscriptionIsAnAttemptSoRetriesAreCountedAndSuffer() {
    FaultInjector faults = FaultInjector.of("payment", clock, 1).inject(Fault.outage());

    assertThatThrownBy(() -> client(faults).get().uri(http.uri("/pay")).retrieve().bodyToMono(String.class)
        .retry(2).block()).isInstanceOf(WebClientRequestException.class);

    assertThat(faults.calls()).as("attempts").isEqualTo(3);
    assertThat(server.calls()).isZero();
  }

  @Test
  void aFaultsOwnFailureIsPassedOnAsItIs() {
    WebClientResponseException unavailable = WebClientResponseException.create(503, "Service Unavailable", null,
        null, null);
    FaultInjector faults = FaultInjector.of("payment", clock, 1).inject(Fault.errors(1.0, () -> unavailable));

    assertThatThrownBy(() -> pay(client(faults))).isSameAs(unavailable);
    assertThat(server.calls()).isZero();
  }
}
