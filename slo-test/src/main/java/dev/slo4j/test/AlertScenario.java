package dev.slo4j.test;

import dev.slo4j.MetricNames;
import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.format.Durations;
import dev.slo4j.rules.Rule;
import dev.slo4j.rules.RuleGenerator;
import dev.slo4j.rules.RuleGroup;
import dev.slo4j.rules.RuleSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Traffic in phases against the alert rules slo4j generates, evaluated by the real {@code promtool test rules}: the
 * way to prove, before rollout, what an alert policy does ("with the payment provider down for 10 minutes, checkout
 * pages within 5 minutes and the page resets within 30") instead of trusting the arithmetic in a document. A platform
 * team tests a policy ({@link #rules(RuleGenerator)}); a product team tests its own SLOs.
 *
 * <p>Each phase sends {@link #requestsPerSecond(double)} events a second to every SLO of the scenario with a fixed
 * error ratio, as the counters slo4j's recorder publishes ({@code slo4j_events_total} for availability,
 * {@code slo4j_latency_seconds_count} and the threshold's bucket for latency). {@link #evaluate()} writes the rules and
 * a promtool test that expects no alert at every evaluation; promtool reports every alert that did fire, and that
 * report becomes the {@link AlertTimeline}.
 *
 * <p>Like every promtool test, all rule groups are evaluated at the test's step (at most a minute), the tile group
 * included, whose production interval is the tile width (5 minutes for a 30-day SLO): a ticket, which lives in that
 * group, can fire here up to a tile earlier than in production. Pages are evaluated as in production.
 *
 * <p>Prometheus has no history before the scenario starts: at +1h, a 6-hour window holds one hour of traffic, so a
 * burn in a short scenario weighs more in the long windows than it would in production (a 10-minute outage after 1h
 * can reach the 6x-over-6h tier). Start with a steady phase as long as the longest window whose reading matters.
 *
 * <p>Immutable: every method returns a new scenario. Scenarios are bounded ({@link #MAX_LENGTH},
 * {@link #MAX_EVALUATIONS}) because promtool's time grows faster than linearly with length (8 days: over a minute).
 */
public final class AlertScenario {

  /** The longest scenario: promtool evaluates every rule at every step. */
  public static final Duration MAX_LENGTH = Duration.ofDays(7);
  /** The most promtool test entries (evaluations times alert names) a scenario may write. */
  public static final int MAX_EVALUATIONS = 20_000;
  static final double DEFAULT_REQUESTS_PER_SECOND = 10;
  private static final String RULE_FILE = "rules.yml";
  private static final String TEST_FILE = "scenario.test.yml";

  /**
   * One phase: its length and its error ratio, fixed or as a burn rate of each SLO's budget; a burst phase fails at
   * {@code ratio} for the first {@code burst} of every {@code every} and is healthy the rest of it.
   */
  private record Spec(Duration length, BigDecimal ratio, BigDecimal burnRate, String kind, Duration every,
      Duration burst) {

    Spec(Duration length, BigDecimal ratio, BigDecimal burnRate, String kind) {
      this(length, ratio, burnRate, kind, null, null);
    }

    /** The phase as runs of steps with one error ratio each (one run, unless the phase has bursts). */
    List<Segment> segments(Duration step) {
      long steps = length.dividedBy(step);
      if (every == null) {
        return List.of(new Segment(steps, ratio, burnRate));
      }
      List<Segment> out = new ArrayList<>();
      long period = every.dividedBy(step);
      long failing = burst.dividedBy(step);
      for (long done = 0; done < steps; done += period) {
        out.add(new Segment(Math.min(failing, steps - done), ratio, null));
        if (steps - done > failing) {
          out.add(new Segment(Math.min(period, steps - done) - failing, BigDecimal.ZERO, null));
        }
      }
      return out;
    }
  }

  /** {@code steps} evaluation steps at one error ratio, fixed or as a burn rate. */
  private record Segment(long steps, BigDecimal ratio, BigDecimal burnRate) {}

  private final List<ServiceLevelObjective> slos;
  private final RuleGenerator rules;
  private final double requestsPerSecond;
  private final List<Spec> specs;
  private final Duration step;

  private AlertScenario(List<ServiceLevelObjective> slos, RuleGenerator rules, double requestsPerSecond,
      List<Spec> specs) {
    this.slos = List.copyOf(slos);
    this.rules = rules;
    this.requestsPerSecond = requestsPerSecond;
    this.specs = List.copyOf(specs);
    this.step = slos.stream().map(AlertScenario::step).min(Comparator.naturalOrder()).orElseThrow();
  }

  /** A scenario for one SLO, with slo4j's default rules and no phases yet. */
  public static AlertScenario forSlo(ServiceLevelObjective slo) {
    Objects.requireNonNull(slo, "slo");
    return forSlos(List.of(slo));
  }

  /**
   * A scenario for several SLOs that share the same traffic (every phase applies to each), e.g. an availability and a
   * latency SLO of one endpoint.
   *
   * @throws IllegalArgumentException when the list is empty, or an SLO reads its own PromQL queries (a scenario
   *     drives slo4j's own series only)
   */
  public static AlertScenario forSlos(List<ServiceLevelObjective> slos) {
    Objects.requireNonNull(slos, "slos");
    if (slos.isEmpty()) {
      throw new IllegalArgumentException("an alert scenario needs at least one SLO");
    }
    for (ServiceLevelObjective slo : slos) {
      Objects.requireNonNull(slo, "slo");
      if (slo.sli().events().isPresent()) {
        throw new IllegalArgumentException("SLO '" + slo.name() + "' of service '" + slo.service()
            + "' reads its own PromQL queries; alert scenarios drive slo4j's own series (availability and latency "
            + "SLIs) only");
      }
    }
    return new AlertScenario(slos, RuleGenerator.ofDefaults(), DEFAULT_REQUESTS_PER_SECOND, List.of());
  }

  /** The rules to test, e.g. a platform's generator with its labels; default {@link RuleGenerator#ofDefaults()}. */
  public AlertScenario rules(RuleGenerator generator) {
    Objects.requireNonNull(generator, "generator");
    return new AlertScenario(slos, generator, requestsPerSecond, specs);
  }

  /**
   * Events a second for each SLO, in every phase (default 10). Low traffic matters: a page needs
   * {@code AlertPolicy.minBadEvents()} bad events in its long window.
   *
   * @throws IllegalArgumentException unless positive, finite and at most 1,000,000
   */
  public AlertScenario requestsPerSecond(double rps) {
    if (!(rps > 0) || rps > 1_000_000 || Double.isInfinite(rps)) {
      throw new IllegalArgumentException("requests per second must be in (0, 1000000], got " + rps);
    }
    return new AlertScenario(slos, rules, rps, specs);
  }

  /**
   * A phase of {@code length} with a fixed error ratio (bad events / all events), the same for every SLO.
   *
   * @throws IllegalArgumentException when the length is not positive or not a whole number of evaluation steps, the
   *     ratio is outside [0, 1], or the scenario would get longer than {@link #MAX_LENGTH}
   */
  public AlertScenario steady(Duration length, double errorRatio) {
    checkRatio(errorRatio);
    return with(new Spec(length, BigDecimal.valueOf(errorRatio), null, "steady"));
  }

  /** A phase of {@code length} where every event fails (error ratio 1). */
  public AlertScenario outage(Duration length) {
    return with(new Spec(length, BigDecimal.ONE, null, "outage"));
  }

  /**
   * A phase that spends each SLO's error budget {@code burnRate} times as fast as the objective allows: error ratio
   * {@code burnRate × (1 - objective)}, e.g. 14.4 × 0.1% = 1.44% for 99.9%.
   *
   * @throws IllegalArgumentException when the burn rate is not positive and finite, or gives an SLO an error ratio
   *     above 1 (more than {@code 1 / (1 - objective)}), and as {@link #steady}
   */
  public AlertScenario burnAt(double burnRate, Duration length) {
    if (!(burnRate > 0) || Double.isInfinite(burnRate)) {
      throw new IllegalArgumentException("burn rate " + burnRate + " of phase " + specs.size()
          + " must be positive and finite");
    }
    BigDecimal rate = BigDecimal.valueOf(burnRate);
    for (ServiceLevelObjective slo : slos) {
      BigDecimal budget = slo.objective().allowedErrorRatio();
      if (rate.multiply(budget).compareTo(BigDecimal.ONE) > 0) {
        throw new IllegalArgumentException("burn rate " + burnRate + " of phase " + specs.size() + " gives SLO '"
            + slo.name() + "' (" + slo.objective() + ", allowed error ratio " + budget.stripTrailingZeros()
            .toPlainString() + ") an error ratio of " + rate.multiply(budget).stripTrailingZeros().toPlainString()
            + ", more than 1; its highest burn rate is " + BigDecimal.ONE.divide(budget, MathContext.DECIMAL64)
            .stripTrailingZeros().toPlainString());
      }
    }
    return with(new Spec(length, null, rate, "burn"));
  }

  /**
   * A phase of {@code length} with short bursts of errors: the first {@code burst} of every {@code every} fails at
   * {@code errorRatio}, the rest of it has no errors; e.g. {@code bursts(hours(6), minutes(30), minutes(2), 1.0)} is
   * a 2-minute outage every half hour, the pattern of a flapping dependency or a crash loop. The last period is cut
   * off at the phase's end.
   *
   * @throws IllegalArgumentException when {@code every} or {@code burst} is not a positive whole number of evaluation
   *     steps, the burst is not shorter than {@code every}, the ratio is outside [0, 1], and as {@link #steady}
   */
  public AlertScenario bursts(Duration length, Duration every, Duration burst, double errorRatio) {
    Objects.requireNonNull(every, "every");
    Objects.requireNonNull(burst, "burst");
    checkRatio(errorRatio);
    for (Map.Entry<String, Duration> d : List.of(Map.entry("burst", burst), Map.entry("period", every))) {
      Duration v = d.getValue();
      if (v.isNegative() || v.isZero() || v.toNanos() % step.toNanos() != 0) {
        throw new IllegalArgumentException("the " + d.getKey() + " of phase " + specs.size() + ", "
            + (v.isNegative() ? "-" : "") + Durations.format(v.abs()) + ", is not a positive whole number of the "
            + "scenario's evaluation step " + Durations.format(step));
      }
    }
    if (burst.compareTo(every) >= 0) {
      throw new IllegalArgumentException("the burst of phase " + specs.size() + ", " + Durations.format(burst)
          + ", must be shorter than its period " + Durations.format(every) + " (a burst as long as the period is "
          + "steady(...))");
    }
    return with(new Spec(length, BigDecimal.valueOf(errorRatio), null, "bursts", every, burst));
  }

  private void checkRatio(double errorRatio) {
    if (Double.isNaN(errorRatio) || errorRatio < 0 || errorRatio > 1) {
      throw new IllegalArgumentException("error ratio " + errorRatio + " of phase " + specs.size()
          + " is outside [0, 1]");
    }
  }

  private AlertScenario with(Spec spec) {
    Duration length = spec.length();
    Objects.requireNonNull(length, "length");
    int index = specs.size();
    if (length.isNegative() || length.isZero()) {
      throw new IllegalArgumentException("the length of phase " + index + " must be positive, got "
          + (length.isNegative() ? "-" : "") + Durations.format(length.abs()));
    }
    if (length.toNanos() % step.toNanos() != 0) {
      throw new IllegalArgumentException("the length of phase " + index + ", " + Durations.format(length) + ", is not a whole number "
          + "of the scenario's evaluation step " + Durations.format(step) + " (at most half the SLO's tile)");
    }
    Duration total = length().plus(length);
    if (total.compareTo(MAX_LENGTH) > 0) {
      throw new IllegalArgumentException("phase " + index + " (" + Durations.format(length) + ") makes the scenario "
          + Durations.format(total) + " long, more than the maximum " + Durations.format(MAX_LENGTH)
          + " (promtool evaluates every rule at every step)");
    }
    long evaluations = total.dividedBy(step) + 1;
    if (evaluations > MAX_EVALUATIONS) {
      throw new IllegalArgumentException("phase " + index + " makes the scenario " + evaluations + " evaluations "
          + "long (every " + Durations.format(step) + " for " + Durations.format(total) + "), more than the maximum "
          + MAX_EVALUATIONS);
    }
    List<Spec> more = new ArrayList<>(specs);
    more.add(spec);
    return new AlertScenario(slos, rules, requestsPerSecond, more);
  }

  /** The SLOs the traffic is sent to. */
  public List<ServiceLevelObjective> slos() {
    return slos;
  }

  /** The phases so far, with their start times relative to the scenario's start. */
  public List<AlertTimeline.Phase> phases() {
    List<AlertTimeline.Phase> phases = new ArrayList<>();
    Duration start = Duration.ZERO;
    for (int i = 0; i < specs.size(); i++) {
      Spec s = specs.get(i);
      phases.add(new AlertTimeline.Phase(i, describe(s), start, s.length()));
      start = start.plus(s.length());
    }
    return List.copyOf(phases);
  }

  /** The scenario's length: the sum of its phases. */
  public Duration length() {
    return specs.stream().map(Spec::length).reduce(Duration.ZERO, Duration::plus);
  }

  /**
   * The interval of the input samples and of rule evaluation: at most half the shortest window of the policy (the
   * tile), so every {@code rate()} sees at least two samples, and a divisor of a minute (60, 30, 20, 15, 10, 5, 2 or 1
   * seconds): 1m for 30-day SLOs, 30s for 7-day ones. The smallest over the scenario's SLOs.
   */
  public Duration step() {
    return step;
  }

  private static Duration step(ServiceLevelObjective slo) {
    long half = slo.alertPolicy().shortestWindow(slo.window()).toSeconds() / 2;
    // A divisor of a minute, so phases of whole minutes fit (a 7-day SLO's 70s tile: 30s, not 35s).
    for (long s : new long[] {60, 30, 20, 15, 10, 5, 2}) {
      if (s <= half) {
        return Duration.ofSeconds(s);
      }
    }
    return Duration.ofSeconds(1);
  }

  private static String describe(Spec s) {
    return switch (s.kind()) {
      case "outage" -> "outage";
      case "burn" -> "burn at " + plain(s.burnRate()) + "x";
      case "bursts" -> "bursts of " + plain(s.ratio().movePointRight(2)) + "% errors for " + Durations.format(s.burst())
          + " every " + Durations.format(s.every());
      default -> "steady " + plain(s.ratio().movePointRight(2)) + "% errors";
    };
  }

  private static String plain(BigDecimal d) {
    return d.stripTrailingZeros().toPlainString();
  }

  /**
   * Runs the scenario: writes the rules and a promtool test into a temporary directory, runs
   * {@code promtool test rules} (the executable is the system property {@code slo4j.promtool}, default
   * {@code promtool}) and reads every alert that fired. Takes about a second per 4 hours of scenario.
   *
   * @throws IllegalStateException when there are no phases, promtool is missing (with how to install it), or promtool
   *     fails for another reason than the alerts it reports (its output is in the message)
   * @throws IllegalArgumentException when the test would have more than {@link #MAX_EVALUATIONS} entries
   */
  public AlertTimeline evaluate() {
    if (specs.isEmpty()) {
      throw new IllegalStateException(
          "the scenario has no phases: add steady(...), outage(...), burnAt(...) or bursts(...)");
    }
    RuleSet set = rules.generate(slos);
    String ruleFile = set.toPrometheusRules(new RuleSet.Header("an AlertScenario", "AlertScenario.evaluate()"));
    String testFile = testFile(set);
    Path dir;
    try {
      dir = Files.createTempDirectory("slo4j-alert-scenario-");
      Files.writeString(dir.resolve(RULE_FILE), ruleFile, StandardCharsets.UTF_8);
      Files.writeString(dir.resolve(TEST_FILE), testFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the scenario's files", e);
    }
    PromtoolProcess.Result result = PromtoolProcess.run(dir, "test", "rules", TEST_FILE);
    SortedMap<Duration, List<SortedMap<String, String>>> fired;
    try {
      fired = PromtoolReport.parse(result.output());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("cannot read promtool's report (files kept in " + dir + "): " + e.getMessage()
          + "\n" + result.output(), e);
    }
    if (result.exitCode() != 0 && fired.isEmpty()) {
      throw new IllegalStateException("promtool test rules failed with exit code " + result.exitCode()
          + " and reported no alerts (files kept in " + dir + "):\n" + result.output());
    }
    if (result.exitCode() == 0 && !fired.isEmpty()) {
      throw new IllegalStateException("promtool passed but reported alerts (files kept in " + dir + "):\n"
          + result.output());
    }
    delete(dir);
    SortedMap<Duration, List<FiredAlert>> alerts = new TreeMap<>();
    fired.forEach((t, labels) -> alerts.put(t, labels.stream().map(FiredAlert::of).toList()));
    return new AlertTimeline(slos, phases(), step, alerts);
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // a temp dir left behind is harmless
    }
  }

  /** The promtool test: the input series of every SLO, then an alert test expecting nothing at every evaluation. */
  String testFile(RuleSet set) {
    StringBuilder y = new StringBuilder();
    y.append("# Written by slo4j's AlertScenario: every alert_rule_test expects no alert, so promtool reports every\n")
        .append("# alert that fires.\n");
    y.append("rule_files: [").append(Quoting.yaml(RULE_FILE)).append("]\n");
    y.append("evaluation_interval: ").append(seconds(step)).append('\n');
    // Tiles first, then the ratios and alerts that read them, as AlertScenarioIT in slo-rules does.
    List<String> order = new ArrayList<>();
    set.groups().stream().filter(g -> g.interval().isPresent()).forEach(g -> order.add(g.name()));
    set.groups().stream().filter(g -> g.interval().isEmpty()).forEach(g -> order.add(g.name()));
    y.append("group_eval_order:\n");
    order.forEach(g -> y.append("  - ").append(Quoting.yaml(g)).append('\n'));
    y.append("tests:\n");
    y.append("  - interval: ").append(seconds(step)).append('\n');
    y.append("    input_series:\n");
    for (ServiceLevelObjective slo : slos) {
      series(y, slo);
    }
    TreeSet<String> alertNames = set.groups().stream().map(RuleGroup::rules).flatMap(List::stream)
        .filter(Rule::isAlert).map(Rule::name).collect(Collectors.toCollection(TreeSet::new));
    long steps = length().dividedBy(step);
    long entries = (steps + 1) * alertNames.size();
    if (entries > MAX_EVALUATIONS) {
      throw new IllegalArgumentException("the scenario needs " + entries + " promtool test entries (" + (steps + 1)
          + " evaluations of " + alertNames.size() + " alerts), more than the maximum " + MAX_EVALUATIONS
          + "; shorten it");
    }
    if (alertNames.isEmpty()) {
      y.append("    alert_rule_test: []\n");
      return y.toString();
    }
    y.append("    alert_rule_test:\n");
    for (long k = 0; k <= steps; k++) {
      String at = seconds(step.multipliedBy(k));
      for (String name : alertNames) {
        y.append("      - eval_time: ").append(at).append('\n');
        y.append("        alertname: ").append(Quoting.yaml(name)).append('\n');
        y.append("        exp_alerts: []\n");
      }
    }
    return y.toString();
  }

  /**
   * The SLO's counters over all phases, every sample written out. Not promtool's expanding notation ({@code a+bxn}):
   * promtool adds {@code b} up in floating point, so a segment that follows could start a hair below where the last
   * one ended (599.7 added 360 times is 215892.0000000012, not 215892), which Prometheus reads as a counter reset and
   * a jump of the whole count: a burst of errors would look like 0.3% instead of 20%. Exact decimals, each rounded to
   * the nearest double by promtool, never decrease.
   */
  private void series(StringBuilder y, ServiceLevelObjective slo) {
    samples(slo).forEach((selector, values) -> {
      y.append("      - series: ").append(Quoting.yaml(selector)).append('\n');
      y.append("        values: ").append(Quoting.yaml(values.stream().map(AlertScenario::plain)
          .collect(Collectors.joining(" ")))).append('\n');
    });
  }

  /** Every phase's segments, in order. */
  private List<Segment> segments() {
    return specs.stream().flatMap(s -> s.segments(step).stream()).toList();
  }

  /** One input counter: its selector (PromQL, as promtool and the text exposition format read it) and its increment
   * per step in each segment of the phases. */
  record InputSeries(String selector, List<BigDecimal> increments) {}

  /** The scenario's input counters with their value at every step from 0 (0 at the start), for another evaluator. */
  java.util.LinkedHashMap<String, List<BigDecimal>> samples() {
    java.util.LinkedHashMap<String, List<BigDecimal>> out = new java.util.LinkedHashMap<>();
    for (ServiceLevelObjective slo : slos) {
      out.putAll(samples(slo));
    }
    return out;
  }

  private java.util.LinkedHashMap<String, List<BigDecimal>> samples(ServiceLevelObjective slo) {
    java.util.LinkedHashMap<String, List<BigDecimal>> out = new java.util.LinkedHashMap<>();
    List<Segment> segments = segments();
    for (InputSeries in : inputSeries(slo)) {
      List<BigDecimal> values = new ArrayList<>(List.of(BigDecimal.ZERO));
      BigDecimal v = BigDecimal.ZERO;
      for (int i = 0; i < segments.size(); i++) {
        for (long k = segments.get(i).steps(); k > 0; k--) {
          v = v.add(in.increments().get(i));
          values.add(v);
        }
      }
      out.put(in.selector(), values);
    }
    return out;
  }

  private List<InputSeries> inputSeries(ServiceLevelObjective slo) {
    BigDecimal perStep = BigDecimal.valueOf(requestsPerSecond).multiply(BigDecimal.valueOf(step.toSeconds()));
    List<BigDecimal> bad = new ArrayList<>();
    for (Segment s : segments()) {
      BigDecimal ratio = s.ratio() != null ? s.ratio() : s.burnRate().multiply(slo.objective().allowedErrorRatio());
      bad.add(perStep.multiply(ratio));
    }
    List<BigDecimal> good = bad.stream().map(perStep::subtract).toList();
    List<BigDecimal> all = bad.stream().map(b -> perStep).toList();
    return slo.sli().match(availability -> List.of(
        new InputSeries(selector(MetricNames.PROMETHEUS_EVENTS, slo,
            Map.of(MetricNames.TAG_OUTCOME, MetricNames.OUTCOME_GOOD)), good),
        new InputSeries(selector(MetricNames.PROMETHEUS_EVENTS, slo,
            Map.of(MetricNames.TAG_OUTCOME, MetricNames.OUTCOME_BAD)), bad)),
        latency -> {
          // As slo-rules' PromtoolTests: all calls in the count, the good ones (at or under the threshold) in its bucket.
          String le = MetricNames.leSpellings(MetricNames.seconds(latency.threshold())).iterator().next();
          return List.of(new InputSeries(selector(MetricNames.PROMETHEUS_LATENCY_COUNT, slo, Map.of()), all),
              new InputSeries(selector(MetricNames.PROMETHEUS_LATENCY_BUCKET, slo, Map.of("le", le)), good));
        });
  }

  private static String selector(String metric, ServiceLevelObjective slo, Map<String, String> extra) {
    SortedMap<String, String> labels = new TreeMap<>(extra);
    labels.put(MetricNames.TAG_SLO, slo.name());
    labels.put(MetricNames.PROMETHEUS_LABEL_SERVICE, slo.service());
    labels.put("instance", "scenario");
    StringBuilder sel = new StringBuilder(metric).append('{');
    labels.forEach((k, v) -> sel.append(sel.charAt(sel.length() - 1) == '{' ? "" : ", ").append(k).append('=')
        .append(Quoting.promQl(v)));
    return sel.append('}').toString();
  }

  private static String seconds(Duration d) {
    return d.toSeconds() + "s";
  }

  @Override
  public String toString() {
    return "AlertScenario for " + AlertTimeline.sloNames(slos) + " at " + requestsPerSecond + " requests/s: "
        + phases().stream().map(AlertTimeline.Phase::toString).collect(Collectors.joining("; "));
  }
}
