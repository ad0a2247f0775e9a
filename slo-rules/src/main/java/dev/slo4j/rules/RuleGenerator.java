package dev.slo4j.rules;

import dev.slo4j.AvailabilitySli;
import dev.slo4j.LatencySli;
import dev.slo4j.MetricNames;
import dev.slo4j.PromQlEvents;
import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.budget.ScaledTier;
import dev.slo4j.budget.Severity;
import dev.slo4j.format.Decimals;
import dev.slo4j.format.Durations;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Turns SLOs into Prometheus recording rules and multi-window, multi-burn-rate alerts. The design, its cost and its
 * error bounds are explained in {@code docs/rules.md}; in short:
 *
 * <ul>
 *   <li>Short windows (up to the fastest page tier's long window, 1h for a 30-day SLO) are {@code rate()}s over the raw
 *       series, summed across the fleet by the labels that identify the SLO ({@code sum by (slo)}, plus
 *       {@link dev.slo4j.Sli#aggregateBy()}), so they react within a scrape or two.
 *   <li>Long windows (6h, 3d, the SLO window) are built from "tiles": the bad and total rates over the shortest window,
 *       recorded by a separate group that runs once per tile width. A long ratio is {@code sum_over_time(bad tiles) /
 *       sum_over_time(total tiles)}: a ratio of sums, weighted by traffic, not Sloth's average of 5-minute ratios, and it
 *       reads a few thousand recorded samples instead of millions of raw ones. The SLO window sums hourly sums of the
 *       tiles (it lags by up to an hour).
 *   <li>What a page reads runs at every evaluation; what only tickets, the budget and dashboards read runs in the
 *       tiles group, once per tile width, with the ticket.
 *   <li>Each SLO's groups form a one-way chain: the tiles group first, then the group that reads it; no rule reads a
 *       series recorded by a later group or later in its own group, so a one-pass replay (vmalert {@code -replay},
 *       {@code promtool tsdb create-blocks-from rules}) records everything.
 *   <li>No traffic gives an error ratio of 0, never NaN, so nothing pages and no 30-day ratio is poisoned.
 *   <li>Thresholds are exact decimals; a tier that cannot fire for an objective is left out and reported.
 * </ul>
 *
 * <p>Immutable and thread-safe; output is deterministic for the same input.
 */
public final class RuleGenerator {

  /** Guards ratios against 0/0 when there is no traffic: far below any real event rate (1 event a year is 3e-8/s). */
  static final String MIN_RATE = "1e-12";
  /** SLO windows from this length on are summed from hourly sums of the tiles. */
  static final Duration HOURLY_FROM = Duration.ofDays(7);

  private final SortedMap<String, String> platformLabels;
  private final String runbookBaseUrl;

  private RuleGenerator(Builder b) {
    this.platformLabels = Collections.unmodifiableSortedMap(new TreeMap<>(b.platformLabels));
    this.runbookBaseUrl = b.runbookBaseUrl;
  }

  /** No platform labels. */
  public static RuleGenerator ofDefaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The windows whose error ratio the rules record for {@code slo} ({@link MetricNames#recordedErrorRatio(Duration)} of each): every
   * alert tier's long and short window, the shortest window (the tile) and the SLO window. Dashboards read these.
   */
  public static java.util.SortedSet<Duration> recordedWindows(ServiceLevelObjective slo) {
    Objects.requireNonNull(slo, "slo");
    TreeSet<Duration> windows = new TreeSet<>();
    windows.add(slo.alertPolicy().shortestWindow(slo.window()));
    windows.add(slo.window());
    slo.alertPolicy().tiersFor(slo.window()).forEach(t -> {
      windows.add(t.longWindow());
      windows.add(t.shortWindow());
    });
    if (slo.alerting().exhaustedFor().isPresent()) {
      windows.addAll(exhaustionWindows(slo));
    }
    return java.util.Collections.unmodifiableSortedSet(windows);
  }

  /**
   * The windows whose burn rate the exhaustion forecast reads: 6 hours and 1 day for a 30-day SLO, scaled to the SLO's
   * window as the Workbook's tiers are (12m and 48m for a 1-day SLO).
   */
  static List<Duration> exhaustionWindows(ServiceLevelObjective slo) {
    long seconds = slo.window().toSeconds();
    return List.of(Duration.ofSeconds(Math.max(1, Math.round(seconds / 120.0))),
        Duration.ofSeconds(Math.max(1, Math.round(seconds / 30.0))));
  }

  /** The horizon of the exhaustion forecast: the declared one, else 3 days or the SLO's window if shorter. */
  static Duration exhaustionHorizon(ServiceLevelObjective slo) {
    return slo.alerting().exhaustionHorizon().orElse(
        dev.slo4j.Alerting.DEFAULT_EXHAUSTION_HORIZON.compareTo(slo.window()) < 0
            ? dev.slo4j.Alerting.DEFAULT_EXHAUSTION_HORIZON : slo.window());
  }


  /**
   * Generates the rules of every SLO, in the order given.
   *
   * @throws IllegalArgumentException when two SLOs share a service and name
   */
  public RuleSet generate(List<ServiceLevelObjective> slos) {
    Objects.requireNonNull(slos, "slos");
    List<RuleGroup> groups = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    TreeSet<String> seen = new TreeSet<>();
    for (ServiceLevelObjective slo : slos) {
      if (!seen.add(slo.service() + "/" + slo.name())) {
        throw new IllegalArgumentException("slo '" + slo.name() + "' of service '" + slo.service()
            + "' is declared twice; SLO names must be unique within a service");
      }
      generate(slo, groups, warnings);
    }
    return new RuleSet(groups, warnings, slos);
  }

  private void generate(ServiceLevelObjective slo, List<RuleGroup> groups, List<String> warnings) {
    Duration tile = slo.alertPolicy().shortestWindow(slo.window());
    List<ScaledTier> tiers = slo.alertPolicy().tiersFor(slo.window());
    Duration rawUpTo = tiers.stream()
        .filter(t -> t.severity() == Severity.PAGE)
        .map(ScaledTier::longWindow)
        .min(Comparator.naturalOrder())
        .orElse(tile.multipliedBy(12));
    BigDecimal budget = slo.objective().allowedErrorRatio();

    java.util.SortedSet<Duration> windows = recordedWindows(slo);

    Map<String, String> labels = new TreeMap<>(slo.labels());
    labels.put("service", slo.service());
    labels.put("slo", slo.name());
    String sel = selector(slo);
    Events events = events(slo, labels.keySet());
    String prefix = "slo4j-" + slo.service() + "-" + slo.name();

    // Two groups, in the order they read each other: a one-way chain, so no group reads a series a later group records
    // and no rule reads one recorded later in its own group (vmalert's replay and promtool's backfill evaluate in one
    // pass, in file order). The slow one comes first and runs once per tile width: it records the tiles, then what
    // only tickets and dashboards read (the ticket-only windows, the SLO window, the budget), which would gain nothing
    // from running more often, and the ticket. The fast one (the global evaluation interval) holds what a page reads,
    // so a page reacts within an evaluation; it reads the tiles only through explicit ranges (sum_over_time), never as
    // an instant value that a slower group refreshes less often than the lookback.
    Set<Duration> pageWindows = windowsOf(tiers.stream().filter(t -> t.severity() == Severity.PAGE).toList());
    pageWindows.add(tile);
    List<Rule> main = new ArrayList<>();
    List<Rule> slow = new ArrayList<>();
    Map<Duration, String> ratioExprs = new java.util.HashMap<>();
    slow.add(Rule.recording(MetricNames.recordedBadTiles(tile), events.keep(events.bad(tile)), labels));
    slow.add(Rule.recording(MetricNames.recordedTotalTiles(tile), events.keep(events.total(tile)), labels));
    for (Duration w : windows) {
      String expr;
      if (w.compareTo(rawUpTo) <= 0) {
        expr = events.keep(events.bad(w) + "\n/\nclamp_min(" + events.total(w) + ", " + MIN_RATE + ")");
      } else if (w.equals(slo.window()) && w.compareTo(HOURLY_FROM) >= 0) {
        // Read by the budget and dashboards only (every tier's windows are shorter than the SLO's): the tiles summed
        // an hour at a time, so an evaluation reads hourly sums instead of every tile (a 30d window: 720 steps, not
        // 8,640 tiles). The newest, unfinished hour is left out: the ratio lags by up to an hour, 0.14% of 30d.
        String range = "[" + Durations.prometheus(w) + ":1h]";
        expr = "sum_over_time(sum_over_time(" + MetricNames.recordedBadTiles(tile) + sel + "[1h])" + range + ")\n/\nclamp_min("
            + "sum_over_time(sum_over_time(" + MetricNames.recordedTotalTiles(tile) + sel + "[1h])" + range + "), " + MIN_RATE + ")";
      } else {
        expr = "sum_over_time(" + MetricNames.recordedBadTiles(tile) + sel + "[" + Durations.prometheus(w) + "])\n/\nclamp_min("
            + "sum_over_time(" + MetricNames.recordedTotalTiles(tile) + sel + "[" + Durations.prometheus(w) + "]), " + MIN_RATE + ")";
      }
      (pageWindows.contains(w) ? main : slow).add(Rule.recording(MetricNames.recordedErrorRatio(w), expr, labels));
      ratioExprs.put(w, expr);
    }
    // Low-traffic gate: the bad events in each page tier's long window. A window read from raw series gets a rule of its
    // own in the fast group (a page must not wait for a tile); a tiled window sums its tiles in the alert.
    long minBad = slo.alertPolicy().minBadEvents();
    if (minBad > 0 && slo.alerting().page()) {
      for (Duration w : new TreeSet<>(tiers.stream().filter(t -> t.severity() == Severity.PAGE)
          .map(ScaledTier::longWindow).toList())) {
        if (w.compareTo(rawUpTo) <= 0) {
          main.add(Rule.recording(MetricNames.recordedBadEvents(w), events.keep("(\n" + indent(events.bad(w)) + "\n) * "
              + w.toSeconds()), labels));
        }
      }
    }
    slow.add(Rule.recording(MetricNames.RECORDED_BUDGET_REMAINING,
        "1 - " + MetricNames.recordedErrorRatio(slo.window()) + sel + " / " + Decimals.plain(budget), labels));
    slow.add(Rule.recording(MetricNames.RECORDED_OBJECTIVE, "vector(" + Decimals.plain(slo.objective().ratio()) + ")", labels));
    // A window's ratio as the tiles group reads it: recorded there, or computed in place from the tiles when the fast
    // group (which comes later) records it.
    java.util.function.Function<Duration, String> slowRatio = w -> !pageWindows.contains(w)
        ? MetricNames.recordedErrorRatio(w) + sel : "(\n" + indent(ratioExprs.get(w)) + "\n)";
    slo.alerting().exhaustedFor().ifPresent(after -> slow.addAll(exhaustionAlerts(slo, after, sel, budget,
        slowRatio)));

    for (Severity severity : Severity.values()) {
      boolean enabled = severity == Severity.PAGE ? slo.alerting().page() : slo.alerting().ticket();
      if (!enabled) {
        continue;
      }
      List<ScaledTier> usable = new ArrayList<>();
      for (ScaledTier t : tiers) {
        if (t.severity() != severity) {
          continue;
        }
        if (t.canFire(budget)) {
          usable.add(t);
        } else {
          warnings.add("slo '" + slo.name() + "' of service '" + slo.service() + "': the " + severity.label()
              + " tier at " + Decimals.plain(t.burnRate()) + "x over " + Durations.format(t.longWindow())
              + " can never fire, because an objective of " + slo.objective()
              + " would need an error ratio of " + Decimals.percent(t.errorRatioThreshold(budget))
              + "; it is left out. Lower the tier's burn rate or raise the objective.");
        }
      }
      if (!usable.isEmpty()) {
        // The page reads its windows from the fast group, where they are recorded just before it. The ticket runs in
        // the tiles group, after the ratios recorded there; a window of its tier recorded in the fast group (6h: a
        // page window too) is computed in place from the same expression, so the tiles group never reads the fast one.
        java.util.function.Function<Duration, String> ratio = severity == Severity.PAGE
            ? w -> MetricNames.recordedErrorRatio(w) + sel : slowRatio;
        (severity == Severity.PAGE ? main : slow).add(alert(slo, severity, usable, tile, sel, budget, rawUpTo, ratio));
      }
    }
    Optional<Duration> absentFor = slo.alerting().absentFor();
    if (absentFor.isPresent()) {
      main.add(absentAlert(slo, absentFor.get(), events, tile));
    }
    groups.add(new RuleGroup(prefix + "-tiles", Optional.of(tile), slow));
    groups.add(new RuleGroup(prefix, Optional.empty(), main));
  }

  private static Set<Duration> windowsOf(List<ScaledTier> tiers) {
    Set<Duration> windows = new TreeSet<>();
    tiers.forEach(t -> {
      windows.add(t.longWindow());
      windows.add(t.shortWindow());
    });
    return windows;
  }

  private Rule alert(ServiceLevelObjective slo, Severity severity, List<ScaledTier> tiers, Duration tile, String sel,
      BigDecimal budget, Duration rawUpTo, java.util.function.Function<Duration, String> ratio) {
    boolean ongoing = severity == Severity.PAGE && slo.alertPolicy().requireOngoingBurn();
    long minBad = severity == Severity.PAGE ? slo.alertPolicy().minBadEvents() : 0;
    List<String> branches = new ArrayList<>();
    List<String> conditions = new ArrayList<>();
    for (ScaledTier t : tiers) {
      String threshold = Decimals.plain(t.errorRatioThreshold(budget));
      StringBuilder b = new StringBuilder();
      b.append("(").append(ratio.apply(t.longWindow())).append(" > ").append(threshold).append(") / ")
          .append(Decimals.plain(budget));
      b.append("\nand\n").append(ratio.apply(t.shortWindow())).append(" > ").append(threshold);
      String also = "";
      if (ongoing && t.shortWindow().compareTo(tile) > 0) {
        b.append("\nand\n(\n").append(indent(ongoingBurn(tile, t.shortWindow(), sel, threshold))).append("\n)");
        also = ", and still burning over " + Durations.format(tile) + " or burning again within "
            + Durations.format(t.shortWindow());
      }
      if (minBad > 0) {
        String count = t.longWindow().compareTo(rawUpTo) <= 0 ? MetricNames.recordedBadEvents(t.longWindow()) + sel
            : "sum_over_time(" + MetricNames.recordedBadTiles(tile) + sel + "[" + Durations.prometheus(t.longWindow()) + "]) * "
                + tile.toSeconds();
        b.append("\nand\n").append(count).append(" >= ").append(minBad);
        also += ", with at least " + minBad + " bad events";
      }
      branches.add(b.toString());
      conditions.add(Decimals.plain(t.burnRate()) + "x over " + Durations.format(t.longWindow()) + " and "
          + Durations.format(t.shortWindow()) + also + " (" + Decimals.percent(t.budgetConsumed()) + " of the budget)");
    }
    String expr = branches.size() == 1
        ? branches.get(0)
        : branches.stream().map(b -> "(\n" + indent(b) + "\n)").collect(Collectors.joining("\nor\n"));

    Map<String, String> labels = alertLabels(slo, severity);
    Map<String, String> annotations = new LinkedHashMap<>(slo.alerting().annotations());
    if (runbookBaseUrl != null) {
      annotations.putIfAbsent("runbook_url", runbookBaseUrl + "/" + Runbooks.fileName(slo, severity));
    }
    annotations.putIfAbsent("summary", slo.service() + " " + slo.name() + ": error budget burning too fast ("
        + severity.label() + ")");
    annotations.putIfAbsent("description", "SLO '" + slo.name() + "' of " + slo.service() + " (" + slo.describe()
        + ") is spending its error budget {{ $value | printf \"%.1f\" }}x as fast as the objective allows. "
        + "The whole budget is " + Durations.format(slo.errorBudget().allowedFullOutage())
        + " of full outage. Fires at " + String.join("; or ", conditions) + ".");
    return Rule.alerting(MetricNames.BURN_ALERT, expr, labels, annotations);
  }

  /**
   * The fast-reset gate of a page tier: the burn shows in the last tile, or it has stopped and started again within
   * the tier's short window. The second half is what keeps one page open through recurring bursts: an outage that ends
   * crosses the threshold twice (up, down) and resets with the tile; a burn that comes back crosses it a third time, and
   * from then on the tier holds as the Workbook's does, until its short window clears. It only narrows the tier, so it
   * never pages where the Workbook's tier would not. The subquery reads the recorded tile ratio, about five
   * samples per tile.
   */
  private static String ongoingBurn(Duration tile, Duration shortWindow, String sel, String threshold) {
    Duration step = Duration.ofSeconds(Math.max(1, tile.toSeconds() / 5));
    String tileRatio = MetricNames.recordedErrorRatio(tile) + sel;
    return tileRatio + " > " + threshold + "\nor\nchanges((" + tileRatio + " > bool " + threshold + ")["
        + Durations.prometheus(shortWindow) + ":" + Durations.prometheus(step) + "]) > 2";
  }

  /** The platform's, the SLO's and the severity's labels, then the ones slo4j sets itself. */
  private Map<String, String> alertLabels(ServiceLevelObjective slo, Severity severity) {
    Map<String, String> labels = new TreeMap<>(platformLabels);
    labels.putAll(slo.labels());
    labels.putAll(slo.alerting().labels());
    labels.put("service", slo.service());
    labels.put("slo", slo.name());
    labels.put("severity", severity.label());
    labels.putAll(severity == Severity.PAGE ? slo.alerting().pageLabels() : slo.alerting().ticketLabels());
    return labels;
  }

  /**
   * A ticket when the SLI has had no series for {@code after} while the service is up: the burn-rate alerts read
   * nothing then and cannot fire.
   */
  private Rule absentAlert(ServiceLevelObjective slo, Duration after, Events events, Duration tile) {
    String up = slo.alerting().serviceUp()
        .orElse("up{job=" + promString(slo.service()) + "}");
    String expr = events.absent(tile) + "\nand on ()\n(max(" + up + ") > 0)";
    Map<String, String> labels = alertLabels(slo, Severity.TICKET);
    Map<String, String> annotations = new LinkedHashMap<>(slo.alerting().annotations());
    annotations.putIfAbsent("summary",
        slo.service() + " " + slo.name() + ": no SLI series, its burn-rate alerts cannot fire");
    annotations.putIfAbsent("description", "SLO '" + slo.name() + "' of " + slo.service()
        + " has had no series for its SLI ("
        + templateText(events.describe(tile)) + ") for " + Durations.format(after) + " while the service is up ("
        + templateText(up) + "), so its error budget alerts cannot fire. " + events.whatToCheck());
    return Rule.alerting(MetricNames.ABSENT_ALERT, expr, Optional.of(after), labels, annotations);
  }

  /**
   * The budget-exhaustion tickets, evaluated with the budget they read (once per tile). Exhausted: the remaining budget
   * has been at or below 0 for {@code after}. Predicted: the budget is not spent yet (R > 0), and at the burn rate b
   * over the last 6h or 1d (scaled to the window W) the rest runs out within the horizon H: a burn b spends the whole
   * budget in W / b, so R lasts {@code R * W / b <= H}, that is {@code b >= R * W / H}. That ignores the budget that
   * comes back as old bad events leave the window, so it is the earliest the budget can run out: the ticket is never
   * late. It also needs b > 1: a steady burn at or below 1x never spends a rolling budget (it settles at 1 - b), so a
   * service that runs steadily just under its objective is not told, forever, that it is about to run out.
   */
  private List<Rule> exhaustionAlerts(ServiceLevelObjective slo, Duration after, String sel, BigDecimal budget,
      java.util.function.Function<Duration, String> ratio) {
    String remaining = MetricNames.RECORDED_BUDGET_REMAINING + sel;
    Map<String, String> labels = alertLabels(slo, Severity.TICKET);
    String whole = Durations.format(slo.errorBudget().allowedFullOutage());
    Map<String, String> exhausted = new LinkedHashMap<>(slo.alerting().annotations());
    if (runbookBaseUrl != null) {
      exhausted.putIfAbsent("runbook_url", runbookBaseUrl + "/" + Runbooks.exhaustionFileName(slo, false));
    }
    exhausted.putIfAbsent("summary", slo.service() + " " + slo.name() + ": error budget exhausted");
    exhausted.putIfAbsent("description", "SLO '" + slo.name() + "' of " + slo.service() + " (" + slo.describe()
        + ") has spent its whole error budget (" + whole + " of full outage per " + Durations.format(slo.window())
        + ") and has been over it for " + Durations.format(after) + ": {{ $value | humanizePercentage }} of the"
        + " budget remains. The error-budget policy (slo4j gate) freezes releases, except those labelled as its"
        + " exceptions, until it recovers.");
    Duration horizon = exhaustionHorizon(slo);
    List<String> branches = new ArrayList<>();
    for (Duration w : exhaustionWindows(slo)) {
      branches.add("(\n" + indent(ratio.apply(w) + " / " + Decimals.plain(budget) + " > 1") + "\n)\n>=\n"
          + remaining + " * " + slo.window().toSeconds() + " / " + horizon.toSeconds());
    }
    String predictedExpr = "(\n" + branches.stream().map(b -> indent("(\n" + indent(b) + "\n)"))
        .collect(Collectors.joining("\n  or\n")) + "\n)\nand\n" + remaining + " > 0";
    Map<String, String> predicted = new LinkedHashMap<>(slo.alerting().annotations());
    if (runbookBaseUrl != null) {
      predicted.putIfAbsent("runbook_url", runbookBaseUrl + "/" + Runbooks.exhaustionFileName(slo, true));
    }
    predicted.putIfAbsent("summary", slo.service() + " " + slo.name() + ": error budget runs out within "
        + Durations.format(horizon) + " at the current burn");
    predicted.putIfAbsent("description", "SLO '" + slo.name() + "' of " + slo.service() + " (" + slo.describe()
        + ") is burning its error budget {{ $value | printf \"%.1f\" }}x as fast as the objective allows over the last "
        + exhaustionWindows(slo).stream().map(Durations::format).collect(Collectors.joining(" or ")) + "; at that rate"
        + " what remains of it runs out within " + Durations.format(horizon) + ". The whole budget is " + whole
        + " of full outage.");
    return List.of(
        Rule.alerting(MetricNames.EXHAUSTED_ALERT, remaining + " <= 0", Optional.of(after), labels, exhausted),
        Rule.alerting(MetricNames.EXHAUSTION_PREDICTED_ALERT, predictedExpr, labels, predicted));
  }

  /** PromQL quoted in an annotation, which Prometheus reads as a template: each "{{" as the template {{ "{{" }}. */
  private static String templateText(String s) {
    return s.replace("{{", "{{ \"{{\" }}");
  }

  private static String indent(String s) {
    return s.lines().map(l -> "  " + l).collect(Collectors.joining("\n"));
  }

  /** The label matchers of one SLO's recorded series. */
  static String selector(ServiceLevelObjective slo) {
    return "{service=" + promString(slo.service()) + ",slo=" + promString(slo.name()) + "}";
  }

  static String promString(String s) {
    return PromQlString.of(s);
  }

  /**
   * The SLI's bad and total events, summed over the fleet by exactly the labels that identify the SLO.
   * {@code ruleLabels} are the labels the recording rules set; a scraped label of the same name that the aggregation
   * keeps is renamed {@code exported_<name>} ({@link Events#keep}) instead of being overwritten.
   */
  private Events events(ServiceLevelObjective slo, Set<String> ruleLabels) {
    List<String> by = slo.sli().aggregateBy();
    Optional<PromQlEvents> queries = slo.sli().events();
    if (queries.isPresent()) {
      PromQlEvents q = queries.get();
      // Without aggregateBy the queries' own labels decide (they are usually sum(...)); with it, both are summed by
      // those labels, so good and total always carry the same labels and match one to one.
      java.util.function.UnaryOperator<String> agg = by.isEmpty()
          ? x -> "(" + x + ")"
          : x -> "sum by (" + String.join(", ", by) + ") (" + x + ")";
      Set<String> renamed = new TreeSet<>(ruleLabels);
      if (!by.isEmpty()) {
        renamed.retainAll(by);
      }
      return new Events() {
        @Override
        public String bad(Duration w) {
          String r = Durations.prometheus(w);
          String total = agg.apply(q.totalRate(r));
          Optional<String> good = q.goodRate(r);
          if (good.isPresent()) {
            // No good series while there is traffic (a fleet that has only ever failed, a bucket spelled differently,
            // a histogram without the threshold) is an outage: every event is bad. Reading it as 0 hid outages.
            return "(\n  " + total + "\n  -\n  (\n    " + agg.apply(good.get()) + "\n    or\n    0 * " + total
                + "\n  )\n)";
          }
          // An error query with no errors is often empty rather than 0; count it as 0 so the ratio exists.
          return "(\n  " + agg.apply(q.errorRate(r).orElseThrow()) + "\n  or\n  0 * " + total + "\n)";
        }

        @Override
        public String total(Duration w) {
          return agg.apply(q.totalRate(Durations.prometheus(w)));
        }

        @Override
        public String keep(String expr) {
          return exported(expr, renamed);
        }

        @Override
        public String series(Duration w) {
          return q.totalRate(Durations.prometheus(w));
        }

        @Override
        public String absent(Duration w) {
          return "absent(" + series(w) + ")";
        }

        @Override
        public String describe(Duration w) {
          return "the total query " + series(w);
        }

        @Override
        public String whatToCheck() {
          return "Check that the service still exposes the metrics of this query (a renamed metric or label, an "
              + "instrumentation upgrade) and that these rules were regenerated from the current spec.";
        }
      };
    }
    // slo4j's own series: the slo and slo_service labels are matched, so equal SLO names of two services in one
    // Prometheus stay apart, and the sum keeps only `slo` (and aggregateBy): whatever else the scrape attaches
    // (instance, pod, the Kubernetes `service`, `namespace`, `job`, a canary label) can neither split the SLO nor make
    // two series collide once the rules set their own `service` label.
    List<String> keep = new ArrayList<>();
    keep.add(MetricNames.TAG_SLO);
    keep.addAll(by);
    String sum = "sum by (" + String.join(", ", keep) + ")";
    Set<String> renamed = new TreeSet<>(ruleLabels);
    renamed.retainAll(by);
    String sloMatcher = MetricNames.TAG_SLO + "=" + promString(slo.name()) + ","
        + MetricNames.PROMETHEUS_LABEL_SERVICE + "=" + promString(slo.service());
    return slo.sli().<Events>match(availability -> new Events() {
        @Override
        public String bad(Duration w) {
          // A counter registered on its first increment does not exist before the first failure: count it as 0 then,
          // or every ratio (and the budget) is missing until something fails. The 0 only needs the labels of the
          // sum, so it reads the latest sample of each series, not the whole window again. (Total counts every
          // outcome, so a missing good counter needs no guard: bad is then all of total.)
          return "(\n  " + sum + " (rate(" + MetricNames.PROMETHEUS_EVENTS + "{" + sloMatcher + ","
              + MetricNames.TAG_OUTCOME + "=" + promString(MetricNames.OUTCOME_BAD) + "}[" + Durations.prometheus(w)
              + "]))\n  or\n  0 * " + sum + " (" + MetricNames.PROMETHEUS_EVENTS + "{" + sloMatcher + "})\n)";
        }

        @Override
        public String total(Duration w) {
          return sum + " (rate(" + MetricNames.PROMETHEUS_EVENTS + "{" + sloMatcher + "}[" + Durations.prometheus(w)
              + "]))";
        }

        @Override
        public String keep(String expr) {
          return exported(expr, renamed);
        }

        @Override
        public String series(Duration w) {
          return MetricNames.PROMETHEUS_EVENTS + "{" + sloMatcher + "}";
        }
      }, latency -> {
      BigDecimal le = MetricNames.seconds(latency.threshold());
      if (!MetricNames.latencyBucketsSeconds(latency).contains(le)) {
        throw new IllegalArgumentException("slo '" + slo.name() + "': latency threshold " + le
            + "s is not a bucket boundary the recorder publishes " + MetricNames.latencyBucketsSeconds(latency));
      }
      String bucket = MetricNames.PROMETHEUS_LATENCY_BUCKET + "{" + sloMatcher + "," + leMatcher(le) + "}";
      String count = MetricNames.PROMETHEUS_LATENCY_COUNT + "{" + sloMatcher + "}";
      return new Events() {
        @Override
        public String bad(Duration w) {
          String r = Durations.prometheus(w);
          // A threshold bucket with no series (a histogram published without it, an `le` spelled in a way the
          // matcher does not know) while calls are counted makes every call bad: the SLO pages instead of reading 0.
          return "(\n  " + sum + " (rate(" + count + "[" + r + "]))\n  -\n  (\n    " + sum + " (rate(" + bucket
              + "[" + r + "]))\n    or\n    0 * " + sum + " (" + count + ")\n  )\n)";
        }

        @Override
        public String total(Duration w) {
          return sum + " (rate(" + count + "[" + Durations.prometheus(w) + "]))";
        }

        @Override
        public String keep(String expr) {
          return exported(expr, renamed);
        }

        @Override
        public String series(Duration w) {
          return count;
        }

        @Override
        public String absent(Duration w) {
          // The threshold bucket too: without it no call can be good.
          // absent() turns equality matchers into labels: `le` (a single spelling) is summed away with slo_service.
          return "sum without (" + MetricNames.PROMETHEUS_LABEL_SERVICE + ", le) (absent(" + count + ") or absent("
              + bucket + "))";
        }

        @Override
        public String describe(Duration w) {
          return count + " or its threshold bucket " + bucket;
        }

        @Override
        public String whatToCheck() {
          return Events.super.whatToCheck() + " A missing threshold bucket means a meter filter or a registry "
              + "replaced the histogram's buckets: no call can count as good, so the SLO's page fires too.";
        }
      };
    });
  }

  /**
   * {@code expr} with each of {@code labels} moved to {@code exported_<label>} (Prometheus's own convention for a
   * target label that clashes), so the rule's label of that name does not silently overwrite the scraped one. A
   * series without the label is left as it is.
   */
  static String exported(String expr, Set<String> labels) {
    String e = expr;
    for (String l : labels) {
      e = "label_replace(\n" + indent(e) + ",\n  " + promString("exported_" + l) + ", \"$1\", " + promString(l)
          + ", \"(.+)\"\n)";
    }
    return e;
  }

  /** Matches the bucket in Prometheus 2 ({@code le="1"} as exposed) and 3 ({@code le="1.0"} normalised). */
  static String leMatcher(BigDecimal seconds) {
    List<String> spellings = new ArrayList<>(MetricNames.leSpellings(seconds));
    if (spellings.size() == 1) {
      return "le=" + promString(spellings.get(0));
    }
    return "le=~" + promString(spellings.stream().map(s -> s.replace(".", "\\.")).collect(Collectors.joining("|")));
  }

  private interface Events {
    String bad(Duration window);

    String total(Duration window);

    /** An expression that is empty exactly when the SLI has no series (a rate over {@code window} for queries). */
    String series(Duration window);

    /**
     * Empty while {@link #series} has series, else one series. absent() turns a selector's equality matchers into
     * labels; on slo4j's own series {@code slo_service} repeats the alert's {@code service}, so it is summed away.
     */
    default String absent(Duration window) {
      return "sum without (" + MetricNames.PROMETHEUS_LABEL_SERVICE + ") (absent(" + series(window) + "))";
    }

    /** The SLI's series, for people. */
    default String describe(Duration window) {
      return series(window);
    }

    /** {@code expr} (a whole recorded expression) with kept labels that clash with the rules' own renamed. */
    String keep(String expr);

    /** What to look at when the series are missing. */
    default String whatToCheck() {
      return "Check that the deployed version still records this SLO (its name, a meter filter that drops slo4j's "
          + "meters, a renamed metric) and that these rules were regenerated from the current code.";
    }
  }

  /** Options a platform team sets once for every service. */
  public static final class Builder {
    private final Map<String, String> platformLabels = new TreeMap<>();
    private String runbookBaseUrl;

    private Builder() {}

    /**
     * A label on every alert of every SLO (e.g. the platform's {@code team} routing default), validated like an SLO's
     * own alert labels: a Prometheus label name, not one slo4j sets, a non-blank value that is not a template.
     *
     * @throws IllegalArgumentException naming the label and the fix
     */
    public Builder platformLabel(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (List.of("slo", "service", "severity").contains(name)) {
        throw new IllegalArgumentException("platform label '" + name + "' is set by slo4j itself; choose another name");
      }
      // The same checks as an SLO's own alert labels, in one place: a probe SLO carrying the label.
      List<dev.slo4j.Problem> problems = ServiceLevelObjective.builder("platform").service("platform").objective("99.9")
          .alerting(dev.slo4j.Alerting.builder().label(name, value).build()).problems();
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("platform label: " + problems.stream().map(dev.slo4j.Problem::message)
            .collect(Collectors.joining("; ")));
      }
      platformLabels.put(name, value);
      return this;
    }

    /**
     * Where the runbook stubs ({@link Runbooks}) are published: an alert whose SLO gives no {@code runbook_url} links
     * {@code <base>/<service>-<slo>-<page|ticket>.md}.
     *
     * @throws IllegalArgumentException for anything but an http(s) URL without spaces, quotes, a query or a fragment
     */
    public Builder runbookBaseUrl(String base) {
      Objects.requireNonNull(base, "base");
      String trimmed = base.replaceAll("/+$", "");
      if (!trimmed.matches("https?://[A-Za-z0-9._~:@!$&()*+,;=%/-]+") || trimmed.length() > 500) {
        throw new IllegalArgumentException("runbook base URL '" + base + "' is not an http(s) URL without spaces,"
            + " quotes, query or fragment (at most 500 characters), e.g. https://runbooks.example.com/slo4j");
      }
      this.runbookBaseUrl = trimmed;
      return this;
    }

    public RuleGenerator build() {
      return new RuleGenerator(this);
    }
  }
}
