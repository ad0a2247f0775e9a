package dev.slo4j.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slo4j.LatencySli;
import dev.slo4j.ServiceLevelObjective;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrafanaDashboardTest {

  private final List<ServiceLevelObjective> slos = List.of(
      ServiceLevelObjective.builder("checkout").service("shop").objective("99.9").build(),
      ServiceLevelObjective.builder("quote").service("shop").objective("99").sli(LatencySli.of(Duration.ofMillis(300))).build(),
      ServiceLevelObjective.builder("other").service("elsewhere").objective("99").build());

  @Test
  void aRowPerSloWithBudgetBurnRatesSliAndAlertsReadingTheRecordedSeries() throws Exception {
    JsonNode d = new ObjectMapper().readTree(GrafanaDashboard.of("shop", slos));
    assertThat(d.get("title").asText()).isEqualTo("SLOs of shop");
    assertThat(d.get("uid").asText()).isEqualTo("slo4j-shop");
    List<String> titles = new ArrayList<>();
    d.get("panels").forEach(p -> titles.add(p.get("type").asText() + ": " + p.get("title").asText()));
    assertThat(titles).containsExactly(
        "row: checkout: 99.9% of calls succeed over 30d",
        "stat: Error budget remaining (30d)",
        "timeseries: Burn rate per window (1 = exactly on budget)",
        "timeseries: SLI over 5m vs objective",
        "timeseries: Alerts firing",
        "row: quote: 99% of calls complete within 300ms over 30d",
        "stat: Error budget remaining (30d)",
        "timeseries: Burn rate per window (1 = exactly on budget)",
        "timeseries: SLI over 5m vs objective",
        "timeseries: Alerts firing");
    JsonNode burn = d.get("panels").get(2).get("targets");
    List<String> legends = new ArrayList<>();
    burn.forEach(t -> legends.add(t.get("legendFormat").asText()));
    assertThat(legends).containsExactly("5m", "30m", "1h", "6h", "3d", "30d");
    assertThat(burn.get(0).get("expr").asText())
        .isEqualTo("slo4j:error_ratio:rate5m{service=\"shop\",slo=\"checkout\"} / 0.001");
    assertThat(d.get("panels").get(1).get("targets").get(0).get("expr").asText())
        .isEqualTo("slo4j:error_budget_remaining:ratio{service=\"shop\",slo=\"checkout\"}");
    assertThat(d.get("panels").get(4).get("targets").get(0).get("expr").asText())
        .contains("ALERTS{alertname=\"SloErrorBudgetBurn\",service=\"shop\",slo=\"checkout\",alertstate=\"firing\"}");
    // Panel ids are unique and grid positions do not overlap vertically within a column.
    List<Integer> ids = new ArrayList<>();
    d.get("panels").forEach(p -> ids.add(p.get("id").asInt()));
    assertThat(ids).doesNotHaveDuplicates();
  }

  @Test
  void theOutputIsDeterministicAndEveryExpressionIsListed() {
    assertThat(GrafanaDashboard.of("shop", slos)).isEqualTo(GrafanaDashboard.of("shop", slos));
    assertThat(GrafanaDashboard.expressions("shop", slos)).hasSize(2 * (1 + 6 + 2 + 1))
        .allSatisfy(e -> assertThat(e).contains("service=\"shop\""));
  }
}
