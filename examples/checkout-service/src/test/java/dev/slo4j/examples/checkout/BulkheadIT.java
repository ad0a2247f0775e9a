package dev.slo4j.examples.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * A slow dependency cannot take the service down: the bulkhead in front of the dependencies ({@link Downstream}) sheds
 * the callers over its limit with a 503 at once, while the health check still answers. Scaled down from the default
 * 50 of Tomcat's 200 threads to 5 of 10, so 20 concurrent requests are more than the server has threads: without the
 * bulkhead they would all wait on the dependency and the health check with them. Bounded: 20 checkouts, a 1.5 s
 * injected latency (below the payment's 2 s deadline, so the admitted checkouts succeed: payment, then
 * recommendations, about 3 s), every wait has a deadline. With {@code checkout.downstream.concurrency-limit=1000}
 * (no bulkhead to speak of) this test fails: the health check times out after 2 s.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"server.address=127.0.0.1", "spring.main.banner-mode=off",
        "checkout.downstream.concurrency-limit=5", "server.tomcat.threads.max=10",
        // A dependency timeout well above the injected latency, so the bounds below have seconds of slack.
        "checkout.downstream.timeout=10s"})
@ActiveProfiles("faults")
class BulkheadIT {

  static final int REQUESTS = 20;
  static final long LATENCY_MS = 5_000;

  @LocalServerPort
  int port;

  @AfterEach
  void reset() throws Exception {
    assertThat(Http.post(port, "/faults").statusCode()).isEqualTo(200);
  }

  /** Sum of slo4j_events_total for the checkout SLO with this outcome, from the service's Prometheus endpoint. */
  private double checkoutEvents(String outcome) throws Exception {
    double sum = 0;
    for (String line : Http.get(port, "/actuator/prometheus").body().split("\n")) {
      if (line.startsWith("slo4j_events_total{") && line.contains("slo=\"checkout\"")
          && line.contains("outcome=\"" + outcome + "\"")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  record Answer(int status, long millis, String retryAfter) {}

  @Test
  void excessRequestsAreShedAtOnceWhileHealthStaysUp() throws Exception {
    assertThat(Http.get(port, "/checkout").statusCode()).as("warm-up").isEqualTo(200);
    assertThat(Http.post(port, "/faults?latencyMs=" + LATENCY_MS).statusCode()).isEqualTo(200);
    double badBefore = checkoutEvents("bad");

    ExecutorService clients = Executors.newFixedThreadPool(REQUESTS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Answer>> answers = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        answers.add(clients.submit(() -> {
          start.await();
          long t0 = System.nanoTime();
          HttpResponse<String> r = Http.get(port, "/checkout");
          return new Answer(r.statusCode(), (System.nanoTime() - t0) / 1_000_000,
              r.headers().firstValue("Retry-After").orElse(null));
        }));
      }
      start.countDown();

      // While the admitted checkouts wait on the slow payment provider, the service is healthy and answers at once.
      Thread.sleep(300);
      long t0 = System.nanoTime();
      HttpResponse<String> health = Http.send(Http.request(port, "/actuator/health")
          .timeout(Duration.ofSeconds(5)).GET().build());
      long healthMillis = (System.nanoTime() - t0) / 1_000_000;
      assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
      assertThat(health.body()).contains("\"UP\"");

      int ok = 0;
      List<Answer> shed = new ArrayList<>();
      for (Future<Answer> f : answers) {
        Answer a = f.get(30, TimeUnit.SECONDS);
        if (a.status() == 200) {
          ok++;
          assertThat(a.millis()).as("an admitted checkout waited for the latency").isGreaterThanOrEqualTo(LATENCY_MS - 100);
        } else {
          assertThat(a.status()).as("%s", a).isEqualTo(503);
          shed.add(a);
        }
      }
      System.out.printf("bulkhead: %d of %d checkouts answered after the %d ms latency, %d shed with 503 in at most %d ms;"
          + " health answered in %d ms%n", ok, REQUESTS, LATENCY_MS, shed.size(),
          shed.stream().mapToLong(Answer::millis).max().orElse(-1), healthMillis);
      assertThat(ok).as("the limit admits 5 at a time").isBetween(1, 10);
      assertThat(shed).as("more requests than the limit").hasSizeGreaterThanOrEqualTo(REQUESTS - 10);
      assertThat(shed).allSatisfy(a -> {
        // Before the dependency could have answered: a bulkhead that queued instead of shedding answers after it.
        assertThat(a.millis()).as("shed without waiting on the dependency").isLessThan(LATENCY_MS);
        assertThat(a.retryAfter()).isEqualTo("1");
      });
      // A shed checkout was not served: it is a bad event of the checkout SLO, not a hidden one.
      assertThat(checkoutEvents("bad") - badBefore).isEqualTo(shed.size());
    } finally {
      clients.shutdownNow();
    }
  }
}
