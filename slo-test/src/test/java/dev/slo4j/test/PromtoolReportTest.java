package dev.slo4j.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

/**
 * The parser on what promtool 2.42 really printed: {@code promtool-2.42-alert-report.txt} is its output for a 30-minute
 * healthy phase, a 3-minute outage and 10 minutes of recovery on a 99.9% SLO, with a platform label whose value has a
 * quote, a backslash, ", x=" and "}", non-ASCII and astral characters, a tab and a line feed.
 */
class PromtoolReportTest {

  static final String TEAM = "pay\"ments\\, x=\"y\"} \u00e9\u2603 \uD83D\uDE00 tab\there\nnew";

  static String realOutput() throws IOException {
    try (InputStream in = PromtoolReportTest.class.getResourceAsStream("promtool-2.42-alert-report.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void readsEveryEvaluationAndEveryAlertOfRealPromtoolOutput() throws IOException {
    SortedMap<Duration, List<SortedMap<String, String>>> fired = PromtoolReport.parse(realOutput());

    assertThat(fired.keySet()).containsExactlyElementsOf(
        java.util.stream.IntStream.rangeClosed(31, 43).mapToObj(Duration::ofMinutes).toList());
    assertThat(fired.get(Duration.ofMinutes(31))).hasSize(1);
    SortedMap<String, String> page = fired.get(Duration.ofMinutes(31)).get(0);
    assertThat(page).containsExactly(
        java.util.Map.entry("alertname", "SloErrorBudgetBurn"),
        java.util.Map.entry("service", "shop"),
        java.util.Map.entry("severity", "page"),
        java.util.Map.entry("slo", "checkout"),
        java.util.Map.entry("team", TEAM));
    assertThat(fired.get(Duration.ofMinutes(32))).extracting(l -> l.get("severity")).containsExactly("page", "ticket");
  }

  @Test
  void noFailuresMeansNoAlerts() {
    assertThat(PromtoolReport.parse("Unit Testing:  scenario.test.yml\n  SUCCESS\n\n")).isEmpty();
  }

  @Test
  void readsPrometheusDurationsAsPromtoolPrintsThem() {
    assertThat(PromtoolReport.duration("0s")).isEqualTo(Duration.ZERO);
    assertThat(PromtoolReport.duration("1h2m")).isEqualTo(Duration.ofMinutes(62));
    assertThat(PromtoolReport.duration("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(PromtoolReport.duration("1d1m")).isEqualTo(Duration.ofDays(1).plusMinutes(1));
    assertThat(PromtoolReport.duration("1w1d")).isEqualTo(Duration.ofDays(8));
    assertThat(PromtoolReport.duration("1y")).isEqualTo(Duration.ofDays(365));
    assertThat(PromtoolReport.duration("2m500ms")).isEqualTo(Duration.ofMillis(120_500));
    for (String bad : List.of("", "1x", "h", "1h 2m", "-1m")) {
      assertThatThrownBy(() -> PromtoolReport.duration(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not a Prometheus duration");
    }
  }

  @Test
  void readsGoEscapesInLabelValues() {
    assertThat(PromtoolReport.labels("{a=\"\\a\\b\\f\\v\\x41\\u00e9\\U0001F600\\101\", b=\"\"}"))
        .containsEntry("a", "\u0007\b\f\u000bA\u00e9\uD83D\uDE00A").containsEntry("b", "");
    assertThat(PromtoolReport.labels("{}")).isEmpty();
  }

  @Test
  void malformedLabelSetsFailLoudly() {
    assertThatThrownBy(() -> PromtoolReport.labels("{a=\"x\"")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PromtoolReport.labels("{a=\"x\" b=\"y\"}")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PromtoolReport.parse("Labels:{a=\"x\"}")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside an alert test");
  }
}
