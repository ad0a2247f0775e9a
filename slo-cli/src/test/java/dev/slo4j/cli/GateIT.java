package dev.slo4j.cli;

import static dev.slo4j.cli.Slo4jCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slo4j.cli.Slo4jCommandTest.Run;
import dev.slo4j.testing.Prometheus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slo4j gate} against a real Prometheus 2.42 whose history holds the series slo4j's rules record, backfilled
 * with {@code promtool tsdb create-blocks-from openmetrics}: one service within budget, one low, one that spent it,
 * and one whose series are missing.
 */
class GateIT {

  @TempDir
  static Path dir;
  static Prometheus prometheus;

  /** Remaining budget and 1-hour error ratio per service: checkout of each service is 99.9%. */
  static final Map<String, double[]> HISTORY = Map.of(
      "healthy", new double[] {0.93, 0.0002},
      "low", new double[] {0.10, 0.0009},
      "spent", new double[] {-0.42, 0.02});

  @BeforeAll
  static void prometheusWithHistory() throws Exception {
    long now = System.currentTimeMillis() / 1000;
    StringBuilder om = new StringBuilder("# TYPE slo4j:error_budget_remaining:ratio gauge\n");
    HISTORY.forEach((service, v) -> {
      for (long t = now - 3600; t <= now - 60; t += 60) {
        om.append("slo4j:error_budget_remaining:ratio{service=\"").append(service)
            .append("\",slo=\"checkout\"} ").append(v[0]).append(' ').append(t).append('\n');
      }
    });
    om.append("# TYPE slo4j:error_ratio:rate1h gauge\n");
    HISTORY.forEach((service, v) -> {
      for (long t = now - 3600; t <= now - 60; t += 60) {
        om.append("slo4j:error_ratio:rate1h{service=\"").append(service).append("\",slo=\"checkout\"} ")
            .append(v[1]).append(' ').append(t).append('\n');
      }
    });
    om.append("# EOF\n");
    Path data = Prometheus.blocksFromOpenMetrics(dir, om);
    prometheus = Prometheus.start(data, "global: {scrape_interval: 1m}\n");
    for (String service : HISTORY.keySet()) {
      Files.writeString(dir.resolve(service + ".yaml"), """
          version: slo4j/v1
          service: %s
          slos:
            - name: checkout
              objective: 99.9%%
          """.formatted(service));
    }
    Files.writeString(dir.resolve("missing.yaml"), """
        version: slo4j/v1
        service: never-deployed
        slos:
          - name: checkout
            objective: 99.9%
        """);
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
  }

  private static Run gate(String spec, String... more) {
    String[] args = new String[4 + more.length];
    args[0] = "gate";
    args[1] = dir.resolve(spec).toString();
    args[2] = "--prometheus";
    args[3] = prometheus.url().toString();
    System.arraycopy(more, 0, args, 4, more.length);
    return run(args);
  }

  @Test
  void aServiceWithinBudgetGoes() {
    Run r = gate("healthy.yaml");
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("healthy/checkout").contains("93.0%").contains("0.20x").contains("go")
        .contains("release (no labels): GO");
  }

  @Test
  void aServiceLowOnBudgetGoesWithAWarning() {
    Run r = gate("low.yaml");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("10.0%").contains("warn").contains("GO");
  }

  @Test
  void aServiceThatSpentItsBudgetIsBlockedAndAnAllowedExceptionPassesSayingSo() {
    Run blocked = gate("spent.yaml", "--label", "feature");
    assertThat(blocked.exit()).isEqualTo(1);
    assertThat(blocked.out()).contains("-42.0%").contains("20.00x").contains("blocked")
        .contains("release labelled [feature]: BLOCKED: the error budget is spent");
    Run exception = gate("spent.yaml", "--label", "reliability", "--json", "-");
    assertThat(exception.exit()).isZero();
    assertThat(exception.out()).contains("allowed-exception")
        .contains("GO as an allowed exception to the freeze")
        .contains("{\"decision\":\"go\",\"exitCode\":0,\"labels\":[\"reliability\"]");
  }

  @Test
  void missingSeriesOrAnUnreachablePrometheusCannotTellAndNeverPass() throws Exception {
    Run missing = gate("missing.yaml");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.out()).contains("cannot-tell: no slo4j:error_budget_remaining:ratio")
        .contains("CANNOT-TELL");
    Run down = run("gate", dir.resolve("healthy.yaml").toString(), "--prometheus",
        "http://127.0.0.1:" + Prometheus.freePort(), "--timeout", "2s");
    assertThat(down.exit()).isEqualTo(2);
    assertThat(down.out()).contains("cannot be reached");
    Files.writeString(dir.resolve("other-policy.yaml"), """
        version: slo4j/v1
        service: low
        budgetPolicy: {warnBelow: 50%, freezeBelow: 20%}
        slos:
          - name: checkout
            objective: 99.9%
        """);
    Run twoPolicies = gate("other-policy.yaml");
    assertThat(twoPolicies.exit()).as("a spec's stricter policy freezes at 10%% remaining").isEqualTo(1);
    assertThat(twoPolicies.out()).contains("freeze below 20%");
    Run mixed = run("gate", dir.resolve("other-policy.yaml").toString(), dir.resolve("healthy.yaml").toString(),
        dir.resolve("spent.yaml").toString(), "--prometheus", prometheus.url().toString());
    assertThat(mixed.exit()).as("the workbook's default is no policy statement: one policy").isEqualTo(1);
    Run notPrometheus = run("gate", dir.resolve("healthy.yaml").toString(), "--prometheus", "ftp://x");
    assertThat(notPrometheus.exit()).isEqualTo(2);
    assertThat(notPrometheus.err()).contains("invalid input: --prometheus ftp://x is not an http(s) URL");
  }

  /** The Argo Rollouts AnalysisTemplate's queries, run on the same Prometheus, give the gate's answers. */
  @Test
  void theArgoAnalysisTemplateQueriesTheSameSeriesWithTheSameVerdicts() throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    for (String service : List.of("healthy", "spent", "missing")) {
      Path out = dir.resolve(service + "-argo.yml");
      assertThat(run("generate", dir.resolve(service + ".yaml").toString(), "--rules",
          dir.resolve(service + "-rules.yml").toString(), "--argo-analysis", out.toString()).exit()).isZero();
      Map<String, Object> doc = new org.yaml.snakeyaml.Yaml().load(Files.readString(out));
      assertThat(doc).containsEntry("kind", "AnalysisTemplate");
      @SuppressWarnings("unchecked")
      Map<String, Object> metric = ((List<Map<String, Object>>) ((Map<String, Object>) doc.get("spec")).get("metrics"))
          .get(0);
      assertThat(metric).containsEntry("count", 1).containsEntry("failureLimit", 0)
          .containsEntry("successCondition", "len(result) > 0 && result[0] > 0");
      @SuppressWarnings("unchecked")
      String query = (String) ((Map<String, Object>) ((Map<String, Object>) metric.get("provider")).get("prometheus"))
          .get("query");
      String body = http.send(java.net.http.HttpRequest.newBuilder(prometheus.url().resolve("/api/v1/query?query="
          + java.net.URLEncoder.encode(query, java.nio.charset.StandardCharsets.UTF_8))).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body();
      switch (service) {
        case "healthy" -> assertThat(body).as("success: 0.93 > 0").contains("\"0.93\"");
        case "spent" -> assertThat(body).as("failure: -0.42 <= 0").contains("\"-0.42\"");
        default -> assertThat(body).as("no result: inconclusive, the rollout pauses").contains("\"result\":[]");
      }
    }
  }
}
