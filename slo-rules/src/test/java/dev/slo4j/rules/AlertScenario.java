package dev.slo4j.rules;

import dev.slo4j.MetricNames;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Synthetic traffic for {@code promtool test rules}, and the checks to run against it: a small builder so that each
 * alerting scenario (outage, steady burn, bursts, no traffic) reads as a timeline.
 *
 * <p>Traffic is per instance and per scrape: every instance serves {@code eventsPerMinute} times its weight (instances
 * {@code a}, {@code b}, {@code c} weigh 1, 2, 3 by default, so the fleet sum matters), and the error ratio of each scrape
 * interval comes from the segments given with {@link #errors(Duration, Duration, double)}. A sample at time {@code t}
 * holds the counter after the interval {@code (t - scrape, t]}, whose ratio is the one in force at {@code t - scrape}:
 * errors starting at {@code T} show in the sample at {@code T + scrape}, as they would in a real scrape.
 *
 * <p>The series are rendered in one of three shapes: slo4j's availability counter, slo4j's latency histogram, or the
 * {@code http_request_duration_seconds_count} series Sloth's getting-started example reads.
 */
final class AlertScenario {

  /** How the events are exposed. */
  enum Shape {
    /** {@code slo4j_events_total{slo, outcome="good"|"bad"}}. */
    AVAILABILITY,
    /** {@code slo4j_latency_seconds_count{slo}} and {@code slo4j_latency_seconds_bucket{slo, le}}; good = in bucket. */
    LATENCY,
    /** {@code http_request_duration_seconds_count{job="myservice", code="200"|"500"}}, as Sloth's example reads. */
    SLOTH
  }

  /** Which generator's alert a check looks at. */
  enum Alerts {
    SLO4J, SLOTH
  }

  /** Bad events of one instance in one scrape interval, when a scenario needs more than a ratio (noise). */
  interface BadEvents {
    double of(int step, int instance, double total);
  }

  private static final String[] INSTANCES = {"a", "b", "c", "d", "e", "f"};

  private final String comment;
  private final Shape shape;
  private final String slo;
  private String service = "checkout";
  private final Alerts alerts;
  private Duration scrape = Duration.ofMinutes(1);
  private Duration length = Duration.ofHours(2);
  private double eventsPerMinute = 1000;
  private double[] weights = {1, 2, 3};
  private List<String> leLabels = List.of("0.3", "0.3", "0.3");
  private final List<Segment> errors = new ArrayList<>();
  private final List<Segment> traffic = new ArrayList<>();
  private BadEvents badEvents;
  private int onlyInstance = -1;
  private boolean omitBadSeries;
  private boolean omitGoodSeries;
  private List<String> copies = List.of("");
  private List<String> instanceLabels = List.of();
  private final List<String> checks = new ArrayList<>();
  private String step = "1m";

  private AlertScenario(String comment, Shape shape, String slo, Alerts alerts) {
    this.comment = comment;
    this.shape = shape;
    this.slo = slo;
    this.alerts = alerts;
  }

  /** slo4j's availability counter for {@code slo}, checked against slo4j's alerts. */
  static AlertScenario availability(String comment, String slo) {
    return new AlertScenario(comment, Shape.AVAILABILITY, slo, Alerts.SLO4J);
  }

  /** slo4j's latency histogram for {@code slo}, checked against slo4j's alerts. */
  static AlertScenario latency(String comment, String slo) {
    return new AlertScenario(comment, Shape.LATENCY, slo, Alerts.SLO4J);
  }

  /** The series of Sloth's getting-started example, checked against slo4j's alerts for a query SLI {@code slo}. */
  static AlertScenario queries(String comment, String slo) {
    return new AlertScenario(comment, Shape.SLOTH, slo, Alerts.SLO4J);
  }

  /** The series of Sloth's getting-started example, checked against Sloth's alerts. */
  static AlertScenario sloth(String comment) {
    return new AlertScenario(comment, Shape.SLOTH, "myservice-requests-availability", Alerts.SLOTH);
  }

  /** The same traffic and error segments in another shape, for another generator, without the checks. */
  AlertScenario as(String newComment, Shape newShape, String newSlo, Alerts newAlerts) {
    AlertScenario s = new AlertScenario(newComment, newShape, newSlo, newAlerts);
    s.scrape = scrape;
    s.length = length;
    s.eventsPerMinute = eventsPerMinute;
    s.weights = weights.clone();
    s.leLabels = leLabels;
    s.errors.addAll(errors);
    s.traffic.addAll(traffic);
    s.badEvents = badEvents;
    s.onlyInstance = onlyInstance;
    s.omitBadSeries = omitBadSeries;
    s.omitGoodSeries = omitGoodSeries;
    s.copies = copies;
    s.instanceLabels = instanceLabels;
    s.step = step;
    s.service = service;
    return s;
  }

  /** The rule evaluation interval of the test file this scenario runs in (subqueries sample at it); default 1m. */
  AlertScenario evaluatedEvery(Duration interval) {
    this.step = seconds(interval);
    return this;
  }

  /** The service of the SLO: the {@code slo_service} label of slo4j's series and the alerts' {@code service}. */
  AlertScenario service(String name) {
    this.service = name;
    return this;
  }

  AlertScenario scrape(Duration interval) {
    this.scrape = interval;
    return this;
  }

  AlertScenario length(Duration total) {
    this.length = total;
    return this;
  }

  /** Events per minute of an instance of weight 1. */
  AlertScenario eventsPerMinute(double perMinute) {
    this.eventsPerMinute = perMinute;
    return this;
  }

  /** From {@code from} to {@code to}, events per minute of an instance of weight 1 (e.g. a quiet night). */
  AlertScenario traffic(Duration from, Duration to, double perMinute) {
    traffic.add(new Segment(from, to, perMinute));
    return this;
  }

  /** One weight per instance (its share of the traffic). */
  AlertScenario instanceWeights(double... w) {
    this.weights = w.clone();
    return this;
  }

  /** The {@code le} label each instance exposes for the threshold bucket (latency shape). */
  AlertScenario leLabels(String... perInstance) {
    this.leLabels = List.of(perInstance);
    return this;
  }

  /** From {@code from} (inclusive) to {@code to} (exclusive), this share of events fails. Later segments win. */
  AlertScenario errors(Duration from, Duration to, double ratio) {
    errors.add(new Segment(from, to, ratio));
    return this;
  }

  /** Only this instance (0-based) has errors; the others stay clean. */
  AlertScenario errorsOnlyOn(int instance) {
    this.onlyInstance = instance;
    return this;
  }

  /**
   * The bad-outcome counter is never exposed (availability shape): what a recorder that creates it on the first error
   * shows until then.
   */
  AlertScenario withoutBadSeries() {
    this.omitBadSeries = true;
    return this;
  }

  /**
   * The good series is never exposed: {@code outcome="good"} (availability), the threshold bucket (latency), {@code
   * code="200"} (Sloth's series). What an instance that has only ever failed, or a histogram without the threshold
   * bucket, shows.
   */
  AlertScenario withoutGoodSeries() {
    this.omitGoodSeries = true;
    return this;
  }

  /**
   * Every series scraped once per label set given (e.g. {@code service="a",job="a"} and {@code service="b",job="b"}):
   * the same pods behind two Kubernetes Services.
   */
  AlertScenario scrapedAs(String... labelSets) {
    this.copies = List.of(labelSets);
    return this;
  }

  /** Extra labels of each instance's series (e.g. {@code canary="true"} on one), {@code ""} for none. */
  AlertScenario instanceLabels(String... perInstance) {
    this.instanceLabels = List.of(perInstance);
    return this;
  }

  /** Bad events per instance and scrape, overriding the error segments. */
  AlertScenario badEvents(BadEvents f) {
    this.badEvents = f;
    return this;
  }

  /** Every {@code period}, from {@code from} to {@code to}, {@code burst} of full errors. */
  AlertScenario bursts(Duration from, Duration to, Duration period, Duration burst) {
    for (Duration t = from; t.compareTo(to) < 0; t = t.plus(period)) {
      errors(t, t.plus(burst), 1.0);
    }
    return this;
  }

  // ---- checks -------------------------------------------------------------------------------------------------

  private String alertSelector(String severity) {
    return alerts == Alerts.SLO4J
        ? "ALERTS{alertname=\"" + MetricNames.BURN_ALERT + "\",alertstate=\"firing\",severity=\"" + severity
            + "\",slo=\"" + slo + "\",service=\"" + service + "\"}"
        : "ALERTS{alertname=\"MyServiceHighErrorRate\",alertstate=\"firing\",sloth_severity=\"" + severity + "\"}";
  }

  /** 1 while the alert of this severity fires, 0 otherwise: a series with no gaps, for subqueries. */
  private String firingBit(String severity) {
    return "(count(" + alertSelector(severity) + ") or vector(0))";
  }

  /** The alert of {@code severity} ({@code page} or {@code ticket}) fires at {@code at}. */
  AlertScenario firing(Duration at, String severity) {
    return check(at, "count(" + alertSelector(severity) + ")", "[{labels: '{}', value: 1}]");
  }

  /** The alert of {@code severity} does not fire at {@code at}. */
  AlertScenario quiet(Duration at, String severity) {
    return check(at, "count(" + alertSelector(severity) + ")", "[]");
  }

  /** Fires first at exactly {@code at}: quiet one minute (one rule evaluation) before, firing at {@code at}. */
  AlertScenario firesFirstAt(Duration at, String severity) {
    return quiet(at.minusMinutes(1), severity).firing(at, severity);
  }

  /** Stops firing at exactly {@code at}: firing one minute before, quiet at {@code at}. */
  AlertScenario resolvesAt(Duration at, String severity) {
    return firing(at.minusMinutes(1), severity).quiet(at, severity);
  }

  /**
   * Never fires from {@code from} to {@code to}: checked at every rule evaluation by a subquery, and directly every
   * {@code every}.
   */
  AlertScenario neverFires(Duration from, Duration to, Duration every, String severity) {
    Duration range = to.minus(from);
    check(to, "sum_over_time(" + firingBit(severity) + "[" + seconds(range) + ":" + step + "])", "[{labels: '{}', value: 0}]");
    for (Duration t = from; t.compareTo(to) <= 0; t = t.plus(every)) {
      quiet(t, severity);
    }
    return this;
  }

  /**
   * Over the {@code range} ending at {@code at}, {@code condition} (a PromQL filter, e.g. a tier's conditions) was last
   * true at {@code last} (from the test's start).
   */
  AlertScenario lastTrueWithin(Duration at, Duration range, String condition, Duration last) {
    return check(at, "max(max_over_time(timestamp(" + condition + ")[" + seconds(range) + ":" + step + "]))",
        "[{labels: '{}', value: " + last.toSeconds() + "}]");
  }

  /** Over the {@code range} ending at {@code at}, {@code condition} was first true at {@code first}. */
  AlertScenario firstTrueWithin(Duration at, Duration range, String condition, Duration first) {
    return check(at, "min(min_over_time(timestamp(" + condition + ")[" + seconds(range) + ":" + step + "]))",
        "[{labels: '{}', value: " + first.toSeconds() + "}]");
  }

  /** This scenario's SLO's alert {@code alertname} (any severity) while it fires. */
  String firingAlert(String alertname) {
    return "ALERTS{alertname=\"" + alertname + "\",alertstate=\"firing\",slo=\"" + slo + "\",service=\"" + service
        + "\"}";
  }

  /** Alert {@code alertname} of this SLO fires, or does not, at {@code at}. */
  AlertScenario alert(Duration at, String alertname, boolean fires) {
    return check(at, "count(" + firingAlert(alertname) + ")", fires ? "[{labels: '{}', value: 1}]" : "[]");
  }

  /** Alert {@code alertname} of this SLO never fires from {@code from} to {@code to}, checked at every evaluation. */
  AlertScenario alertNeverFires(Duration from, Duration to, String alertname) {
    return check(to, "sum_over_time((count(" + firingAlert(alertname) + ") or vector(0))[" + seconds(to.minus(from))
        + ":" + step + "])", "[{labels: '{}', value: 0}]");
  }

  /**
   * Over the {@code range} ending at {@code at}, alert {@code alertname} of this SLO first fired within
   * {@code tolerance} of {@code expected} (from the test's start).
   */
  AlertScenario alertFirstFiresNear(Duration at, Duration range, String alertname, Duration expected,
      Duration tolerance) {
    return check(at, "count(abs(min_over_time(timestamp(count(" + firingAlert(alertname) + "))[" + seconds(range) + ":"
        + step + "]) - " + expected.toSeconds() + ") <= " + tolerance.toSeconds() + ")", "[{labels: '{}', value: 1}]");
  }

  /** The selector of this scenario's SLO, for conditions over slo4j's recorded series. */
  String sel() {
    return "{slo=\"" + slo + "\",service=\"" + service + "\"}";
  }

  /** Over the {@code range} ending at {@code at}, the alert fired first at {@code first} (from the test's start). */
  AlertScenario firstFiringWithin(Duration at, Duration range, String severity, Duration first) {
    return check(at, "min_over_time(timestamp(count(" + alertSelector(severity) + "))[" + seconds(range) + ":" + step + "])",
        "[{labels: '{}', value: " + first.toSeconds() + "}]");
  }

  /** Over the {@code range} ending at {@code at}, the alert fired last at {@code last}. */
  AlertScenario lastFiringWithin(Duration at, Duration range, String severity, Duration last) {
    return check(at, "max_over_time(timestamp(count(" + alertSelector(severity) + "))[" + seconds(range) + ":" + step + "])",
        "[{labels: '{}', value: " + last.toSeconds() + "}]");
  }

  /** Over the {@code range} ending at {@code at}, the alert started firing {@code times} times (1 = no flapping). */
  AlertScenario firingEpisodes(Duration at, Duration range, String severity, int times) {
    // changes() counts both edges; an episode still open at the end has one rising edge only.
    return check(at, "ceil(changes(" + firingBit(severity) + "[" + seconds(range) + ":" + step + "]) / 2)",
        "[{labels: '{}', value: " + times + "}]");
  }

  /** Over the {@code range} ending at {@code at}, the alert fired in {@code minutes} of the rule evaluations. */
  AlertScenario minutesFiring(Duration at, Duration range, String severity, int minutes) {
    return check(at, "sum_over_time(" + firingBit(severity) + "[" + seconds(range) + ":" + step + "])",
        "[{labels: '{}', value: " + minutes + "}]");
  }

  /** {@code expr} (one series) is within {@code tolerance} of {@code expected} at {@code at}; NaN or absent fail. */
  AlertScenario near(Duration at, String expr, double expected, double tolerance) {
    return check(at, "max(abs((" + expr + ") - " + expected + ") <= bool " + tolerance + ")",
        "[{labels: '{}', value: 1}]");
  }

  /** The recorded series {@code record} of this SLO is exactly {@code value} (so not NaN, not absent). */
  AlertScenario recorded(Duration at, String record, double value) {
    String labels = "{service=\"" + (alerts == Alerts.SLO4J ? service : "") + "\", slo=\"" + slo + "\"}";
    return check(at, record + sel(),
        "[{labels: '" + record + labels + "', value: " + value + "}]");
  }

  /** The value of {@code expr} (aggregated to one series) at {@code at}; for measuring, read promtool's answer. */
  AlertScenario value(Duration at, String expr, double expected) {
    return check(at, "max(" + expr + ")", "[{labels: '{}', value: " + expected + "}]");
  }

  /** Any PromQL check. */
  AlertScenario check(Duration at, String expr, String expSamples) {
    checks.add("  - expr: '" + expr.replace("'", "''") + "'\n    eval_time: " + seconds(at) + "\n    exp_samples: "
        + expSamples + "\n");
    return this;
  }

  // ---- rendering ----------------------------------------------------------------------------------------------

  /**
   * One entry of a promtool test file's {@code tests:} list holding these scenarios, which must share a scrape
   * interval and read different SLOs (or generators): one evaluation pass serves them all.
   */
  static String group(List<AlertScenario> scenarios) {
    StringBuilder y = new StringBuilder();
    for (AlertScenario s : scenarios) {
      y.append("# ").append(s.comment).append('\n');
      if (!s.scrape.equals(scenarios.get(0).scrape)) {
        throw new IllegalArgumentException("scenarios of a group share a scrape interval: " + scenarios);
      }
      if (s.checks.isEmpty()) {
        throw new IllegalStateException("scenario '" + s.comment + "' checks nothing");
      }
    }
    y.append("- interval: ").append(seconds(scenarios.get(0).scrape)).append('\n');
    y.append("  input_series:\n");
    scenarios.forEach(s -> s.renderSeries(y));
    y.append("  promql_expr_test:\n");
    scenarios.forEach(s -> s.checks.forEach(y::append));
    return y.toString();
  }

  private void renderSeries(StringBuilder y) {
    long steps = length.toSeconds() / scrape.toSeconds();
    for (int i = 0; i < weights.length; i++) {
      BigDecimal good = BigDecimal.ZERO;
      BigDecimal bad = BigDecimal.ZERO;
      List<BigDecimal> goods = new ArrayList<>();
      List<BigDecimal> bads = new ArrayList<>();
      goods.add(good);
      bads.add(bad);
      for (int k = 1; k <= steps; k++) {
        Duration start = scrape.multipliedBy(k - 1);
        double total = valueAt(traffic, start, eventsPerMinute) * scrape.toSeconds() / 60.0 * weights[i];
        double b;
        if (badEvents != null) {
          b = badEvents.of(k, i, total);
        } else {
          b = (onlyInstance < 0 || onlyInstance == i) ? total * valueAt(errors, start, 0) : 0;
        }
        BigDecimal tb = round(total);
        BigDecimal bb = round(b).min(tb);
        good = good.add(tb.subtract(bb));
        bad = bad.add(bb);
        goods.add(good);
        bads.add(bad);
      }
      for (String copy : copies) {
        String extra = (i < instanceLabels.size() ? instanceLabels.get(i) : "");
        extra = (extra.isEmpty() ? "" : "," + extra) + (copy.isEmpty() ? "" : "," + copy);
        renderInstance(y, "instance=\"" + INSTANCES[i] + "\"" + extra, goods, bads, i);
      }
    }
  }

  private void renderInstance(StringBuilder y, String inst, List<BigDecimal> goods, List<BigDecimal> bads, int i) {
    String ids = "slo=\"" + slo + "\",slo_service=\"" + service + "\"";
    switch (shape) {
      case AVAILABILITY -> {
        if (!omitGoodSeries) {
          series(y, "slo4j_events_total{" + ids + ",outcome=\"good\"," + inst + "}", goods);
        }
        if (!omitBadSeries) {
          series(y, "slo4j_events_total{" + ids + ",outcome=\"bad\"," + inst + "}", bads);
        }
      }
      case LATENCY -> {
        List<BigDecimal> counts = new ArrayList<>();
        for (int k = 0; k < goods.size(); k++) {
          counts.add(goods.get(k).add(bads.get(k)));
        }
        series(y, "slo4j_latency_seconds_count{" + ids + "," + inst + "}", counts);
        if (!omitGoodSeries) {
          series(y, "slo4j_latency_seconds_bucket{" + ids + "," + inst + ",le=\""
              + leLabels.get(i) + "\"}", goods);
        }
        series(y, "slo4j_latency_seconds_bucket{" + ids + "," + inst + ",le=\"+Inf\"}",
            counts);
      }
      case SLOTH -> {
        if (!omitGoodSeries) {
          series(y, "http_request_duration_seconds_count{job=\"myservice\"," + inst + ",code=\"200\"}",
              goods);
        }
        series(y, "http_request_duration_seconds_count{job=\"myservice\"," + inst + ",code=\"500\"}",
            bads);
      }
      default -> throw new IllegalStateException();
    }
  }

  /**
   * A whole promtool test file for {@code ruleFile}, evaluating rules every {@code evaluationInterval}; each inner
   * list is one test group (one evaluation pass). Rule groups are evaluated in {@code groupOrder}, recordings before
   * the alerts that read them.
   */
  static String testFile(String ruleFile, List<String> groupOrder, Duration evaluationInterval,
      List<List<AlertScenario>> groups) {
    StringBuilder y = new StringBuilder();
    y.append("rule_files: ['").append(ruleFile).append("']\n");
    // Without an order promtool evaluates rule groups in map order, which changes between runs: an alert may read
    // ratios recorded this minute or the minute before.
    y.append("group_eval_order:\n");
    groupOrder.forEach(g -> y.append("- '").append(g).append("'\n"));
    y.append("evaluation_interval: ").append(seconds(evaluationInterval)).append("\n");
    y.append("tests:\n");
    groups.forEach(g -> y.append(group(g)));
    return y.toString();
  }

  /**
   * Writes the rules of {@code slos} and a test file of {@code groups} into {@code dir}, checks the rules and runs the
   * tests with the real promtool (the tile groups first, as in production they run before what reads them).
   */
  static void prove(java.nio.file.Path dir, String name, List<dev.slo4j.ServiceLevelObjective> slos,
      Duration evaluationInterval, List<List<AlertScenario>> groups) throws Exception {
    RuleSet set = RuleGenerator.ofDefaults().generate(slos);
    java.nio.file.Files.writeString(dir.resolve("rules.yml"), set.toPrometheusRules(new RuleSet.Header("test",
        "mvn verify")));
    dev.slo4j.testing.Promtool.assertRulesValid(dir, "rules.yml");
    List<String> order = new ArrayList<>();
    set.groups().stream().filter(g -> g.interval().isPresent()).forEach(g -> order.add(g.name()));
    set.groups().stream().filter(g -> g.interval().isEmpty()).forEach(g -> order.add(g.name()));
    java.nio.file.Files.writeString(dir.resolve(name), testFile("rules.yml", order, evaluationInterval, groups),
        java.nio.charset.StandardCharsets.UTF_8);
    dev.slo4j.testing.Promtool.assertTestsPass(dir, name);
  }

  private static void series(StringBuilder y, String name, List<BigDecimal> values) {
    y.append("  - series: '").append(name).append("'\n    values: '").append(expand(values)).append("'\n");
  }

  /**
   * promtool's compact form: each run of equal whole-number increments from a whole number as {@code start+stepxN}
   * (N+1 values); anything else written out. promtool adds a fractional step up in floating point, so the next run
   * could start a hair below where it ended (599.7 added 360 times is 215892.0000000012), which Prometheus reads as a
   * counter reset; whole numbers add up exactly.
   */
  static String expand(List<BigDecimal> v) {
    StringBuilder s = new StringBuilder();
    int i = 0;
    while (i < v.size()) {
      if (i == v.size() - 1) {
        s.append(plain(v.get(i)));
        break;
      }
      BigDecimal d = v.get(i + 1).subtract(v.get(i));
      if (!isWhole(d) || !isWhole(v.get(i))) {
        s.append(plain(v.get(i))).append(' ');
        i++;
        continue;
      }
      int j = i + 1;
      while (j + 1 < v.size() && v.get(j + 1).subtract(v.get(j)).compareTo(d) == 0) {
        j++;
      }
      s.append(plain(v.get(i))).append('+').append(plain(d)).append('x').append(j - i).append(' ');
      i = j + 1;
    }
    return s.toString().trim();
  }

  private static boolean isWhole(BigDecimal d) {
    return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
  }

  private static double valueAt(List<Segment> segments, Duration t, double otherwise) {
    double v = otherwise;
    for (Segment s : segments) {
      if (t.compareTo(s.from) >= 0 && t.compareTo(s.to) < 0) {
        v = s.value;
      }
    }
    return v;
  }

  private static BigDecimal round(double d) {
    return new BigDecimal(d, MathContext.DECIMAL64).setScale(6, java.math.RoundingMode.HALF_EVEN)
        .stripTrailingZeros();
  }

  private static String plain(BigDecimal d) {
    return d.stripTrailingZeros().toPlainString();
  }

  static String seconds(Duration d) {
    return d.toSeconds() + "s";
  }

  /** Minutes as a duration, for readable timelines. */
  static Duration min(long minutes) {
    return Duration.ofMinutes(minutes);
  }

  static Duration hours(double hours) {
    return Duration.ofSeconds(Math.round(hours * 3600));
  }

  private record Segment(Duration from, Duration to, double value) {
    Segment {
      Objects.requireNonNull(from);
      Objects.requireNonNull(to);
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s (%s)", comment, shape);
  }
}
