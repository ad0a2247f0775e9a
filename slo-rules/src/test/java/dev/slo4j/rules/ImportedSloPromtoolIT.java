package dev.slo4j.rules;

import dev.slo4j.project.RuleFiles;

import dev.slo4j.testing.Promtool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.spec.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: the promtool tests of SLOs over existing metrics (Sloth and OpenSLO imports, {@code sli.events}) were
 * {@code tests: []}, which promtool reports as a success while proving nothing. Now they feed counters that the SLO's
 * own queries select and prove, like slo4j's own, that a full outage pages and a steady 1x burn never does; the proof
 * fails when the alert is broken.
 */
class ImportedSloPromtoolIT {

  @TempDir Path dir;

  RuleFiles files(String spec) {
    return files(dir, spec);
  }

  static RuleFiles files(Path dir, String spec) {
    List<ServiceLevelObjective> slos = SpecLoader.parse(spec, "spec.yaml");
    return RuleFiles.builder(slos).rules(dir.resolve("r.yml").toString()).tests(dir.resolve("t.yml").toString())
        .build();
  }

  String write(RuleFiles f) throws Exception {
    return write(dir, f);
  }

  static String write(Path dir, RuleFiles f) throws Exception {
    for (Map.Entry<String, String> e : f.files().entrySet()) {
      Files.writeString(Path.of(e.getKey()), e.getValue());
    }
    return f.files().get(dir.resolve("t.yml").toString());
  }

  static final String SLOTH = """
      version: prometheus/v1
      service: myservice
      slos:
        - name: requests-availability
          objective: 99.9
          sli:
            events:
              error_query: sum(rate(http_request_duration_seconds_count{job="myservice",code=~"(5..|429)"}[{{.window}}]))
              total_query: sum(rate(http_request_duration_seconds_count{job="myservice"}[{{.window}}]))
          alerting:
            name: MyServiceHighErrorRate
            page_alert: {labels: {severity: critical}}
      """;

  @Test
  void aSlothImportIsTestedOnTheSeriesItsQueriesSelectAndABrokenAlertFailsTheTest() throws Exception {
    String tests = write(files(SLOTH));
    assertThat(tests).doesNotContain("tests: []").contains(
        "http_request_duration_seconds_count{code=\"500\", instance=\"test-1\", job=\"myservice\"}",
        "http_request_duration_seconds_count{code=\"200\", instance=\"test-1\", job=\"myservice\"}",
        "a full outage after", "never pages");
    Promtool.assertTestsPass(dir, "t.yml");
    // The proof can fail: an alert that cannot fire any more fails it.
    Path rules = dir.resolve("r.yml");
    Files.writeString(rules, Files.readString(rules).replace("> 0.0144", "> 1.5").replace("> 0.006", "> 1.5"));
    assertThat(Promtool.run(dir, "test", "rules", "t.yml").exitCode()).isNotZero();
  }

  @Test
  void goodOverTotalAndTwoCountersOfTheirOwnAreTestedToo() throws Exception {
    String tests = write(files("""
        version: slo4j/v1
        service: shop
        slos:
          - name: good-ratio
            objective: 99.5%
            sli:
              events:
                goodQuery: sum(rate(http_requests_total{job="shop",code!~"5.."}[{{.window}}]))
                totalQuery: sum(rate(http_requests_total{job="shop"}[{{.window}}]))
          - name: two-counters
            objective: 99%
            sli:
              events:
                badQuery: sum(increase(shop_errors_total{kind=~"timeout|crash"}[{{.window}}]))
                totalQuery: sum(increase(shop_requests_total[{{.window}}]))
        """));
    assertThat(tests).doesNotContain("Not tested").contains("shop_errors_total{instance=\"test-1\", kind=\"timeout\"}",
        "shop_requests_total{instance=\"test-1\"}", "http_requests_total{code=\"200\"");
    Promtool.assertTestsPass(dir, "t.yml");
  }
}
