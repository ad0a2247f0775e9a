package dev.slo4j.examples.plain;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.slo4j.LatencySli;
import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.SloMeter;
import dev.slo4j.SloRegistry;
import dev.slo4j.micrometer.MicrometerSloRecorder;
import dev.slo4j.micrometer.SloRegistryMetrics;
import dev.slo4j.resilience.Criticality;
import dev.slo4j.resilience.ResiliencePolicy;
import dev.slo4j.rules.RuleGenerator;
import dev.slo4j.rules.RuleSet;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * slo4j without Spring: SLOs declared in code, recorded into a Micrometer Prometheus registry, served by the JDK's HTTP
 * server, with a flaky in-process dependency behind a resilience policy and faults set at run time.
 *
 * <pre>
 *   java -jar examples/plain-java/target/plain-java.jar [port]
 *   curl localhost:8081/hello ; curl localhost:8081/metrics ; curl localhost:8081/rules
 *   curl -X POST 'localhost:8081/faults?errorRate=0.5'
 * </pre>
 */
public final class PlainJavaService {

  private static volatile double errorRate;

  private PlainJavaService() {}

  public static void main(String[] args) throws IOException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8081;
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    SloRegistry slos = SloRegistry.create(new MicrometerSloRecorder(prometheus));
    new SloRegistryMetrics(slos).bindTo(prometheus);

    SloMeter hello = slos.register(ServiceLevelObjective.builder("hello").service("plain-java").objective("99.9").build());
    SloMeter fast = slos.register(ServiceLevelObjective.builder("hello-latency").service("plain-java").objective("99")
        .sli(LatencySli.of(Duration.ofMillis(100))).build());
    ResiliencePolicy<String> greeting = ResiliencePolicy.<String>builder("greeting")
        .shedWhenBurning(hello.budget(), Criticality.OPTIONAL)
        .fallbackValue("hello (from the fallback)")
        .build();

    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/hello", ex -> {
      try {
        String body = fast.get(() -> hello.get(() -> greeting.get(PlainJavaService::flakyGreeting)));
        send(ex, 200, body);
      } catch (RuntimeException e) {
        send(ex, 500, "failed: " + e.getMessage());
      }
    });
    server.createContext("/metrics", ex -> send(ex, 200, prometheus.scrape()));
    server.createContext("/rules", ex -> {
      RuleSet rules = RuleGenerator.ofDefaults().generate(List.of(hello.slo(), fast.slo()));
      send(ex, 200, rules.toPrometheusRules(new RuleSet.Header("plain-java example", "curl /rules")));
    });
    server.createContext("/faults", ex -> {
      String q = ex.getRequestURI().getQuery();
      errorRate = q != null && q.startsWith("errorRate=") ? Double.parseDouble(q.substring(10)) : 0;
      send(ex, 200, "errorRate=" + errorRate);
    });
    server.start();
    System.out.println("plain-java example on http://localhost:" + port + " : /hello /metrics /rules /faults");
  }

  private static String flakyGreeting() {
    if (ThreadLocalRandom.current().nextDouble() < errorRate) {
      throw new UncheckedIOException(new IOException("greeting service unavailable"));
    }
    return "hello";
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
