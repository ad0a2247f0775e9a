package dev.slo4j.examples.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.slo4j.testing.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole loop with the real parts a user has: the example service on a random loopback port, a real Prometheus
 * scraping it every second with the rule file <em>checked into the repository</em>
 * ({@code src/main/resources/slo4j/checkout-service.rules.yml}, written by {@code mvn slo4j:generate}), traffic, an
 * outage of the payment provider. Proves that the checked-in rules select the series the running service publishes
 * (both SLIs have a recorded ratio of 0 before the outage), that the service finds them matching its SLOs at startup,
 * and that the page fires. How fast pages reset is proven by the generated promtool tests, on the SLOs' real 30-day
 * windows. Bounded: each wait has a deadline, traffic is one request every 20 ms.
 */
class EndToEndIT {

  /** The rule file checked into the repository, as a user's Prometheus loads it. */
  static final java.nio.file.Path CHECKED_IN = java.nio.file.Path.of("src/main/resources/slo4j/checkout-service.rules.yml");

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

  /**
   * The series recorded once per 5-minute tile, and those built from them: they appear only after the tiles group
   * first runs, up to 5 minutes after Prometheus starts.
   */
  @SuppressWarnings("unchecked")
  static java.util.Set<String> recordedFromTiles(String rules) {
    java.util.Map<String, Object> doc = new org.yaml.snakeyaml.Yaml().load(rules);
    java.util.Set<String> late = new java.util.HashSet<>();
    List<java.util.Map<String, Object>> groups = (List<java.util.Map<String, Object>>) doc.get("groups");
    for (int pass = 0; pass < 2; pass++) {
      for (java.util.Map<String, Object> g : groups) {
        for (java.util.Map<String, Object> r : (List<java.util.Map<String, Object>>) g.get("rules")) {
          Object record = r.get("record");
          if (record != null && (String.valueOf(g.get("name")).endsWith("-tiles")
              || late.stream().anyMatch(String.valueOf(r.get("expr"))::contains))) {
            late.add(record.toString());
          }
        }
      }
    }
    return late;
  }

  /** Polls until {@code condition} holds, at most {@code limit}; returns how long it took. */
  private static Duration await(Duration limit, String what, Await.Check condition) throws Exception {
    return Await.until(limit, what, condition);
  }

  /** Every rule group evaluated every few seconds (not the 5-minute tiles) has been evaluated after {@code t}. */
  private static boolean evaluatedAfter(PrometheusServer prometheus, Instant t) throws Exception {
    List<Map<String, Object>> groups = JsonPath.read(prometheus.get("/api/v1/rules").body(), "$.data.groups[*]");
    List<Map<String, Object>> frequent = groups.stream()
        .filter(g -> ((Number) g.get("interval")).doubleValue() < 60).toList();
    assertThat(frequent).as("rule groups evaluated every second").isNotEmpty();
    return frequent.stream().allMatch(g -> Instant.parse((String) g.get("lastEvaluation")).isAfter(t));
  }

