package dev.slo4j.cli;

import static dev.slo4j.cli.Slo4jCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slo4j.cli.Slo4jCommandTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slo4j backfill}'s input checks: every bad input is exit 1 with one clear line, before anything runs. */
class BackfillTest {

  @TempDir
  Path dir;

  @BeforeEach
  void spec() throws Exception {
    Files.createDirectories(dir.resolve("data/wal"));
    writeSpec(dir);
  }

  /** {@code dir/shop.yaml}: the 99.9%, 30-day SLO {@code shop/checkout}. */
  static void writeSpec(Path dir) throws java.io.IOException {
    Files.writeString(dir.resolve("shop.yaml"), """
        version: slo4j/v1
        service: shop
        slos:
          - name: checkout
            objective: 99.9%
            window: 30d
        """);
  }

  private Run backfill(String... more) {
    List<String> args = new ArrayList<>(List.of("backfill", dir.resolve("shop.yaml").toString(), "--prometheus",
        "http://127.0.0.1:1", "--data-dir", dir.resolve("data").toString()));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  private static void invalid(Run r, String message) {
    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.err()).startsWith("invalid input: ").contains(message).doesNotContain("\tat ");
    assertThat(r.err().lines().count()).isEqualTo(1);
  }

  @Test
  void theTimeRangeMustBeForwardInThePastAndNoLongerThanTheWindowAndADay() {
    invalid(backfill("--from", "2026-11-26T00:00:00Z", "--to", "2026-11-26T00:00:00Z"),
        "--from 2026-11-26T00:00:00Z is not before --to 2026-11-26T00:00:00Z");
    invalid(backfill("--from", "now-1h", "--to", "now-2h"), "is not before --to");
    invalid(backfill("--from", "now-1h", "--to", "4102444800"), "is in the future");
    invalid(backfill("--from", "now-32d"), "is longer than the longest SLO window plus a day (31d)");
    invalid(backfill("--from", "yesterday\n\u0000"), "--from \"yesterday\\n\\u0000\" is not a time");
    invalid(backfill("--from", "now-99999999999d"), "--from");
  }

  @Test
  void optionsAreBounded() {
    invalid(backfill("--from", "now-1d", "--eval-interval", "1s"), "--eval-interval 1s is outside [10s, 5m]");
    invalid(backfill("--from", "now-1d", "--load-timeout", "2h"), "--load-timeout 2h is outside [1s, 30m]");
    invalid(run("backfill", dir.resolve("shop.yaml").toString(), "--prometheus", "ftp://x", "--data-dir",
        dir.resolve("data").toString(), "--from", "now-1d"), "--prometheus \"ftp://x\" is not an http(s) URL");
  }

  @Test
  void theDataDirectoryMustBeAPrometheusOne() throws Exception {
    invalid(run("backfill", dir.resolve("shop.yaml").toString(), "--prometheus", "http://127.0.0.1:1",
        "--data-dir", dir.resolve("none").toString(), "--from", "now-1d"), "is not a directory");
    invalid(run("backfill", dir.resolve("shop.yaml").toString(), "--prometheus", "http://127.0.0.1:1",
        "--data-dir", dir.toString(), "--from", "now-1d"), "is not a Prometheus data directory (no wal/ in it)");
  }

  @Test
  void invalidOrMissingSpecsAreExit1() throws Exception {
    Files.writeString(dir.resolve("bad.yaml"), "version: slo4j/v1\nservice: shop\nslos:\n  - name: x\n"
        + "    objective: 120%\n");
    Run bad = run("backfill", dir.resolve("bad.yaml").toString(), "--prometheus", "http://127.0.0.1:1",
        "--data-dir", dir.resolve("data").toString(), "--from", "now-1d");
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err()).contains("Invalid SLO spec");
    Run missing = run("backfill", dir.resolve("missing.yaml").toString(), "--prometheus", "http://127.0.0.1:1",
        "--data-dir", dir.resolve("data").toString(), "--from", "now-1d");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("missing.yaml");
  }

  @Test
  void oneTargetOnly() {
    invalid(run("backfill", dir.resolve("shop.yaml").toString(), "--prometheus", "http://127.0.0.1:1", "--from",
        "now-1d"), "give exactly one of --data-dir DIR (Prometheus) and --vmalert PATH (VictoriaMetrics)");
    invalid(backfill("--from", "now-1d", "--remote-write", "http://127.0.0.1:1"),
        "--remote-write applies with --vmalert only");
    invalid(run("backfill", dir.resolve("shop.yaml").toString(), "--prometheus", "http://127.0.0.1:1", "--vmalert",
        "vmalert", "--remote-write", "file:///etc/passwd", "--from", "now-1d"),
        "--remote-write \"file:///etc/passwd\" is not an http(s) URL");
  }

  @Test
  void aMissingVmalertIsExit2() {
    Run r = run("backfill", dir.resolve("shop.yaml").toString(), "--prometheus", "http://127.0.0.1:1", "--vmalert",
        dir.resolve("no-vmalert").toString(), "--from", "now-1d");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("vmalert not found");
  }

  @Test
  void aMissingPromtoolIsExit2() {
    Run r = backfill("--from", "now-1d", "--promtool", dir.resolve("no-promtool").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("promtool not found");
  }
}
