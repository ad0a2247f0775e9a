package dev.slo4j.examples.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole loop with the real parts: the example service on a random loopback port, a real Prometheus scraping it
 * every second with the rules the service itself serves, traffic, an outage of the payment provider, recovery. The
 * SLOs run on a one-day window, so the policy's windows scale down by 30 (the fast page tier reads 2 minutes and 10
 * seconds) and the test takes about a minute. Bounded: each wait has a deadline, traffic is one request every 20 ms.
 */
class EndToEndTest {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private HttpResponse<String> call(String base, String method, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).method(method, HttpRequest.BodyPublishers.noBody())
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static double value(String json) {
    List<String> values = JsonPath.read(json, "$.data.result[*].value[1]");
    assertThat(values).as("one sample in %s", json).hasSize(1);
    return Double.parseDouble(values.get(0));
  }

  private static boolean pageFiring(String alertsJson) {
    List<?> firing = JsonPath.read(alertsJson,
        "$.data.alerts[?(@.labels.slo == 'checkout' && @.labels.severity == 'page' && @.state == 'firing')]");
    return !firing.isEmpty();
  }

  /** Polls until {@code condition} holds, at most {@code limit}; returns how long it took. */
  private static Duration await(Duration limit, String what, Check condition) throws Exception {
    long start = System.nanoTime();
    while (System.nanoTime() - start < limit.toNanos()) {
      if (condition.holds()) {
        return Duration.ofNanos(System.nanoTime() - start);
      }
      Thread.sleep(250);
    }
    throw new AssertionError(what + " did not happen within " + limit);
  }

  @FunctionalInterface
  interface Check {
    boolean holds() throws Exception;
  }

  @Test
  void anOutagePagesWithinSecondsAndRecoveryResolvesItInARealPrometheus() throws Exception {
    PrometheusServer.executable();
    ConfigurableApplicationContext app = SpringApplication.run(CheckoutApplication.class, "--server.port=0",
        "--server.address=127.0.0.1", "--slo4j.defaults.window=1d", "--spring.main.banner-mode=off",
        "--logging.level.root=WARN");
    AtomicBoolean driving = new AtomicBoolean(true);
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    Thread traffic = null;
    try {
      String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
      String rules = call(base, "GET", "/actuator/slos/rules").body();
      assertThat(rules).contains("slo4j:error_ratio:rate10s").as("one-day windows").contains("rate2m");

      try (PrometheusServer prometheus = PrometheusServer.start(base.substring(7), "/actuator/prometheus", rules)) {
        traffic = new Thread(() -> {
          while (driving.get()) {
            try {
              int status = call(base, "GET", "/checkout").statusCode();
              (status == 200 ? ok : failed).incrementAndGet();
              Thread.sleep(20);
            } catch (InterruptedException e) {
              return;
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }
        }, "e2e-traffic");
        traffic.start();

        // Healthy: the ratio exists (no NaN, no absent series) and is zero; nothing fires.
        await(Duration.ofSeconds(60), "a zero error ratio for checkout",
            () -> prometheus.query("slo4j:error_ratio:rate10s{slo=\"checkout\"}").contains("\"0\""));
        Thread.sleep(5_000);
        assertThat(pageFiring(prometheus.get("/api/v1/alerts").body())).isFalse();

        // Outage of the payment provider: the page fires.
        call(base, "POST", "/faults?outage=true");
        Duration detected = await(Duration.ofSeconds(60), "the checkout page alert",
            () -> pageFiring(prometheus.get("/api/v1/alerts").body()));
        // Once the 10 s window holds only the outage, the recorded ratio says what the traffic was: all bad.
        await(Duration.ofSeconds(30), "an error ratio of 1 over 10 s",
            () -> value(prometheus.query("slo4j:error_ratio:rate10s{slo=\"checkout\"}")) > 0.99);

        // Every query of the generated Grafana dashboard parses and returns data from this Prometheus.
        List<dev.slo4j.Slo> registered = app.getBean(dev.slo4j.SloRegistry.class).meters().stream()
            .map(dev.slo4j.SloMeter::slo).toList();
        for (String expr : dev.slo4j.dashboard.GrafanaDashboard.expressions("checkout-service", registered)) {
          assertThat(prometheus.query(expr)).as(expr).contains("\"status\":\"success\"");
          if (expr.contains("slo=\"checkout\"")) {
            // The long windows come from 10 s tiles: they appear with the first tiles after Prometheus started.
            await(Duration.ofSeconds(30), "data for " + expr,
                () -> !JsonPath.<List<?>>read(prometheus.query(expr), "$.data.result").isEmpty());
          }
        }

        // Recovery: the page resolves once the short window is clean.
        call(base, "POST", "/faults");
        Duration resolved = await(Duration.ofSeconds(90), "the checkout page alert to resolve",
            () -> !pageFiring(prometheus.get("/api/v1/alerts").body()));

        driving.set(false);
        traffic.join(5_000);
        Thread.sleep(3_000); // two more scrapes: Prometheus holds the final counts
        double total = value(prometheus.query("sum(slo4j_events_total{slo=\"checkout\"})"));
        double bad = value(prometheus.query("sum(slo4j_events_total{slo=\"checkout\",outcome=\"bad\"})"));
        System.out.printf(Locale.ROOT, "e2e: page fired %.1f s after the outage began, resolved %.1f s after recovery;"
            + " %d requests answered, %d failed; Prometheus counted %.0f events, %.0f bad%n",
            detected.toMillis() / 1000.0, resolved.toMillis() / 1000.0, ok.get(), failed.get(), total, bad);
        assertThat(total).as("every request sent is one event").isEqualTo(ok.get() + failed.get());
        assertThat(bad).as("every failed request is a bad event").isEqualTo(failed.get());
        assertThat(failed.get()).isPositive();
        assertThat(detected).as("the fast tier pages within its short window plus scrape and evaluation")
            .isLessThan(Duration.ofSeconds(30));
        assertThat(resolved).as("reset within the short window (10 s) plus scrape, evaluation and the breaker's wait")
            .isLessThan(Duration.ofSeconds(45));
        assertThat(prometheus.log()).doesNotContain("level=error");
      }
    } finally {
      driving.set(false);
      if (traffic != null) {
        traffic.interrupt();
        traffic.join(5_000);
      }
      app.close();
    }
  }
}