  @Test
  void anOutagePagesWithinSecondsAndRecoveryResolvesItInARealPrometheus() throws Exception {
    PrometheusServer.executable();
    // As deployed: no override of the SLOs' configuration, and a service whose rules do not match stops. With the
    // faults profile, as the README's quick start runs it: POST /faults is off without it.
    ConfigurableApplicationContext app = SpringApplication.run(CheckoutApplication.class, "--server.port=0",
        "--server.address=127.0.0.1", "--spring.main.banner-mode=off", "--logging.level.root=WARN",
        "--slo4j.rules.verify=fail", "--spring.profiles.active=faults");
    AtomicBoolean driving = new AtomicBoolean(true);
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    Thread traffic = null;
    try {
      String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
      String rules = Files.readString(CHECKED_IN);
      String report = call(base, "GET", "/actuator/slos").body();
      assertThat(JsonPath.<Boolean>read(report, "$.rules.matches")).as(report).isTrue();
      assertThat(JsonPath.<String>read(report, "$.rules.fingerprint")).isEqualTo(JsonPath.read(report, "$.fingerprint"))
          .isEqualTo(dev.slo4j.declare.SloFingerprint.parse(rules).orElseThrow().digest());

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

        // Healthy: the checked-in rules select what the service publishes, for both SLIs: each ratio exists (no NaN,
        // no absent series) and is zero; nothing fires.
        for (String slo : List.of("checkout", "quote")) {
          await(Duration.ofSeconds(60), "a zero error ratio for " + slo, () -> prometheus.query(
              "slo4j:error_ratio:rate5m{service=\"checkout-service\",slo=\"" + slo + "\"}").contains("\"0\""));
        }
        // Three more evaluations of every rule on the healthy series (instead of a fixed wait): nothing fires.
        Instant healthy = Instant.now().plusSeconds(3);
        await(Duration.ofSeconds(60), "rule evaluations after " + healthy, () -> evaluatedAfter(prometheus, healthy));
        assertThat(pageFiring(prometheus.get("/api/v1/alerts").body())).isFalse();

        // Outage of the payment provider: the page fires.
        assertThat(call(base, "POST", "/faults?outage=true").statusCode()).isEqualTo(200);
        Duration detected = await(Duration.ofSeconds(60), "the checkout page alert",
            () -> pageFiring(prometheus.get("/api/v1/alerts").body()));
        // The recorded ratio says what the traffic was: well above the page threshold (14.4 x 0.1%).
        await(Duration.ofSeconds(30), "an error ratio above 1.44% over 5 minutes",
            () -> value(prometheus.query("slo4j:error_ratio:rate5m{slo=\"checkout\"}")) > 0.0144);

        // Every query of the generated Grafana dashboard parses and returns data from this Prometheus.
        List<dev.slo4j.ServiceLevelObjective> registered = app.getBean(dev.slo4j.SloRegistry.class).meters().stream()
            .map(dev.slo4j.SloMeter::slo).toList();
        java.util.Set<String> late = recordedFromTiles(rules);
        for (String expr : dev.slo4j.dashboard.GrafanaDashboard.expressions("checkout-service", registered)) {
          assertThat(prometheus.query(expr)).as(expr).contains("\"status\":\"success\"");
          if (expr.contains("slo=\"checkout\"") && late.stream().noneMatch(expr::contains)) {
            await(Duration.ofSeconds(30), "data for " + expr,
                () -> !JsonPath.<List<?>>read(prometheus.query(expr), "$.data.result").isEmpty());
          }
        }

        // Recovery; on a 30-day window the page resets once the 5-minute window is clean (promtool tests prove when).
        assertThat(call(base, "POST", "/faults").statusCode()).isEqualTo(200);

        driving.set(false);
        traffic.join(5_000);
        // Until a scrape after the last request (instead of a fixed wait): Prometheus holds the final counts.
        long sent = ok.get() + failed.get();
        await(Duration.ofSeconds(30), "Prometheus counting all " + sent + " requests",
            () -> value(prometheus.query("sum(slo4j_events_total{slo=\"checkout\"})")) >= sent);
        double total = value(prometheus.query("sum(slo4j_events_total{slo=\"checkout\"})"));
        double bad = value(prometheus.query("sum(slo4j_events_total{slo=\"checkout\",outcome=\"bad\"})"));
        System.out.printf(Locale.ROOT, "e2e (checked-in rules): page fired %.1f s after the outage began;"
            + " %d requests answered, %d failed; Prometheus counted %.0f events, %.0f bad%n",
            detected.toMillis() / 1000.0, ok.get(), failed.get(), total, bad);
        assertThat(total).as("every request sent is one event").isEqualTo(ok.get() + failed.get());
        assertThat(bad).as("every failed request is a bad event").isEqualTo(failed.get());
        assertThat(failed.get()).isPositive();
        assertThat(detected).as("a full outage pages as soon as the ratios hold it, plus scrape and evaluation")
            .isLessThan(Duration.ofSeconds(30));
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
