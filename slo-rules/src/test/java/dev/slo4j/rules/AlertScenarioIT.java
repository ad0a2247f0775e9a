package dev.slo4j.rules;

import dev.slo4j.testing.Promtool;

import static dev.slo4j.rules.AlertScenario.hours;
import static dev.slo4j.rules.AlertScenario.min;

import dev.slo4j.LatencySli;
import dev.slo4j.ServiceLevelObjective;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What slo4j's alerts do on synthetic traffic, proven with the real {@code promtool test rules}, and the same scenarios
 * run against Sloth's generated rules for comparison. Every number in {@code docs/rules.md}'s tables is asserted here.
 *
 * <p>All slo4j scenarios are for 99.9% (availability) or 99% (latency, 300ms) over 30 days with the Workbook policy;
 * three instances serving 1, 2 and 3 thousand events a minute, so the fleet sum is exercised. Rules are evaluated every
 * minute (promtool evaluates every group at the test's interval, the 5-minute tile group included). Times are from the
 * start of each test's series.
 */
class AlertScenarioIT {

  static final String PAGE = "page";
  static final String TICKET = "ticket";

  @TempDir Path dir;

  /** The rule groups of the last rule file written, in the order promtool must evaluate them. */
  private List<String> groupOrder = List.of();

  static ServiceLevelObjective availability(String name) {
    return ServiceLevelObjective.builder(name).service("checkout").objective("99.9%").build();
  }

  static ServiceLevelObjective latency(String name, Duration threshold) {
    return ServiceLevelObjective.builder(name).service("checkout").objective("99%").sli(LatencySli.of(threshold)).build();
  }

  /** The rules of these SLOs, in a file in the temp dir; returns its name. */
  String slo4jRules(ServiceLevelObjective... slos) throws IOException {
    RuleSet set = RuleGenerator.ofDefaults().generate(List.of(slos));
    String rules = set.toPrometheusRules(new RuleSet.Header("AlertScenarioIT", "mvn verify"));
    // Tiles first, then the ratios and alerts that read them (in production the tiles may be up to a tile older).
    List<String> order = new ArrayList<>();
    set.groups().stream().filter(g -> g.interval().isPresent()).forEach(g -> order.add(g.name()));
    set.groups().stream().filter(g -> g.interval().isEmpty()).forEach(g -> order.add(g.name()));
    groupOrder = order;
    Files.writeString(dir.resolve("slo4j.rules.yml"), rules);
    return "slo4j.rules.yml";
  }

  /** Sloth's rules for its getting-started example, unchanged (test resource, Apache-2.0, see NOTICE). */
  String slothRules() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("sloth/getting-started.rules.yml")) {
      Files.write(dir.resolve("sloth.rules.yml"), in.readAllBytes());
    }
    groupOrder = List.of("sloth-slo-sli-recordings-myservice-requests-availability",
        "sloth-slo-meta-recordings-myservice-requests-availability", "sloth-slo-alerts-myservice-requests-availability");
    return "sloth.rules.yml";
  }

  void run(String name, String ruleFile, List<List<AlertScenario>> groups) throws Exception {
    run(name, ruleFile, min(1), groups);
  }

  void run(String name, String ruleFile, Duration evaluationInterval, List<List<AlertScenario>> groups)
      throws Exception {
    Files.writeString(dir.resolve(name), AlertScenario.testFile(ruleFile, groupOrder, evaluationInterval, groups),
        StandardCharsets.UTF_8);
    Promtool.assertTestsPass(dir, name);
  }

  // ---- helpers for tier conditions over slo4j's recorded ratios ---------------------------------------------------

  static String ratio(String window, AlertScenario s) {
    return "slo4j:error_ratio:rate" + window + s.sel();
  }

  /** 14.4x over 1h and 5m. */
  static String fastTier(AlertScenario s, double budget) {
    double th = 14.4 * budget;
    return "(" + ratio("1h", s) + " > " + th + " and " + ratio("5m", s) + " > " + th + ")";
  }

  /** 6x over 6h and 30m, and 5m: the first half of slo4j's fast-reset gate, all of it after an isolated outage. */
  static String slowTier(AlertScenario s, double budget) {
    double th = 6 * budget;
    return "(" + ratio("6h", s) + " > " + th + " and " + ratio("30m", s) + " > " + th + " and " + ratio("5m", s)
        + " > " + th + ")";
  }

  /** 6x over 6h and 30m without the 5m confirmation, as Sloth and the Workbook have it. */
  static String slowTierWithoutOngoing(AlertScenario s, double budget) {
    double th = 6 * budget;
    return "(" + ratio("6h", s) + " > " + th + " and " + ratio("30m", s) + " > " + th + ")";
  }

  /** 1x over 3d and 6h. */
  static String ticketTier(AlertScenario s, double budget) {
    return "(" + ratio("3d", s) + " > " + budget + " and " + ratio("6h", s) + " > " + budget + ")";
  }


  // ---- scenarios: the same traffic for slo4j and Sloth -------------------------------------------------------------

  static AlertScenario shortOutage(String slo) {
    return AlertScenario.availability("3 minutes of full errors from 60m, then recovery", slo)
        .length(hours(3)).errors(min(60), min(63), 1.0);
  }

  static AlertScenario twoShortOutages(String slo) {
    return AlertScenario.availability("3 minutes of full errors from 60m and again from 80m", slo)
        .length(hours(3)).errors(min(60), min(63), 1.0).errors(min(80), min(83), 1.0);
  }

  static AlertScenario longOutage(String slo) {
    return AlertScenario.availability("2 hours of full errors from 60m to 180m", slo)
        .length(hours(10)).errors(min(60), min(180), 1.0);
  }

  static AlertScenario steadyBurn(String slo, double errorRatio) {
    return AlertScenario.availability("a steady burn of " + errorRatio + " from 60m", slo)
        .length(hours(8)).errors(min(60), hours(8), errorRatio);
  }

  static AlertScenario bursts1m(String slo) {
    return AlertScenario.availability("1 minute of full errors every 10 minutes from 60m to 7h", slo)
        .length(hours(8)).bursts(min(60), hours(7), min(10), min(1));
  }

  static AlertScenario bursts30s(String slo) {
    return AlertScenario.availability("30s of full errors every 10 minutes from 60m to 7h, 15s scrapes", slo)
        .scrape(Duration.ofSeconds(15)).length(hours(8)).bursts(min(60), hours(7), min(10), Duration.ofSeconds(30));
  }

  /** A 20x burn (2% errors) at 24 events a minute across the fleet: Poisson errors, about 2.4 in a 5-minute window. */
  static AlertScenario noisy20x(String slo) {
    Random rnd = new Random(42);
    double[][] noise = new double[3][481];
    for (int i = 0; i < 3; i++) {
      for (int k = 0; k < noise[i].length; k++) {
        noise[i][k] = poisson(rnd, 0.02 * 4 * (i + 1));
      }
    }
    return AlertScenario.availability("a 20x burn from 60m at 24 events/min: noisy short windows", slo)
        .length(hours(8)).eventsPerMinute(4).badEvents((k, i, total) -> k > 60 ? noise[i][k] : 0);
  }

  static AlertScenario sloth(AlertScenario s) {
    return s.as("Sloth: " + s, AlertScenario.Shape.SLOTH, "myservice-requests-availability",
        AlertScenario.Alerts.SLOTH);
  }

  static double poisson(Random rnd, double mean) {
    double l = Math.exp(-mean);
    int k = 0;
    double p = 1;
    do {
      k++;
      p *= rnd.nextDouble();
    } while (p > l);
    return k - 1;
  }

  // ---- slo4j -------------------------------------------------------------------------------------------------------

  /**
   * A full outage pages at its first rule evaluation (1 minute); every page tier resets 5 minutes after recovery (the
   * 5m window clears), where the 6x tier without the 5m confirmation would hold 30 minutes; the ticket's conditions hold
   * 6h04m (its 6h window plus one tile) and the ticket exactly as long: it computes its 6h ratio in place from the
   * tiles of its own group (the groups form a one-way chain), so it reads this evaluation's value, not the one the
   * other group recorded at the previous evaluation. A 3-minute outage pages and resolves 5 minutes after recovery.
   */
  @Test
  void fullOutagePagesWithinTwoMinutesAndEveryPageTierResetsWithinFiveMinutesOfRecovery() throws Exception {
    Duration end = hours(10);
    AlertScenario outage = longOutage("outage")
        .quiet(min(59), PAGE).quiet(min(60), PAGE).firing(min(61), PAGE).firing(min(62), PAGE)
        .firstFiringWithin(end, end, PAGE, min(61))
        .firing(min(180), PAGE).resolvesAt(min(185), PAGE).quiet(min(186), PAGE)
        .lastFiringWithin(end, end, PAGE, min(184))
        .firingEpisodes(end, end, PAGE, 1)
        .lastFiringWithin(end, end, TICKET, min(543));
    outage.lastTrueWithin(end, end, fastTier(outage, 0.001), min(184))
        .lastTrueWithin(end, end, slowTier(outage, 0.001), min(184))
        .lastTrueWithin(end, end, slowTierWithoutOngoing(outage, 0.001), min(209))
        .lastTrueWithin(end, end, ticketTier(outage, 0.001), min(543))
        .firstTrueWithin(end, end, fastTier(outage, 0.001), min(61))
        .firstTrueWithin(end, end, slowTier(outage, 0.001), min(62));
    AlertScenario shortOutage = shortOutage("short-outage")
        .firesFirstAt(min(61), PAGE)
        .firing(min(63), PAGE).resolvesAt(min(68), PAGE)
        .firingEpisodes(hours(3), hours(3), PAGE, 1)
        .minutesFiring(hours(3), hours(3), PAGE, 7);
    run("outage.yml", slo4jRules(availability("outage"), availability("short-outage")),
        List.of(List.of(outage, shortOutage)));
  }

  /**
   * 6.6x (10% above the 6x tier) pages after 5h31m, for availability and latency alike: the policy predicts 6h x 6/6.6
   * = 5h27m, plus up to one tile. A burn of exactly 6x sits on the threshold ({@code >}, as in the Workbook): whether
   * it pages depends on the last bit of a float sum whose order Prometheus does not fix, so it is not asserted (seen:
   * availability 6x paging after 6h05m in some runs, never in others; latency 6x never). Sloth's threshold (6 x
   * 0.0009999999999999432) is a hair under 6x, so its exact 6x pages after 6h00m, see
   * {@link #afterAShortOutageSlo4jResetsInFiveMinutesAndSlothHoldsThirty}.
   */
  @Test
  void steadyBurnAboveSixTimesPagesWhenThePolicyPredicts() throws Exception {
    Duration end = hours(8);
    AlertScenario b66 = steadyBurn("burn-6.6x", 0.0066)
        .firstFiringWithin(end, end, PAGE, min(60 + 331)).firesFirstAt(min(60 + 331), PAGE)
        .firingEpisodes(end, end, PAGE, 1);
    AlertScenario l66 = steadyBurn("latency-6.6x", 0.066).as("latency: 6.6x from 60m", AlertScenario.Shape.LATENCY,
        "latency-6.6x", AlertScenario.Alerts.SLO4J)
        .firstFiringWithin(end, end, PAGE, min(60 + 331)).firesFirstAt(min(60 + 331), PAGE);
    run("steady.yml", slo4jRules(availability("burn-6.6x"), latency("latency-6.6x", Duration.ofMillis(300))),
        List.of(List.of(b66, l66)));
  }

  /**
   * After 3 days of clean traffic (so the 3d window is full, as in production), 4 days of a steady burn, rules evaluated
   * every 5 minutes (as the tile group runs in production): 3x opens a ticket after 1 day (the 3d ratio crosses 1x
   * when a third of the window burns) plus one tile, and never pages; 1x and a latency SLO burning 1x never page; 0.5x
   * never alerts at all.
   */
  @Test
  void slowBurnsTicketWhenThePolicyPredictsAndNeverPage() throws Exception {
    Duration start = Duration.ofDays(3);
    Duration end = Duration.ofDays(7);
    Duration step = min(5);
    AlertScenario b3 = AlertScenario.availability("3x from day 3 to day 7", "burn-3x").evaluatedEvery(step)
        .length(end).errors(start, end, 0.003);
    AlertScenario b1 = AlertScenario.availability("1x from day 3 to day 7", "burn-1x").evaluatedEvery(step)
        .length(end).errors(start, end, 0.001);
    AlertScenario b05 = AlertScenario.availability("0.5x from day 3 to day 7", "burn-0.5x").evaluatedEvery(step)
        .length(end).errors(start, end, 0.0005);
    AlertScenario l1 = AlertScenario.latency("latency 1x from day 3 to day 7", "latency-1x").evaluatedEvery(step)
        .length(end).errors(start, end, 0.01);
    b3.firstFiringWithin(Duration.ofDays(5), Duration.ofDays(2), TICKET, Duration.ofDays(4).plusMinutes(5))
        .quiet(Duration.ofDays(4), TICKET).firing(Duration.ofDays(4).plusMinutes(5), TICKET).firing(end, TICKET);
    for (AlertScenario s : List.of(b3, b1, b05, l1)) {
      for (int day = 3; day <= 7; day++) {
        s.neverFires(Duration.ofDays(day - 1), Duration.ofDays(day), hours(2), PAGE);
      }
    }
    for (int day = 3; day <= 7; day++) {
      b05.neverFires(Duration.ofDays(day - 1), Duration.ofDays(day), hours(2), TICKET);
    }
    run("slow.yml", slo4jRules(availability("burn-3x"), availability("burn-1x"), availability("burn-0.5x"),
        latency("latency-1x", Duration.ofMillis(300))), step, List.of(List.of(b3, b1, b05, l1)));
  }

  /**
   * The recorded ratios: 0 (not NaN, not missing) without traffic or before the first error; exactly the error ratio
   * of the fleet at every window; a traffic-weighted 6h ratio (ratio of sums, off by the tile edge only); and the
   * latency threshold bucket found whether Prometheus stores {@code le="1"} or {@code le="1.0"}.
   */
  @Test
  void recordedRatiosAreZeroWithoutTrafficExactWithTrafficAndWeightedByTraffic() throws Exception {
    Duration end = hours(7);
    AlertScenario zero = AlertScenario.availability("no traffic: counters flat at 0", "zero").length(end)
        .eventsPerMinute(0).neverFires(min(0), end, hours(1), PAGE).neverFires(min(0), end, hours(1), TICKET);
    AlertScenario noBad = AlertScenario.availability("no errors yet: the bad counter is not exposed", "no-bad-series")
        .length(end).withoutBadSeries();
    for (String w : List.of("5m", "30m", "1h", "6h", "3d", "30d")) {
      zero.recorded(end, "slo4j:error_ratio:rate" + w, 0);
      noBad.recorded(end, "slo4j:error_ratio:rate" + w, 0);
    }
    zero.recorded(end, "slo4j:error_budget_remaining:ratio", 1);
    noBad.recorded(end, "slo4j:error_budget_remaining:ratio", 1);
    AlertScenario steady = AlertScenario.availability("2% errors on every instance", "steady-2pct").length(end)
        .errors(min(0), end, 0.02);
    AlertScenario fleet = AlertScenario.availability("2% errors on instance c (half the traffic) only", "fleet")
        .length(end).errors(min(0), end, 0.02).errorsOnlyOn(2);
    for (String w : List.of("5m", "30m", "1h", "6h", "3d", "30d")) {
      steady.near(end, ratio(w, steady), 0.02, 1e-9);
      fleet.near(end, ratio(w, fleet), 0.01, 1e-9);
    }
    // 3h at 600 events/min with 10% errors, then 3h at 60000/min with 0.1%: 21600 bad of 10.908M = 0.00198.
    // An average of ratios would say 0.0505. The tiles' edge (up to 5 minutes) moves it by 1.7%.
    AlertScenario weighted = AlertScenario.availability("quiet 10% errors, then busy 0.1%", "weighted")
        .length(hours(6.5)).traffic(min(0), hours(3.5), 100).traffic(hours(3.5), hours(6.5), 10000)
        .errors(min(0), hours(3.5), 0.10).errors(hours(3.5), hours(6.5), 0.001);
    weighted.near(hours(6.5), ratio("6h", weighted), 21600.0 / 10_908_000, 21600.0 / 10_908_000 * 0.02)
        .near(hours(6.5), ratio("6h", weighted), 0.00200745, 1e-8);
    AlertScenario le = AlertScenario.latency("latency 1s, 2% slow; le spelled 1, 1.0, 1 by the instances", "latency-1s")
        .length(hours(2)).errors(min(0), hours(2), 0.02).leLabels("1", "1.0", "1");
    for (String w : List.of("5m", "30m", "1h", "6h")) {
      le.near(hours(2), ratio(w, le), 0.02, 1e-9);
    }
    // The budget: 10 minutes of full outage, read 4h30m after the start. The SLO window sums whole hours of tiles, so
    // it covers the first 4h (10 of 240 minutes bad), not 4h30m (10 of 270): it lags by up to an hour.
    AlertScenario spent = AlertScenario.availability("10 minutes of full outage at 60m", "budget-spent")
        .length(min(270)).errors(min(60), min(70), 1.0);
    spent.near(min(270), ratio("30d", spent), 10.0 / 240, 10.0 / 240 * 0.02)
        .near(min(270), "slo4j:error_budget_remaining:ratio" + spent.sel(), 1 - 10.0 / 240 / 0.001, 0.8);
    run("ratios.yml", slo4jRules(availability("zero"), availability("no-bad-series"), availability("steady-2pct"),
        availability("fleet"), availability("weighted"), latency("latency-1s", Duration.ofSeconds(1)),
        availability("budget-spent")),
        List.of(List.of(zero, noBad, steady, fleet, weighted, le, spent)));
  }

  /**
   * Latency (99% under 300ms) after 6 hours of good traffic: all calls slow pages after 9 minutes (the 1h window needs
   * 14.4 x 1% = 8.64 minutes of it: a 99% SLO cannot page within 2 minutes under this policy) and resets 5 minutes
   * after recovery.
   */
  @Test
  void latencyOutagePagesWhenTheFastTierFillsAndResetsWithinFiveMinutes() throws Exception {
    Duration end = hours(9);
    AlertScenario outage = AlertScenario.latency("2h of slow calls from 6h", "latency-outage")
        .length(end).errors(hours(6), hours(8), 1.0)
        .firesFirstAt(min(360 + 9), PAGE).firstFiringWithin(end, end, PAGE, min(369))
        .firing(hours(8), PAGE).resolvesAt(hours(8).plusMinutes(5), PAGE)
        .firingEpisodes(end, end, PAGE, 1);
    run("latency-outage.yml", slo4jRules(latency("latency-outage", Duration.ofMillis(300))),
        List.of(List.of(outage)));
  }

  /**
   * Two services with an SLO of the same name in one Prometheus: an outage of one pages that one only, and the other's
   * ratios stay 0. The raw selectors match {@code slo_service} as well as {@code slo}; without it the 5m ratio of both
   * would be the mixed 0.5 and both would page.
   */
  @Test
  void twoServicesWithTheSameSloNameStayApart() throws Exception {
    Duration end = hours(2);
    AlertScenario broken = AlertScenario.availability("checkout/orders: full outage from 60m", "orders")
        .length(end).errors(min(60), end, 1.0)
        .firesFirstAt(min(61), PAGE);
    AlertScenario healthy = AlertScenario.availability("payments/orders: healthy", "orders").service("payments")
        .length(end)
        .neverFires(min(0), end, min(30), PAGE).neverFires(min(0), end, min(30), TICKET);
    // At 90m: the last 5m and 30m are all errors, the last hour half.
    broken.near(min(90), ratio("5m", broken), 1.0, 1e-9).near(min(90), ratio("30m", broken), 1.0, 1e-9)
        .near(min(90), ratio("1h", broken), 0.5, 1e-9);
    for (String w : List.of("5m", "30m", "1h", "6h")) {
      healthy.recorded(end, "slo4j:error_ratio:rate" + w, 0);
    }
    ServiceLevelObjective other = ServiceLevelObjective.builder("orders").service("payments").objective("99.9%").build();
    run("two-services.yml", slo4jRules(availability("orders"), other), List.of(List.of(broken, healthy)));
  }

  // ---- slo4j against Sloth -----------------------------------------------------------------------------------------

  /**
   * After a 3-minute outage slo4j's page resolves 5 minutes after recovery; Sloth's is still firing 25 minutes after
   * recovery (its 6x tier's 30m window) and resolves after 30. A 2-hour outage: slo4j resolves after 5 minutes, Sloth
   * after 31.
   */
  @Test
  void afterAShortOutageSlo4jResetsInFiveMinutesAndSlothHoldsThirty() throws Exception {
    Duration end = hours(3);
    AlertScenario mine = shortOutage("short-outage").resolvesAt(min(63 + 5), PAGE)
        .quiet(min(63 + 6), PAGE).quiet(min(63 + 25), PAGE);
    AlertScenario theirs = sloth(shortOutage("x"))
        .firesFirstAt(min(61), PAGE).firing(min(63 + 25), PAGE).resolvesAt(min(63 + 30), PAGE)
        .lastFiringWithin(end, end, PAGE, min(92)).minutesFiring(end, end, PAGE, 32);
    AlertScenario theirsLong = sloth(longOutage("x"))
        .firesFirstAt(min(61), PAGE).resolvesAt(min(180 + 30), PAGE)
        .lastFiringWithin(hours(10), hours(10), TICKET, min(539));
    AlertScenario theirs6 = sloth(steadyBurn("x", 0.006)).firesFirstAt(min(60 + 360), PAGE);
    AlertScenario theirs66 = sloth(steadyBurn("x", 0.0066)).firesFirstAt(min(60 + 328), PAGE);
    run("short-outage.yml", slo4jRules(availability("short-outage")), List.of(List.of(mine)));
    run("sloth-outage.yml", slothRules(), List.of(List.of(theirs), List.of(theirsLong), List.of(theirs6),
        List.of(theirs66)));
  }

  /**
   * Bursts and noise, where a plain 5m confirmation would flap (one episode per burst, 36 in 6 hours): the gate also
   * passes when the burn has crossed its threshold a third time within 30m, so a recurring burn holds one page as
   * Sloth's 6x tier does, and still resets sooner after the last burst. The price: a second outage soon after a first
   * holds its page until the 30m window has seen no third crossing (resolves R+15m, Sloth R+30m).
   */
  @Test
  void burstyAndNoisyBurnsHoldOnePageLikeSlothAndResetSooner() throws Exception {
    Duration end = hours(8);
    AlertScenario b1 = bursts1m("bursty-1m")
        .firesFirstAt(min(61), PAGE).firingEpisodes(end, end, PAGE, 2).minutesFiring(end, end, PAGE, 370)
        .lastFiringWithin(end, end, PAGE, min(435));
    AlertScenario noisy = noisy20x("noisy-20x")
        .firstFiringWithin(end, end, PAGE, min(95)).firingEpisodes(end, end, PAGE, 5)
        .minutesFiring(end, end, PAGE, 376);
    AlertScenario b30 = bursts30s("bursty-30s")
        .firstFiringWithin(end, end, PAGE, min(64)).firingEpisodes(end, end, PAGE, 2)
        .minutesFiring(end, end, PAGE, 367);
    run("bursts.yml", slo4jRules(availability("bursty-1m"), availability("noisy-20x")), List.of(List.of(b1, noisy)));
    run("bursts-30s.yml", slo4jRules(availability("bursty-30s")), List.of(List.of(b30)));
    Duration three = hours(3);
    AlertScenario twice = twoShortOutages("twice").firesFirstAt(min(61), PAGE).firingEpisodes(three, three, PAGE, 2)
        .lastFiringWithin(three, three, PAGE, min(97));
    run("twice.yml", slo4jRules(availability("twice")), List.of(List.of(twice)));
    AlertScenario st = sloth(twoShortOutages("x")).firesFirstAt(min(61), PAGE).firingEpisodes(three, three, PAGE, 1)
        .lastFiringWithin(three, three, PAGE, min(112));
    AlertScenario s1 = sloth(bursts1m("x")).firesFirstAt(min(61), PAGE).firingEpisodes(end, end, PAGE, 1)
        .minutesFiring(end, end, PAGE, 380).lastFiringWithin(end, end, PAGE, min(440));
    AlertScenario sn = sloth(noisy20x("x")).firstFiringWithin(end, end, PAGE, min(93))
        .firingEpisodes(end, end, PAGE, 1).minutesFiring(end, end, PAGE, 388);
    AlertScenario s30 = sloth(bursts30s("x")).firesFirstAt(min(61), PAGE).firingEpisodes(end, end, PAGE, 1)
        .minutesFiring(end, end, PAGE, 380);
    run("sloth-bursts.yml", slothRules(), List.of(List.of(s1), List.of(sn), List.of(s30), List.of(st)));
  }

  // ---- low traffic (issue 14): pages need a few bad events, not one or two -------------------------------------

  /** The same SLO without the low-traffic gate: what slo4j did before it (and what Sloth and Pyrra do). */
  static ServiceLevelObjective ungated(String name) {
    return availability(name).toBuilder()
        .alertPolicy(dev.slo4j.budget.AlertPolicy.builder().tiers(dev.slo4j.budget.AlertPolicy.workbook().tiers())
            .minBadEvents(0).build())
        .build();
  }

  /**
   * One instance serving {@code perMinute} events a minute for 16 hours, with a bad event at each of {@code minutes}
   * (after 7 clean hours, so every window is full, as in production); rules evaluated every 5 minutes, as the tile
   * group runs in production (the tiles' sums are then exact).
   */
  static AlertScenario lowTraffic(String slo, double perMinute, int... minutes) {
    java.util.Set<Integer> at = new java.util.TreeSet<>();
    for (int m : minutes) {
      at.add(m);
    }
    return AlertScenario.availability(perMinute + " events/min, a bad event at minutes " + at, slo)
        .instanceWeights(1).eventsPerMinute(perMinute).length(hours(16)).evaluatedEvery(min(5))
        .badEvents((step, instance, total) -> at.contains(step) ? 1 : 0);
  }

  /**
   * At one event a minute one failure is 1.7% of the last hour, above the fast tier's 1.44% (99.9% objective): without
   * the gate every isolated failure paged (3 pages from 3 failures 4 hours apart), and two failures ten minutes apart
   * paged twice. With the default gate (3 bad events in the tier's long window) none of them pages; three failures in 20
   * minutes (5% of an hour, 50x) still do.
   */
  @Test
  void atOneEventAMinuteOneOrTwoFailuresInAnHourNoLongerPage() throws Exception {
    Duration end = hours(16);
    Duration range = min(9 * 60 + 10); // from 6h50m, before the first failure
    AlertScenario noisyBefore = lowTraffic("noisy-ungated", 1, 420, 660, 900).firingEpisodes(end, range, PAGE, 3);
    AlertScenario noisy = lowTraffic("noisy", 1, 420, 660, 900).firingEpisodes(end, range, PAGE, 0);
    AlertScenario twoBefore = lowTraffic("two-ungated", 1, 420, 430).firingEpisodes(end, range, PAGE, 2);
    AlertScenario two = lowTraffic("two", 1, 420, 430).firingEpisodes(end, range, PAGE, 0);
    AlertScenario three = lowTraffic("three", 1, 420, 430, 440).firingEpisodes(end, range, PAGE, 1);
    run("low-traffic.yml", slo4jRules(ungated("noisy-ungated"), availability("noisy"), ungated("two-ungated"),
        availability("two"), availability("three")), min(5),
        List.of(List.of(noisyBefore, noisy, twoBefore, two, three)));
  }

  /**
   * A full outage pages at the same minute with and without the gate at 24 and 1,000 events a minute (the fast tier's
   * ratio crosses long after 3 bad events); at one event a minute the gate waits for the third bad event.
   */
  @Test
  void aFullOutagePagesAsBeforeAtNormalTrafficAndAfterThreeFailuresAtOneAMinute() throws Exception {
    Duration end = hours(3);
    List<AlertScenario> scenarios = new ArrayList<>();
    List<ServiceLevelObjective> slos = new ArrayList<>();
    for (double perMinute : new double[] {1, 24, 1000}) {
      for (boolean gated : new boolean[] {false, true}) {
        String name = "outage-" + (int) perMinute + (gated ? "" : "-ungated");
        scenarios.add(AlertScenario.availability(perMinute + " events/min, full errors from 60m", name)
            .instanceWeights(1).eventsPerMinute(perMinute).length(end).errors(min(60), end, 1.0)
            .firstFiringWithin(end, end, PAGE, min(perMinute == 1 && gated ? 62 : 61)));
        slos.add(gated ? availability(name) : ungated(name));
      }
    }
    run("low-traffic-outage.yml", slo4jRules(slos.toArray(ServiceLevelObjective[]::new)), List.of(scenarios));
  }
}
