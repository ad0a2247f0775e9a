package dev.slo4j.cli;

import static dev.slo4j.cli.Slo4jCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.slo4j.cli.Slo4jCommandTest.Run;
import dev.slo4j.testing.Prometheus;
import dev.slo4j.testing.Promtool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code slo4j report} and {@code slo4j postmortem} against a real Prometheus 2.42 on four days of synthetic history
 * with known incidents. The raw counters ({@code slo4j_events_total}, one sample a minute) and the {@code ALERTS}
 * of the incidents are written as OpenMetrics and turned into blocks by {@code promtool tsdb create-blocks-from
 * openmetrics}; the series slo4j's generated rules record are backfilled from them by {@code promtool tsdb
 * create-blocks-from rules} on the real rule file (three passes: tiles, then the window's ratio, then the budget).
 * The report's numbers are compared with the ones computed here from the synthetic events.
 */
class ReportIT {

  @TempDir
  static Path dir;
  static Prometheus prometheus;
  static History history;

  /** 1,000 events a minute; 1 bad a minute (0.1x of a 99% objective) and three incidents. */
  static final class History {
    static final int PER_MINUTE = 1000;
    final Instant start;
    final int[] bad;

    History(Instant start, int days) {
      this.start = start;
      this.bad = new int[days * 1440];
      java.util.Arrays.fill(bad, 1);
      incident(minute(1, 10, 0), 30, 500); // A: 50x for 30 minutes, paged
      incident(minute(2, 14, 0), 3, 1000); // B: a full outage for 3 minutes, paged, resolved within 5 minutes
      incident(minute(3, 2, 0), 120, 30); // C: 3x for 2 hours, no alert fired: missed detection
    }

    int minute(int day, int hour, int min) {
      return day * 1440 + hour * 60 + min;
    }

    Instant at(int minute) {
      return start.plus(Duration.ofMinutes(minute));
    }

    private void incident(int from, int minutes, int badPerMinute) {
      for (int m = from; m < from + minutes; m++) {
        bad[m] = badPerMinute;
      }
    }

    /** Bad events of the minutes in (from, to]. */
    long bad(Instant from, Instant to) {
      long sum = 0;
      for (int m = 0; m < bad.length; m++) {
        if (!at(m).isBefore(from) && !at(m + 1).isAfter(to)) {
          sum += bad[m];
        }
      }
      return sum;
    }

    long total(Instant from, Instant to) {
      return Duration.between(max(from, start), min(to, at(bad.length))).toMinutes() * PER_MINUTE;
    }

    static Instant max(Instant a, Instant b) {
      return a.isAfter(b) ? a : b;
    }

    static Instant min(Instant a, Instant b) {
      return a.isBefore(b) ? a : b;
    }
  }

  /** The alert episodes of the incidents, as ALERTS records them: one sample a minute while firing. */
  static final List<Object[]> ALERTS = List.of(
      new Object[] {"SloErrorBudgetBurn", "page", 1, 10, 2, 31}, // A's page fires 10:02 to 10:33
      new Object[] {"SloErrorBudgetBurn", "ticket", 1, 10, 10, 50}, // A's ticket fires 10:10 to 11:00
      new Object[] {"SloErrorBudgetBurn", "page", 2, 14, 1, 3}, // B's page: 14:01 to 14:04, resolved within 5 minutes
      // A ticket of slo4j's absent-SLI alert (a scrape gap as Prometheus saw it): on-call load, not budget detection.
      new Object[] {"SloSliAbsent", "ticket", 0, 20, 0, 15},
      // Another rule's page on the same labels: not slo4j's, not counted.
      new Object[] {"HighErrorRate", "page", 2, 3, 0, 20});

  static boolean watchesTheBudget(Object[] alert) {
    return ((String) alert[0]).startsWith("SloErrorBudget");
  }

  @BeforeAll
  static void prometheusWithHistory() throws Exception {
    Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(5));
    history = new History(start, 4);
    StringBuilder om = new StringBuilder("# TYPE slo4j_events counter\n");
    for (String outcome : List.of("good", "bad")) {
      long count = 0;
      for (int m = 0; m <= history.bad.length; m++) {
        om.append("slo4j_events_total{outcome=\"").append(outcome)
            .append("\",slo=\"checkout\",slo_service=\"shop\"} ").append(count).append(' ')
            .append(history.at(m).getEpochSecond()).append('\n');
        if (m < history.bad.length) {
          count += outcome.equals("bad") ? history.bad[m] : History.PER_MINUTE - history.bad[m];
        }
      }
    }
    om.append("# TYPE ALERTS gauge\n");
    // OpenMetrics wants each series' samples together and in time order: the episodes of one alert name and
    // severity (one series) one after the other.
    for (String series : ALERTS.stream().map(a -> a[0] + "/" + a[1]).distinct().toList()) {
      for (Object[] a : ALERTS) {
        if (!series.equals(a[0] + "/" + a[1])) {
          continue;
        }
        int first = history.minute((int) a[2], (int) a[3], (int) a[4]);
        for (int m = first; m <= first + (int) a[5]; m++) {
          om.append("ALERTS{alertname=\"").append(a[0]).append("\",alertstate=\"firing\",service=\"shop\",")
              .append("severity=\"").append(a[1]).append("\",slo=\"checkout\"} 1 ")
              .append(history.at(m).getEpochSecond()).append('\n');
        }
      }
    }
    om.append("# EOF\n");
    Path data = Prometheus.blocksFromOpenMetrics(dir, om);
    Files.writeString(dir.resolve("shop.yaml"), """
        version: slo4j/v1
        service: shop
        slos:
          - name: checkout
            objective: 99%
            description: "Customers <b>pay</b> | *fast*"
          - name: never-deployed
            objective: 99.9%
        """);
    Run generate = run("generate", dir.resolve("shop.yaml").toString(), "--rules",
        dir.resolve("shop.rules.yml").toString());
    assertThat(generate.exit()).as(generate.err()).isZero();
    // The recorded series the report reads, backfilled by Prometheus' own tool from the raw counters with the
    // generated rules: three passes, since a rule reading another recorded series sees it only once that one's
    // blocks are loaded (each pass keeps only the rules it needs: the whole file takes minutes).
    List<List<String>> passes = List.of(List.of("slo4j:bad_events:rate5m", "slo4j:total_events:rate5m"),
        List.of("slo4j:error_ratio:rate30d"), List.of("slo4j:error_budget_remaining:ratio"));
    for (int pass = 0; pass < passes.size(); pass++) {
      Path rules = dir.resolve("pass-" + pass + ".rules.yml");
      Files.writeString(rules, only(Files.readString(dir.resolve("shop.rules.yml")), passes.get(pass)));
      prometheus = Prometheus.start(data, "global: {scrape_interval: 1m}\n");
      Path out = dir.resolve("backfill-" + pass);
      Promtool.Result made = Promtool.run(dir, "tsdb", "create-blocks-from", "rules", "--quiet",
          "--start=" + history.start.getEpochSecond(), "--end=" + history.at(history.bad.length).getEpochSecond(),
          "--url=" + prometheus.url(), "--output-dir=" + out, rules.toString());
      assertThat(made.exitCode()).as(made.output()).isZero();
      prometheus.close();
      try (Stream<Path> written = Files.list(out)) {
        for (Path block : written.toList()) {
          Files.move(block, data.resolve(block.getFileName()));
        }
      }
    }
    prometheus = Prometheus.start(data, "global: {scrape_interval: 1m}\n");
  }

  /** The rule file with only the recording rules named (each group keeps its interval). */
  @SuppressWarnings("unchecked")
  static String only(String ruleFile, List<String> records) {
    Map<String, Object> doc = new Yaml().load(ruleFile);
    List<Map<String, Object>> groups = new ArrayList<>();
    for (Map<String, Object> g : (List<Map<String, Object>>) doc.get("groups")) {
      List<Map<String, Object>> rules = ((List<Map<String, Object>>) g.get("rules")).stream()
          .filter(r -> r.get("record") != null && records.contains(r.get("record"))).toList();
      if (!rules.isEmpty()) {
        Map<String, Object> kept = new java.util.LinkedHashMap<>(g);
        kept.put("rules", rules);
        groups.add(kept);
      }
    }
    return new Yaml().dump(Map.of("groups", groups));
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
  }

  static Run report(Instant from, Instant to, String... more) {
    List<String> args = new ArrayList<>(List.of("report", dir.resolve("shop.yaml").toString(), "--prometheus",
        prometheus.url().toString(), "--from", from.toString(), "--to", to.toString()));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> json(Run r) {
    assertThat(r.exit()).as(r.err()).isZero();
    return (Map<String, Object>) new Yaml().load(r.out());
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> slo(Map<String, Object> report, String name) {
    return ((List<Map<String, Object>>) report.get("slos")).stream().filter(s -> s.get("slo").equals(name))
        .findFirst().orElseThrow();
  }

  static double num(Map<String, Object> m, String key) {
    return ((Number) m.get(key)).doubleValue();
  }

  @Test
  @SuppressWarnings("unchecked")
  void attainmentBudgetAndEpisodesMatchTheSyntheticEventsWithinOneEvaluationInterval() {
    Instant from = history.at(history.minute(0, 12, 0));
    Instant to = history.at(history.bad.length);
    Map<String, Object> report = json(report(from, to, "--json", "-"));
    Map<String, Object> checkout = slo(report, "checkout");
    long bad = history.bad(from, to);
    long total = history.total(from, to);
    // Within one evaluation interval: a tile is rate(...[5m]) evaluated every 5 minutes at the group's offset, which
    // sees 5 of the minute samples (4 intervals) and extrapolates them by 5/4; at an incident's edges that moves at
    // most one scrape interval of its events, 1.25 minutes at its rate. Plus a tile of baseline at the period's edges.
    double tolerance = 1.25 * (500 + 1000 + 30) + 10;
    assertThat(num(checkout, "totalEvents")).isCloseTo(total, within(5.0 * History.PER_MINUTE + 1));
    assertThat(num(checkout, "badEvents")).isCloseTo(bad, within(tolerance));
    double attainment = 1 - (double) bad / total;
    assertThat(num(checkout, "attainment")).isCloseTo(attainment, within(tolerance / total));
    double seconds = Duration.between(from, to).toSeconds();
    double windowBudget = 0.01 * total / seconds * Duration.ofDays(30).toSeconds();
    assertThat(num(checkout, "budgetSpent")).isCloseTo(bad / windowBudget, within(tolerance / windowBudget));
    assertThat(num(checkout, "outageMinutes")).isCloseTo((double) bad / total * seconds / 60,
        within(tolerance / total * seconds / 60));
    // The budget left at the end of the 30-day window, as the rules record it (hourly sums: up to an hour behind).
    long allTotal = history.total(history.start, to);
    double remaining = 1 - (double) history.bad(history.start, to) / allTotal / 0.01;
    assertThat(num(checkout, "budgetRemainingAtEnd")).isCloseTo(remaining, within(tolerance / allTotal / 0.01
        + 0.005));

    List<Map<String, Object>> episodes = (List<Map<String, Object>>) checkout.get("burnEpisodes");
    assertThat(episodes).hasSize(3);
    int[][] incidents = {{history.minute(1, 10, 0), 30, 500}, {history.minute(2, 14, 0), 3, 1000},
        {history.minute(3, 2, 0), 120, 30}};
    for (int i = 0; i < 3; i++) {
      Map<String, Object> e = episodes.get(i);
      Instant start = history.at(incidents[i][0]);
      Instant end = history.at(incidents[i][0] + incidents[i][1]);
      assertThat(Duration.between(start, Instant.parse((String) e.get("start"))).abs())
          .as("episode %d start", i).isLessThanOrEqualTo(Duration.ofMinutes(5));
      assertThat(Duration.between(end, Instant.parse((String) e.get("end"))).abs())
          .as("episode %d end", i).isLessThanOrEqualTo(Duration.ofMinutes(5));
      long episodeBad = history.bad(start.minus(Duration.ofMinutes(5)), end.plus(Duration.ofMinutes(5)));
      assertThat(num(e, "badEvents")).as("episode %d bad events", i)
          .isCloseTo(episodeBad, within(1.25 * incidents[i][2] + 10));
      // Peak: an incident longer than two tiles has whole tiles at its rate (500 bad a minute: 50x the allowed 1%).
      // One shorter than a tile is spread by rate() over the tiles it touches: each sees 5 of the minute samples and
      // extrapolates their 4 intervals to 5 minutes, so B's 3 minutes read as 1 to 3 minutes x 1.25 in one tile.
      double rate = incidents[i][2] / 1000.0 / 0.01;
      if (incidents[i][1] > 10) {
        assertThat(num(e, "peakBurnRate")).as("episode %d peak", i).isCloseTo(rate, within(rate * 0.02));
      } else {
        assertThat(num(e, "peakBurnRate")).as("episode %d peak", i)
            .isBetween(1.25 * incidents[i][2] / 5000 / 0.01, 1.25 * incidents[i][1] * incidents[i][2] / 5000 / 0.01 + 1);
      }
    }
    assertThat(((Number) episodes.get(0).get("alerts")).intValue()).isEqualTo(2);
    assertThat(((Number) episodes.get(2).get("alerts")).intValue()).as("C fired nothing").isZero();

    // On-call load: two pages (one resolved within 5 minutes), two tickets (the burn ticket and the absent-SLI one),
    // over 3.5 days; the other rule's page is not slo4j's.
    Map<String, Object> onCall = (Map<String, Object>) report.get("onCall");
    assertThat(onCall).containsEntry("pages", 2).containsEntry("tickets", 2).containsEntry("pagesResolvedWithin5m", 1)
        .containsEntry("ticketsResolvedWithin5m", 0);
    assertThat(num(onCall, "pagesPerWeek")).isCloseTo(2 / 0.5, within(0.01));
    assertThat(num(onCall, "ticketsPerWeek")).isCloseTo(2 / 0.5, within(0.01));
    List<Map<String, Object>> alerts = (List<Map<String, Object>>) checkout.get("alerts");
    assertThat(alerts).extracting(a -> a.get("alert") + " " + a.get("severity")).containsExactly(
        "SloSliAbsent ticket", "SloErrorBudgetBurn page", "SloErrorBudgetBurn ticket", "SloErrorBudgetBurn page");
    assertThat(alerts.get(0)).containsEntry("start", history.at(history.minute(0, 20, 0)).toString());
    assertThat(num(alerts.get(0), "seconds")).isCloseTo(15 * 60, within(60.0));
    Map<String, Object> page = alerts.get(1);
    assertThat(page).containsEntry("severity", "page").containsEntry("start",
        history.at(history.minute(1, 10, 2)).toString());
    assertThat(num(page, "seconds")).isCloseTo(31 * 60, within(60.0));
    // Budget spent while no alert fired: C and the baseline outside the alerts' steps.
    long unalerted = 0;
    for (int m = history.minute(0, 12, 0); m < history.bad.length; m += 5) {
      Instant s = history.at(m);
      Instant e = history.at(m + 5);
      // Only alerts on the budget detect its spending: not the absent-SLI ticket, not another rule's page.
      boolean alerted = ALERTS.stream().filter(ReportIT::watchesTheBudget).anyMatch(x -> {
        Instant as = history.at(history.minute((int) x[2], (int) x[3], (int) x[4]));
        return !as.plus(Duration.ofMinutes((int) x[5])).isBefore(s) && !as.isAfter(e);
      });
      unalerted += alerted ? 0 : history.bad(s, e);
    }
    double unalertedShare = unalerted / windowBudget;
    // Where the rules' tiles start an incident before its alert's first step (the group's evaluation offset), its
    // first tile counts as unalerted too: at most one tile of A (5 minutes at 500) and all of B (3 at 1,000), x 1.25.
    assertThat(num(checkout, "budgetSpentUnalerted")).isBetween(unalertedShare - 10 / windowBudget,
        unalertedShare + 1.25 * (5 * 500 + 3 * 1000 + 10) / windowBudget);

    Map<String, Object> never = slo(report, "never-deployed");
    assertThat(never).containsEntry("hasData", false).containsEntry("attainment", null)
        .containsEntry("budgetSpent", null);
  }

  @Test
  void aPeriodWithoutDataSaysSoAndNeverClaims100Percent() throws IOException {
    Instant from = history.start.minus(Duration.ofDays(3));
    Instant to = history.start.minus(Duration.ofDays(1));
    Map<String, Object> checkout = slo(json(report(from, to, "--json", "-")), "checkout");
    assertThat(checkout).containsEntry("hasData", false).containsEntry("attainment", null)
        .containsEntry("budgetSpent", null);
    Path md = dir.resolve("empty.md");
    Run r = report(from, to, "--markdown", md.toString());
    assertThat(r.exit()).isZero();
    assertThat(r.err()).contains("2 without data in the period");
    String text = Files.readString(md);
    assertThat(text).contains("**No data**").doesNotContain("100.000%");
    assertThat(text.lines().filter(l -> l.startsWith("| shop / checkout")).findFirst().orElseThrow())
        .contains("| no data |");
  }

  @Test
  void markdownSaysWhatHappenedWithDeclaredTextEscaped() {
    Run r = report(history.at(history.minute(0, 12, 0)), history.at(history.bad.length), "--markdown", "-");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("| shop / checkout | 99% |").contains("## On-call load")
        .contains("| pages | 2 | 4.0 |").contains("| tickets | 2 | 4.0 |")
        .contains("| SloSliAbsent ticket | " + history.at(history.minute(0, 20, 0)) + " | ")
        .contains("Customers &lt;b&gt;pay&lt;\\/b&gt; \\| \\*fast\\*")
        .doesNotContain("<b>").doesNotContain("HighErrorRate");
  }

  @Test
  void anUnreachablePrometheusExits2AndInvalidInputExits1() throws IOException {
    Instant from = history.start;
    Instant to = history.start.plus(Duration.ofDays(1));
    Run down = run("report", dir.resolve("shop.yaml").toString(), "--prometheus",
        "http://127.0.0.1:" + Prometheus.freePort(), "--from", from.toString(), "--to", to.toString(),
        "--timeout", "2s");
    assertThat(down.exit()).isEqualTo(2);
    assertThat(down.err()).contains("cannot report: Prometheus at http://127.0.0.1:").contains("cannot be reached");
    assertThat(down.err()).doesNotContain("Exception\n\tat");
    Run notPrometheus = run("report", dir.resolve("shop.yaml").toString(), "--prometheus",
        prometheus.url() + "/graph", "--from", from.toString(), "--to", to.toString());
    assertThat(notPrometheus.exit()).as(notPrometheus.err()).isEqualTo(2);
    for (String[] bad : List.of(new String[] {"--from", "yesterday"}, new String[] {"--to", "2999-01-01"},
        new String[] {"--from", "2020-01-01", "--to", "2022-01-01"}, new String[] {"--prometheus", "ftp://x"},
        new String[] {"--timeout", "-1s"}, new String[] {"--unknown"})) {
      List<String> args = new ArrayList<>(List.of("report", dir.resolve("shop.yaml").toString(), "--prometheus",
          prometheus.url().toString()));
      args.addAll(List.of(bad));
      Run r = run(args.toArray(String[]::new));
      assertThat(r.exit()).as(String.join(" ", bad) + ": " + r.err()).isEqualTo(1);
      assertThat(r.err()).doesNotContain("\tat ");
    }
    Files.writeString(dir.resolve("invalid.yaml"), "version: slo4j/v1\nservice: shop\nslos:\n  - name: x\n"
        + "    objective: 150%\n");
    Run invalid = run("report", dir.resolve("invalid.yaml").toString(), "--prometheus", prometheus.url().toString());
    assertThat(invalid.exit()).isEqualTo(1);
    assertThat(invalid.err()).contains("objective");
  }

  /** A postmortem draft of incident A: its measured timeline, impact and alerts; the blameless sections blank. */
  @Test
  void aPostmortemDraftOfAnIncidentHasItsTimelineImpactAndBlankSections() {
    Instant from = history.at(history.minute(1, 9, 30));
    Instant to = history.at(history.minute(1, 11, 30));
    Run r = run("postmortem", dir.resolve("shop.yaml").toString(), "--prometheus", prometheus.url().toString(),
        "--from", from.toString(), "--to", to.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    String md = r.out();
    assertThat(md).startsWith("# Postmortem draft: shop / checkout, ")
        .contains("## Impact (measured)").contains("## Timeline (UTC, measured)").contains("## Root causes\n\n_To fill in._")
        .contains("## What went well\n\n_To fill in._").contains("## Action items").contains("## Lessons learned")
        .contains("alert `SloErrorBudgetBurn` page fired " + history.at(history.minute(1, 10, 2)))
        .contains("| " + history.at(history.minute(1, 10, 2)) + " | shop / checkout: page fires |")
        .contains("peak burn rate 50.0x")
        .contains("- page: " + history.at(history.minute(1, 10, 2)));
    // A's 15,000 bad events (30 minutes at 500) plus the baseline of the 2 hours, within one evaluation interval.
    java.util.regex.Matcher impact = java.util.regex.Pattern.compile("\\| shop / checkout \\| 99% \\| ([0-9,]+) \\|")
        .matcher(md);
    assertThat(impact.find()).as(md).isTrue();
    assertThat(Double.parseDouble(impact.group(1).replace(",", ""))).isCloseTo(history.bad(from, to),
        within(1.25 * 500 + 10));
    Run incomplete = run("postmortem", dir.resolve("shop.yaml").toString(), "--prometheus",
        prometheus.url().toString(), "--from", from.toString());
    assertThat(incomplete.exit()).isEqualTo(1);
    assertThat(incomplete.err()).contains("give --from and --to");
    // The second burn episode of the period (B): 30 minutes either side of it and its page.
    String start = history.at(history.minute(0, 12, 0)).toString();
    String end = history.at(history.bad.length).toString();
    Run second = run("postmortem", dir.resolve("shop.yaml").toString(), "--prometheus", prometheus.url().toString(),
        "--from", start, "--to", end, "--episode", "2");
    assertThat(second.exit()).as(second.err()).isZero();
    assertThat(second.out()).contains("alert `SloErrorBudgetBurn` page fired " + history.at(history.minute(2, 14, 1)))
        .doesNotContain(history.at(history.minute(1, 10, 2)).toString());
    Run beyond = run("postmortem", dir.resolve("shop.yaml").toString(), "--prometheus", prometheus.url().toString(),
        "--from", start, "--to", end, "--episode", "4");
    assertThat(beyond.exit()).isEqualTo(1);
    assertThat(beyond.err()).contains("--episode 4: the period from").contains("has 3 burn episodes");
  }

  /** The HTML page, rendered by headless Chromium (Debian's chromium): its charts are there and have points. */
  @Test
  void theHtmlPageRendersInChromiumWithItsChartsDrawn() throws Exception {
    Path html = dir.resolve("report.html");
    Run r = report(history.at(history.minute(0, 12, 0)), history.at(history.bad.length), "--html", html.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    String page = Files.readString(html);
    assertThat(page).doesNotContain("<script").doesNotContain("src=").doesNotContain("http://")
        .doesNotContain("https://").doesNotContain("<b>pay");
    String dom = chromium("--dump-dom", html);
    assertThat(dom).contains("<h1>SLO report</h1>").contains("Customers &lt;b&gt;pay&lt;/b&gt; | *fast*");
    java.util.regex.Matcher svg = java.util.regex.Pattern.compile("<svg class=\"chart ([a-z-]+)\"").matcher(dom);
    List<String> charts = new ArrayList<>();
    while (svg.find()) {
      charts.add(svg.group(1));
    }
    assertThat(charts).as("checkout's three charts; never-deployed has none (no data)")
        .containsExactly("burn-down", "error-ratio", "timeline");
    for (String line : List.of("budget", "ideal", "ratio", "objective")) {
      java.util.regex.Matcher path = java.util.regex.Pattern.compile("<path class=\"" + line + "\" d=\"([^\"]*)\"")
          .matcher(dom);
      assertThat(path.find()).as(line).isTrue();
      long points = path.group(1).chars().filter(c -> c == 'M' || c == 'L').count();
      assertThat(points).as(line + " points").isGreaterThanOrEqualTo(2);
      if (line.equals("ratio") || line.equals("budget")) {
        assertThat(points).as(line + ": a point per 5-minute step over 3.5 days").isGreaterThan(1000);
      }
    }
    assertThat(dom.split("<rect class=\"page\"", -1)).as("two pages on the timeline").hasSize(3);
    assertThat(dom.split("<rect class=\"ticket\"", -1)).as("two tickets: burn and absent SLI").hasSize(3);
    assertThat(dom.split("<rect class=\"burn\"", -1)).as("three burn episodes").hasSize(4);
    Path png = dir.resolve("report.png");
    chromium("--screenshot=" + png, html);
    assertThat(Files.size(png)).as("a screenshot of the page").isGreaterThan(20_000);
  }

  /** Runs headless Chromium on the file; returns its standard output. Missing, it fails: it never skips. */
  static String chromium(String action, Path file) throws IOException, InterruptedException {
    String exe = System.getProperty("slo4j.chromium", "chromium");
    boolean found = exe.contains("/") ? Files.isExecutable(Path.of(exe))
        : Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
            .anyMatch(d -> Files.isExecutable(Path.of(d, exe)));
    if (!found) {
      throw new AssertionError("chromium was not found (" + exe + "); install Debian's package: apt-get install -y"
          + " chromium (.ci/run does). The HTML report's test renders the page; it does not skip.");
    }
    Path profile = Files.createTempDirectory(dir, "chromium");
    Process p = new ProcessBuilder(exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile, "--window-size=1200,2000", action, file.toUri().toString())
        .redirectError(dir.resolve("chromium.log").toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (!p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish in 2 minutes");
    }
    assertThat(p.exitValue()).as(Files.readString(dir.resolve("chromium.log"))).isZero();
    return out;
  }
}
