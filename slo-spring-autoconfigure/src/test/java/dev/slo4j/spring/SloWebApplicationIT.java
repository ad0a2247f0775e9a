package dev.slo4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slo4j.annotation.Slo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.http.HttpStatus;

/** The whole starter in a real web application, over real HTTP on loopback. */
@SpringBootTest(classes = SloWebApplicationIT.ShopApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.application.name=shop",
    // Boot 3.5 turns metrics export off in tests unless asked (Boot 4 does not); this test needs the real scrape.
    "management.defaults.metrics.export.enabled=true", "management.prometheus.metrics.export.enabled=true",
    "management.endpoints.web.exposure.include=health,prometheus,slos",
    // Replaces the buckets of slo4j's timer, as a platform team's config might: the SLO bucket must survive.
    "management.metrics.distribution.slo.slo4j.latency=1s,2s",
    "slo4j.defaults.labels.team=payments",
    "slo4j.slos.orders-http.observation=http.server.requests",
    "slo4j.slos.orders-http.match.uri=/orders",
    "slo4j.slos.orders-http.objective=99.5"})
class SloWebApplicationIT {

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import({ShopController.class, Inventory.class})
  static class ShopApplication {}

  /** An {@code @Observed} operation that no SLO judges: the readiness report names it. */
  static class Inventory {
    @io.micrometer.observation.annotation.Observed(name = "inventory.count")
    public int count() {
      return 3;
    }
  }

  @RestController
  static class ShopController {
    @GetMapping("/checkout")
    @Slo(name = "checkout", description = "Customers can pay")
    public String checkout(@RequestParam(defaultValue = "false") boolean fail) {
      if (fail) {
        throw new IllegalStateException("payment provider down");
      }
      return "paid";
    }

    @GetMapping("/quote")
    @Slo(name = "quote", latency = "300ms")
    public CompletionStage<String> quote() {
      return CompletableFuture.supplyAsync(() -> "42");
    }

    /** User-facing, and no SLO watches it: the readiness report names it. */
    @GetMapping("/basket")
    public String basket() {
      return "[]";
    }

    @GetMapping("/orders")
    public String orders(@RequestParam(defaultValue = "200") int status) {
      if (status != 200) {
        throw new ResponseStatusException(HttpStatus.valueOf(status));
      }
      return "[]";
    }
  }

