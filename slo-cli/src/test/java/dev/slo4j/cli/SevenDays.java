package dev.slo4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.data.Offset;

/**
 * The backfill tests' history: 7 days of raw {@code slo4j_events_total} of the SLO {@code shop/checkout} (99.9% over
 * 30 days), one sample a minute, 1,000 events a minute, 0.05% bad, and a 30-minute incident at 10% bad on day 4; and
 * the check that the backfilled budget, SLO-window ratio and 3-day ratio match the ratios of these raw events.
 */
final class SevenDays {

  private static final int INCIDENT_START = 3 * 1440 + 600;
  private static final int INCIDENT_MINUTES = 30;
  private static final double TOTAL_PER_MINUTE = 1000;
  private static final double OBJECTIVE = 0.999;

  /** The first sample (an hour), and the last (a minute before {@code now}), in Unix seconds. */
  final long start;
  final long end;

  SevenDays(long now) {
    end = now / 60 * 60 - 60;
    start = now / 3600 * 3600 - 7 * 86400;
  }

  interface Sample {
    void accept(String series, double value, long unixSeconds);
  }

  static double bad(int minute) {
    return minute >= INCIDENT_START && minute < INCIDENT_START + INCIDENT_MINUTES ? 100 : 0.5;
  }

  /** Every sample, series by series, in time order. */
  void samples(Sample sample) {
    for (String outcome : new String[] {"bad", "good"}) {
      double count = 0;
      for (int k = 0; start + 60L * k <= end; k++) {
        count += outcome.equals("bad") ? bad(k) : TOTAL_PER_MINUTE - bad(k);
        sample.accept("slo4j_events_total{outcome=\"" + outcome + "\",slo=\"checkout\",slo_service=\"shop\"}", count,
            start + 60L * k);
      }
    }
  }

  /** Bad over total events of the raw minutes whose sample time is in (from, to]. */
  double ratio(long from, long to) {
    double bad = 0;
    double total = 0;
    for (int k = 0; start + 60L * k <= end; k++) {
      long t = start + 60L * k;
      if (t > from && t <= to) {
        bad += bad(k);
        total += TOTAL_PER_MINUTE;
      }
    }
    return bad / total;
  }

  /** One tile (5 minutes) of the incident's bad events, as a share of the events in a window. */
  double tile(long from, long to) {
    return 5 * 100 / (TOTAL_PER_MINUTE * (Math.min(to, end) - Math.max(from, start)) / 60);
  }

  static double query(URI server, String query, long at) throws Exception {
    String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.resolve(
        "/api/v1/query?time=" + at + "&query=" + URLEncoder.encode(query, StandardCharsets.UTF_8))).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    Matcher m = Pattern.compile("\"value\":\\[[0-9.]+,\"([^\"]+)\"]").matcher(body);
    assertThat(m.find()).as("%s at %d: %s", query, at, body).isTrue();
    return Double.parseDouble(m.group(1));
  }

  /**
   * At four past times (before the incident, after it, after the 3-day window passed it, the end), the recorded 30d
   * and 3d ratios are within 5% of a tile of the raw events' ratios, and the budget is 1 - ratio / 0.1%.
   */
  void assertRecordedSeriesMatchTheRawEvents(URI server) throws Exception {
    long[] times = {start + 2 * 86400 + 1800, start + 3 * 86400 + 12 * 3600 + 1800,
        start + 6 * 86400 + 20 * 3600 + 1800, end / 3600 * 3600 - 1800};
    String sel = "{service=\"shop\",slo=\"checkout\"}";
    double worst = 0;
    for (long t : times) {
      // The SLO window ends at the last full hour (hourly subquery).
      long hour = t / 3600 * 3600;
      double window = query(server, "slo4j:error_ratio:rate30d" + sel, t);
      double expected = ratio(hour - 30 * 86400, hour);
      double tol = tile(start, hour);
      double budget = query(server, "slo4j:error_budget_remaining:ratio" + sel, t);
      // The 3-day ratio is recorded every 5 minutes: its window ends within 5 minutes before t.
      double threeDays = query(server, "slo4j:error_ratio:rate3d" + sel, t);
      double expected3d = ratio(t - 3 * 86400, t);
      double tol3d = tile(t - 3 * 86400, t);
      System.out.printf("t=start+%.2fh: 30d ratio %.7f (raw events %.7f, error %.1e, tile %.1e); budget %.4f "
              + "(raw %.4f); 3d ratio %.7f (raw %.7f, error %.1e, tile %.1e)%n", (t - start) / 3600.0, window,
          expected, window - expected, tol, budget, 1 - expected / (1 - OBJECTIVE), threeDays, expected3d,
          threeDays - expected3d, tol3d);
      // Measured: at most 0.7% of a tile (the incident's edges fall inside tiles); asserted within 5% of one.
      assertThat(window).as("30d ratio at %d", t).isCloseTo(expected, Offset.offset(tol / 20));
      assertThat(budget).as("budget at %d", t).isCloseTo(1 - window / (1 - OBJECTIVE), Offset.offset(1e-9));
      assertThat(threeDays).as("3d ratio at %d", t).isCloseTo(expected3d, Offset.offset(tol3d / 20));
      worst = Math.max(worst, Math.abs(window - expected) / tol);
    }
    System.out.printf("worst 30d-ratio error: %.4f tiles%n", worst);
    // Before the incident the budget is half spent (0.05% of 0.1%); after it, the incident's 3,000 bad events show.
    assertThat(query(server, "slo4j:error_budget_remaining:ratio" + sel, times[0])).isCloseTo(0.5, Offset.offset(0.01));
    assertThat(query(server, "slo4j:error_budget_remaining:ratio" + sel, times[3])).isLessThan(0.4);
  }
}
