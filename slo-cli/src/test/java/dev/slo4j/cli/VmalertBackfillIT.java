package dev.slo4j.cli;

import static dev.slo4j.cli.Slo4jCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slo4j.cli.Slo4jCommandTest.Run;
import dev.slo4j.testing.VictoriaMetrics;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slo4j backfill --vmalert} on a real VictoriaMetrics and vmalert (Debian's {@code victoria-metrics}): the
 * history of {@link SevenDays} imported, the recorded series replayed by vmalert pass by pass, and read back at past
 * times against the raw events, as {@link BackfillIT} does on Prometheus.
 */
class VmalertBackfillIT {

  @TempDir
  static Path dir;
  static VictoriaMetrics vm;
  static SevenDays days;
  static Run backfill;

  @BeforeAll
  static void replaySevenDays() throws Exception {
    vm = VictoriaMetrics.start();
    days = new SevenDays(System.currentTimeMillis() / 1000);
    StringBuilder text = new StringBuilder();
    days.samples((series, value, t) -> text.append(series).append(' ').append(value).append(' ').append(t * 1000)
        .append('\n'));
    vm.importText(text.toString());
    BackfillTest.writeSpec(dir);
    long began = System.nanoTime();
    backfill = run("backfill", dir.resolve("shop.yaml").toString(), "--prometheus", vm.url().toString(),
        "--vmalert", "vmalert", "--from", Long.toString(days.start), "--to", Long.toString(days.end));
    System.out.printf("vmalert backfill of 7 days took %ds:%n%s%s", (System.nanoTime() - began) / 1_000_000_000L,
        backfill.out(), backfill.err());
  }

  @AfterAll
  static void stop() {
    if (vm != null) {
      vm.close();
    }
  }

  @Test
  void theBudgetAndTheWindowRatiosMatchTheRawEventsAtPastTimes() throws Exception {
    assertThat(backfill.exit()).as(backfill.out() + backfill.err()).isZero();
    assertThat(backfill.out()).contains("replayed by vmalert").contains("(alerts are not backfilled)");
    days.assertRecordedSeriesMatchTheRawEvents(vm.url());
  }

  @Test
  void dataDirAndVmalertTogetherAreInvalid() {
    Run both = run("backfill", dir.resolve("shop.yaml").toString(), "--prometheus", vm.url().toString(),
        "--vmalert", "vmalert", "--data-dir", dir.toString(), "--from", "now-1d");
    assertThat(both.exit()).isEqualTo(1);
    assertThat(both.err()).contains("give exactly one of --data-dir DIR (Prometheus) and --vmalert PATH");
  }
}