  @Value("${local.server.port}")
  int port;

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static double sample(String scrape, String name, String... labels) {
    return scrape.lines()
        .filter(l -> l.startsWith(name + "{"))
        .filter(l -> java.util.Arrays.stream(labels).allMatch(l::contains))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  @Test
  void annotatedControllersAndRoutesFromPropertiesAreMeasuredAndPublished() throws Exception {
    String before = get("/actuator/prometheus").body().lines().filter(l -> l.startsWith("slo4j"))
        .collect(java.util.stream.Collectors.joining("\n"));
    assertThat(sample(before, "slo4j_events_total", "slo=\"checkout\"", "outcome=\"bad\"", "slo_service=\"shop\""))
        .as("series at zero before the first request").isZero();
    assertThat(before).contains("slo4j_events_total{outcome=\"bad\",slo=\"orders-http\",slo_service=\"shop\"} 0.0");

    assertThat(get("/checkout").statusCode()).isEqualTo(200);
    assertThat(get("/checkout").statusCode()).isEqualTo(200);
    assertThat(get("/checkout?fail=true").statusCode()).isEqualTo(500);
    assertThat(get("/quote").body()).isEqualTo("42");
    assertThat(get("/orders").statusCode()).isEqualTo(200);
    assertThat(get("/orders?status=404").statusCode()).as("a 404 is the service working").isEqualTo(404);
    assertThat(get("/orders?status=503").statusCode()).isEqualTo(503);

    String scrape = get("/actuator/prometheus").body().lines().filter(l -> l.startsWith("slo4j"))
        .collect(java.util.stream.Collectors.joining("\n"));
    assertThat(sample(scrape, "slo4j_events_total", "slo=\"checkout\"", "outcome=\"good\"")).isEqualTo(2);
    assertThat(sample(scrape, "slo4j_events_total", "slo=\"checkout\"", "outcome=\"bad\"")).isEqualTo(1);
    assertThat(sample(scrape, "slo4j_events_total", "slo=\"orders-http\"", "outcome=\"good\"")).isEqualTo(2);
    assertThat(sample(scrape, "slo4j_events_total", "slo=\"orders-http\"", "outcome=\"bad\"")).isEqualTo(1);
    assertThat(sample(scrape, "slo4j_latency_seconds_count", "slo=\"quote\"")).isEqualTo(1);
    assertThat(sample(scrape, "slo4j_latency_seconds_bucket", "slo=\"quote\"", "le=\"0.3\""))
        .as("the SLO bucket survives management.metrics.distribution.slo").isEqualTo(1);
    assertThat(sample(scrape, "slo4j_latency_seconds_bucket", "slo=\"quote\"", "le=\"1.0\""))
        .as("the platform's own buckets stay too").isEqualTo(1);
    assertThat(scrape).contains("slo4j_burn_rate{slo=\"checkout\",slo_service=\"shop\",window=\"5m\"}");
  }

  @Test
  void theSlosEndpointListsEverySloWithItsBudgetAndServesTheRules() throws Exception {
    get("/checkout?fail=true");
    HttpResponse<String> slos = get("/actuator/slos");
    assertThat(slos.statusCode()).isEqualTo(200);
    com.jayway.jsonpath.DocumentContext json = com.jayway.jsonpath.JsonPath.parse(slos.body());
    assertThat(json.read("$.service", String.class)).isEqualTo("shop");
    assertThat(json.<java.util.List<String>>read("$.slos[*].name"))
        .containsExactlyInAnyOrder("checkout", "quote", "orders-http");
    assertThat(json.<java.util.List<String>>read("$.slos[?(@.name == 'checkout')].objective")).containsExactly("99.9%");
    assertThat(json.<java.util.List<String>>read("$.slos[?(@.name == 'checkout')].window")).containsExactly("30d");
    assertThat(json.<java.util.List<Number>>read("$.slos[?(@.name == 'checkout')].burnRates.5m"))
        .singleElement().satisfies(rate -> assertThat(rate.doubleValue()).isGreaterThan(14.4));
    assertThat(json.<java.util.List<String>>read("$.slos[?(@.name == 'checkout')].status"))
        .singleElement().isIn("burning", "exhausted");
    assertThat(json.<java.util.List<String>>read("$.slos[?(@.name == 'orders-http')].objective"))
        .containsExactly("99.5%");
    assertThat(json.<java.util.List<String>>read("$.slos[?(@.name == 'quote')].status")).containsExactly("healthy");

    assertThat(json.read("$.budgetPolicy", String.class))
        .isEqualTo("warn below 25%, freeze when spent, except [reliability, rollback, security]");
    assertThat(json.<java.util.List<String>>read("$.slos[?(@.name == 'quote')].release")).containsExactly("go");
    assertThat(json.read("$.readiness.ready", Boolean.class)).isFalse();
    assertThat(json.<java.util.List<String>>read("$.readiness.routesWithoutSlo"))
        .as("/checkout and /quote carry @Slo, /orders is watched from properties, /basket by nothing")
        .containsExactly("GET /basket (ShopController#basket)");
    assertThat(json.<java.util.List<String>>read("$.readiness.operationsWithoutSlo"))
        .containsExactly("inventory.count (Inventory#count)");
    assertThat(json.<java.util.List<String>>read("$.readiness.problems"))
        .anySatisfy(p -> assertThat(p).contains("slo 'checkout' of service 'shop': its alerts have no runbook_url"))
        .noneSatisfy(p -> assertThat(p).contains("no owner"));

    HttpResponse<String> rules = get("/actuator/slos/rules");
    assertThat(rules.statusCode()).isEqualTo(200);
    assertThat(rules.body()).contains("slo4j:error_ratio:rate5m").contains("alert: SloErrorBudgetBurn")
        .contains("slo: checkout").contains("team: payments");
    assertThat(get("/actuator/slos/nothing").statusCode()).isEqualTo(404);
  }
}
