package dev.slo4j.cli;

import static dev.slo4j.cli.Slo4jCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slo4j.cli.Slo4jCommandTest.Run;
import dev.slo4j.testing.Prometheus;
import dev.slo4j.testing.Promtool;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slo4j backfill} on a real Prometheus 2.42 and promtool: 7 days of raw {@code slo4j_events_total} (1,000
 * events a minute, 0.05% bad, and a 30-minute incident at 10% bad on day 4), turned into blocks by {@code promtool
 * tsdb create-blocks-from openmetrics}, then the recorded series of a 99.9%/30d SLO backfilled over the 7 days. The
 * budget, the SLO-window ratio and the 3-day ratio read back at past times match the ratios computed from the raw
 * events, within 5% of one tile (5 minutes of the incident's bad events); measured: at most 0.7% of a tile.
 */
class BackfillIT {

  @TempDir
  static Path dir;
  static Prometheus prometheus;
  static SevenDays days;
  static Run backfill;
  static long backfillSeconds;

  @BeforeAll
  static void backfillSevenDays() throws Exception {
    days = new SevenDays(System.currentTimeMillis() / 1000);
    StringBuilder om = new StringBuilder("# TYPE slo4j_events counter\n");
    days.samples((series, value, t) -> om.append(series).append(' ').append(value).append(' ').append(t).append('\n'));
    om.append("# EOF\n");
    Files.writeString(dir.resolve("history.om"), om);
    Path data = Files.createDirectories(dir.resolve("data"));
    Promtool.Result blocks = Promtool.run(dir, "tsdb", "create-blocks-from", "openmetrics", "history.om",
        data.toString());
    assertThat(blocks.exitCode()).as(blocks.output()).isZero();
    prometheus = Prometheus.start(data, "global: {scrape_interval: 1m}\n");
    BackfillTest.writeSpec(dir);
    long began = System.nanoTime();
    backfill = run("backfill", dir.resolve("shop.yaml").toString(), "--prometheus", prometheus.url().toString(),
        "--data-dir", data.toString(), "--from", Long.toString(days.start), "--to", Long.toString(days.end));
    backfillSeconds = Duration.ofNanos(System.nanoTime() - began).toSeconds();
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
  }

  @Test
  void theBudgetAndTheWindowRatiosMatchTheRawEventsAtPastTimes() throws Exception {
    assertThat(backfill.exit()).as(backfill.out() + backfill.err()).isZero();
    assertThat(backfill.out()).contains("pass 1 of").contains("(alerts are not backfilled)");
    System.out.printf("backfill of 7 days took %ds:%n%s", backfillSeconds, backfill.out());
    days.assertRecordedSeriesMatchTheRawEvents(prometheus.url());
  }

  @Test
  void aRangeThatAlreadyHoldsRecordedSeriesIsRefused() {
    assertThat(backfill.exit()).isZero();
    Run again = run("backfill", dir.resolve("shop.yaml").toString(), "--prometheus", prometheus.url().toString(),
        "--data-dir", dir.resolve("data").toString(), "--from", Long.toString(days.start), "--to", Long.toString(days.end));
    assertThat(again.exit()).as(again.out() + again.err()).isEqualTo(1);
    assertThat(again.err()).contains("already has samples between --from").contains("delete_series");
  }

  @Test
  void anUnreachablePrometheusIsExit2() throws Exception {
    Run down = run("backfill", dir.resolve("shop.yaml").toString(), "--prometheus",
        "http://127.0.0.1:" + Prometheus.freePort(), "--data-dir", dir.resolve("data").toString(), "--from", "now-1d");
    assertThat(down.exit()).as(down.out() + down.err()).isEqualTo(2);
    assertThat(down.err()).contains("cannot be reached").doesNotContain("\tat ");
  }
}
