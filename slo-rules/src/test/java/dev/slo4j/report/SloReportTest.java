package dev.slo4j.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.slo4j.ServiceLevelObjective;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a report derives from the steps and alerts, on numbers worked out by hand. */
class SloReportTest {

  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  private static final ServiceLevelObjective SLO = ServiceLevelObjective.builder("checkout").service("shop")
      .objective("99.9").window("30d").build();

  /** A day of 5-minute steps of 1,000 events, none bad except {@code bad[i]} at step i. */
  static SloReport day(int[][] bad, List<SloReport.AlertEpisode> alerts) {
    List<SloReport.Step> steps = new ArrayList<>();
    for (int i = 1; i <= 288; i++) {
      int b = 0;
      for (int[] x : bad) {
        b = x[0] == i ? x[1] : b;
      }
      steps.add(new SloReport.Step(T0.plus(Duration.ofMinutes(5L * i)), b, 1000));
    }
    return new SloReport(SLO, Duration.ofMinutes(5), steps, 0.9, alerts);
  }

  @Test
  void attainmentBudgetAndOutageMinutes() {
    SloReport r = day(new int[][] {{10, 100}, {11, 100}, {100, 1}}, List.of());
    assertThat(r.badEvents()).isEqualTo(201);
    assertThat(r.totalEvents()).isEqualTo(288_000);
    assertThat(r.attainment()).isCloseTo(1 - 201 / 288_000.0, within(1e-12));
    // The window's budget at this traffic: 0.1% of 1,000 events per 5 minutes over 30 days = 8,640 events.
    assertThat(r.budgetSpent()).isCloseTo(201 / 8640.0, within(1e-12));
    // 201 bad of 288,000 over a day: 1.005 minutes of full outage; the whole budget is 43.2 minutes.
    assertThat(r.outageMinutes()).isCloseTo(1.005, within(1e-9));
    assertThat(r.budgetMinutes()).isCloseTo(43.2, within(1e-9));
  }

  @Test
  void burnEpisodesAreConsecutiveStepsOver1xWithTheirPeakBudgetAndAlerts() {
    SloReport.AlertEpisode page = new SloReport.AlertEpisode("SloErrorBudgetBurn", "page", T0.plus(Duration.ofMinutes(52)),
        T0.plus(Duration.ofMinutes(56)));
    SloReport r = day(new int[][] {{10, 100}, {11, 50}, {12, 1}, {100, 2}}, List.of(page));
    List<SloReport.BurnEpisode> episodes = r.burnEpisodes();
    assertThat(episodes).hasSize(2);
    SloReport.BurnEpisode first = episodes.get(0);
    assertThat(first.start()).isEqualTo(T0.plus(Duration.ofMinutes(45)));
    assertThat(first.end()).isEqualTo(T0.plus(Duration.ofMinutes(55)));
    assertThat(first.peakBurnRate()).isCloseTo(100, within(1e-9));
    assertThat(first.badEvents()).isEqualTo(150);
    assertThat(first.budgetSpent()).isCloseTo(150 / 8640.0, within(1e-12));
    assertThat(first.alerts()).containsExactly(page);
    assertThat(episodes.get(1).peakBurnRate()).isCloseTo(2, within(1e-9));
    assertThat(episodes.get(1).alerts()).isEmpty();
    // Unalerted: step 10 (100 bad in 45-50) burnt before the page fired at 52, step 100's 2 with no alert; steps 11
    // and 12 (50-55, 55-60) overlap the page.
    assertThat(r.budgetSpentUnalerted()).isCloseTo(102 / 8640.0, within(1e-12));
    assertThat(page.resolvedWithin5Minutes()).isTrue();
  }

  @Test
  void noEventsIsNoDataNever100Percent() {
    SloReport none = new SloReport(SLO, Duration.ofMinutes(5), List.of(), null, List.of());
    assertThat(none.hasData()).isFalse();
    assertThat(none.attainment()).isNull();
    assertThat(none.budgetSpent()).isNull();
    assertThat(none.budgetSpentUnalerted()).isNull();
    Report report = new Report(new Period(T0, T0.plus(Duration.ofDays(1))), List.of(none));
    assertThat(report.toMarkdown()).contains("**No data**").doesNotContain("100.000%");
    assertThat(report.toJson()).contains("\"attainment\":null").contains("\"hasData\":false");
    assertThat(report.toHtml()).contains("<strong>No data</strong>").doesNotContain("<svg");
  }

  @Test
  void onCallLoadCountsPagesAndTicketsPerWeekAndTheQuickOnes() {
    List<SloReport.AlertEpisode> alerts = List.of(
        new SloReport.AlertEpisode("SloErrorBudgetBurn", "page", T0, T0.plus(Duration.ofMinutes(3))),
        new SloReport.AlertEpisode("SloErrorBudgetBurn", "page", T0.plusSeconds(7200), T0.plusSeconds(7200 + 1800)),
        new SloReport.AlertEpisode("SloErrorBudgetBurn", "ticket", T0, T0.plus(Duration.ofHours(5))));
    SloReport r = new SloReport(SLO, Duration.ofMinutes(5), List.of(), null, alerts);
    OnCall o = new Report(new Period(T0, T0.plus(Duration.ofDays(14))), List.of(r)).onCall();
    assertThat(o.pages()).isEqualTo(2);
    assertThat(o.pagesPerWeek()).isEqualTo(1.0);
    assertThat(o.ticketsPerWeek()).isEqualTo(0.5);
    assertThat(o.pagesWithin5Minutes()).isEqualTo(1);
    assertThat(o.pageTime()).isEqualTo(Duration.ofMinutes(33));
  }
}
