package dev.slo4j.spec;

import dev.slo4j.Alerting;
import dev.slo4j.AvailabilitySli;
import dev.slo4j.LatencySli;
import dev.slo4j.Objective;
import dev.slo4j.Problem;
import dev.slo4j.PromQlEvents;
import dev.slo4j.Sli;
import dev.slo4j.Slo;
import dev.slo4j.SloValidationException;
import dev.slo4j.budget.AlertPolicy;
import dev.slo4j.budget.BurnRateTier;
import dev.slo4j.budget.Severity;
import dev.slo4j.internal.Durations;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads SLO spec files: slo4j's own format ({@code docs/spec.md}), OpenSLO {@code SLO} documents and Sloth
 * {@code prometheus/v1} specs, detected from each document, so that teams can bring the specs they already have.
 * Every problem of a file is reported at once, each with the file name and line; a construct that cannot be carried
 * over is an error, never silently dropped.
 *
 * <p>Needs SnakeYAML on the class path (an optional dependency of slo-core). Thread-safe.
 */
public final class SpecLoader {

  /** The {@code version} of slo4j's own format. */
  public static final String VERSION = "slo4j/v1";
  /** The {@code version} of a Sloth spec. */
  public static final String SLOTH_VERSION = "prometheus/v1";

  private SpecLoader() {}

  /**
   * Loads every SLO of a spec file.
   *
   * @throws SloValidationException listing every problem, each located as {@code file:line}
   * @throws IOException when the file cannot be read
   */
  public static List<Slo> load(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  /**
   * Loads every SLO of a spec given as text; {@code sourceName} names it in error messages.
   *
   * @throws SloValidationException listing every problem, each located as {@code sourceName:line}
   */
  public static List<Slo> parse(String yaml, String sourceName) {
    Objects.requireNonNull(yaml, "yaml");
    Objects.requireNonNull(sourceName, "sourceName");
    List<Problem> problems = new ArrayList<>();
    List<Slo> slos = new ArrayList<>();
    List<Node> documents = new ArrayList<>();
    try {
      new Yaml(new SafeConstructor(new LoaderOptions())).composeAll(new StringReader(yaml)).forEach(documents::add);
    } catch (MarkedYAMLException e) {
      int line = (e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark()).getLine() + 1;
      problems.add(Problem.of("", "", "not valid YAML: " + e.getProblem()).at(sourceName + ":" + line));
    } catch (YAMLException e) {
      problems.add(Problem.of("", "", "not valid YAML: " + e.getMessage()).at(sourceName));
    }
    for (Node node : documents) {
      Doc.root(sourceName, node, problems).ifPresent(doc -> read(doc, slos, problems));
    }
    if (problems.isEmpty() && slos.isEmpty()) {
      problems.add(Problem.of("", "slos", "no SLO found; declare at least one under 'slos:'").at(sourceName + ":1"));
    }
    Set<String> seen = new HashSet<>();
    for (Slo slo : slos) {
      if (!seen.add(slo.service() + "/" + slo.name())) {
        problems.add(Problem.of(slo.name(), "name", "name '" + slo.name() + "' is used twice in service '"
            + slo.service() + "'; SLO names must be unique within a service").at(sourceName));
      }
    }
    if (!problems.isEmpty()) {
      throw new SloValidationException(problems);
    }
    return List.copyOf(slos);
  }

  private static void read(Doc doc, List<Slo> slos, List<Problem> problems) {
    Optional<String> version = doc.text("version");
    Optional<String> apiVersion = doc.text("apiVersion");
    if (version.isPresent() && version.get().equals(VERSION)) {
      readOwn(doc, slos);
    } else if (version.isPresent() && version.get().equals(SLOTH_VERSION)) {
      SlothImport.read(doc, slos);
    } else if (apiVersion.isPresent() && apiVersion.get().startsWith("openslo/")) {
      OpenSloImport.read(doc, slos);
    } else {
      String found = version.map(v -> "version '" + v + "'")
          .or(() -> apiVersion.map(v -> "apiVersion '" + v + "'")).orElse("no version");
      doc.problem(version.isPresent() ? "version" : "apiVersion", "unknown spec format (" + found
          + "); use 'version: " + VERSION + "' (slo4j), 'version: " + SLOTH_VERSION
          + "' (Sloth) or 'apiVersion: openslo/v1' (OpenSLO)");
    }
  }

  private static void readOwn(Doc root, List<Slo> slos) {
    root.allowOnly("version", "service", "labels", "defaults", "slos");
    String service = root.text("service").orElse("");
    Map<String, String> labels = root.strings("labels");
    Optional<Doc> defaults = root.map("defaults");
    defaults.ifPresent(d -> d.allowOnly("objective", "window", "alerting", "policy"));
    Optional<String> defaultObjective = defaults.flatMap(d -> d.text("objective"));
    Optional<String> defaultWindow = defaults.flatMap(d -> d.text("window"));
    Optional<AlertPolicy> policy = defaults.flatMap(d -> d.map("policy")).flatMap(SpecLoader::policy);
    if (!root.has("slos")) {
      root.problem("slos", "slos is missing; list the SLOs under 'slos:'");
    }
    for (Doc d : root.maps("slos")) {
      Optional<String> name = d.text("name");
      if (name.isEmpty()) {
        d.problem("name", "an SLO at " + d.location() + " has no name; give each SLO a name, e.g. checkout-latency");
        continue;
      }
      Doc s = d.forSlo(name.get());
      s.allowOnly("name", "service", "description", "objective", "window", "labels", "sli", "alerting");
      Slo.Builder b = Slo.builder(name.get())
          .service(s.text("service").orElse(service))
          .description(s.text("description").orElse(""))
          .labels(labels)
          .labels(s.strings("labels"));
      s.text("objective").or(() -> defaultObjective).ifPresent(b::objective);
      s.text("window").or(() -> defaultWindow).ifPresent(b::window);
      policy.ifPresent(b::alertPolicy);
      sli(s).ifPresent(b::sli);
      Alerting.Builder alerting = Alerting.builder();
      defaults.flatMap(x -> x.map("alerting")).ifPresent(a -> alerting(a, alerting));
      s.map("alerting").ifPresent(a -> alerting(a, alerting));
      b.alerting(alerting.build());
      build(s, b, slos);
    }
  }

  /** Builds the SLO or records the builder's problems at the line of the field they name. */
  static void build(Doc s, Slo.Builder b, List<Slo> slos) {
    List<Problem> found = b.problems();
    if (found.isEmpty()) {
      slos.add(b.build());
      return;
    }
    for (Problem p : found) {
      String key = p.field().contains(".") ? p.field().substring(0, p.field().indexOf('.')) : p.field();
      s.problemAt(key, p);
    }
  }

  private static Optional<Sli> sli(Doc s) {
    Optional<Doc> sli = s.map("sli");
    if (sli.isEmpty()) {
      return Optional.empty();
    }
    Doc d = sli.get();
    d.allowOnly("availability", "latency", "events", "aggregateBy");
    List<String> by = d.texts("aggregateBy");
    Optional<PromQlEvents> events = d.map("events").flatMap(SpecLoader::events);
    if (d.has("availability") && d.has("latency")) {
      d.problem("latency", "sli has both availability and latency; an SLO measures one, declare two SLOs");
      return Optional.empty();
    }
    if (d.has("latency")) {
      Optional<Doc> l = d.map("latency");
      l.ifPresent(x -> x.allowOnly("threshold"));
      Optional<String> threshold = l.flatMap(x -> x.text("threshold"));
      if (threshold.isEmpty()) {
        d.problem("latency", "sli.latency.threshold is missing; give the slowest good call, e.g. 300ms");
        return Optional.empty();
      }
      Duration t;
      try {
        t = Durations.parse(threshold.get());
      } catch (IllegalArgumentException e) {
        l.get().problem("threshold", "sli.latency.threshold " + e.getMessage());
        return Optional.empty();
      }
      return Optional.of(events.map(e -> LatencySli.fromQueries(t, e)).orElseGet(() -> LatencySli.of(t)).aggregateBy(by));
    }
    AvailabilitySli.Builder a = AvailabilitySli.builder();
    d.map("availability").ifPresent(x -> {
      x.allowOnly("badOn", "goodOn");
      a.badOnNames(x.texts("badOn")).goodOnNames(x.texts("goodOn"));
    });
    events.ifPresent(a::events);
    return Optional.of(a.aggregateBy(by).build());
  }

  static Optional<PromQlEvents> events(Doc e) {
    e.allowOnly("errorQuery", "goodQuery", "totalQuery");
    Optional<String> total = e.text("totalQuery");
    Optional<String> error = e.text("errorQuery");
    Optional<String> good = e.text("goodQuery");
    if (total.isEmpty()) {
      e.problem("totalQuery", "sli.events.totalQuery is missing; give a PromQL query of all events with "
          + PromQlEvents.WINDOW + " as its range");
      return Optional.empty();
    }
    if (error.isPresent() == good.isPresent()) {
      e.problem("errorQuery", "sli.events needs exactly one of errorQuery and goodQuery");
      return Optional.empty();
    }
    return Optional.of(error.map(q -> PromQlEvents.badOverTotal(q, total.get()))
        .orElseGet(() -> PromQlEvents.goodOverTotal(good.get(), total.get())));
  }

  static void alerting(Doc a, Alerting.Builder b) {
    a.allowOnly("page", "ticket", "labels", "pageLabels", "ticketLabels", "annotations", "absent");
    a.bool("page").ifPresent(b::page);
    a.bool("ticket").ifPresent(b::ticket);
    b.labels(a.strings("labels"));
    a.strings("pageLabels").forEach(b::pageLabel);
    a.strings("ticketLabels").forEach(b::ticketLabel);
    a.strings("annotations").forEach(b::annotation);
    a.map("absent").ifPresent(absent -> {
      absent.allowOnly("for", "serviceUp");
      try {
        b.absentFor(absent.text("for").map(Durations::parse).orElse(DEFAULT_ABSENT_FOR));
      } catch (IllegalArgumentException e) {
        absent.problem("for", "alerting.absent.for " + e.getMessage());
      }
      absent.text("serviceUp").ifPresent(b::serviceUp);
    });
  }

  /** How long an SLI may lack series before the absent-SLI alert fires, when a spec turns it on without a time. */
  static final Duration DEFAULT_ABSENT_FOR = Duration.ofMinutes(10);

  private static Optional<AlertPolicy> policy(Doc p) {
    p.allowOnly("referenceWindow", "requireOngoingBurn", "tiers");
    AlertPolicy.Builder b = AlertPolicy.builder();
    boolean ok = true;
    try {
      p.text("referenceWindow").map(Durations::parse).ifPresent(b::referenceWindow);
    } catch (IllegalArgumentException e) {
      p.problem("referenceWindow", "policy.referenceWindow " + e.getMessage());
      ok = false;
    }
    p.bool("requireOngoingBurn").ifPresent(b::requireOngoingBurn);
    List<BurnRateTier> tiers = new ArrayList<>();
    for (Doc t : p.maps("tiers")) {
      t.allowOnly("severity", "budgetConsumed", "longWindow", "shortWindow");
      try {
        Severity severity = Severity.valueOf(t.text("severity").orElse("").toUpperCase(Locale.ROOT));
        String budget = t.text("budgetConsumed").orElseThrow(
            () -> new IllegalArgumentException("budgetConsumed is missing, e.g. 2%"));
        BigDecimal share = budget.endsWith("%")
            ? new BigDecimal(budget.substring(0, budget.length() - 1).strip()).divide(BigDecimal.valueOf(100),
                MathContext.DECIMAL64)
            : new BigDecimal(budget);
        Duration longWindow = Durations.parse(t.text("longWindow").orElseThrow(
            () -> new IllegalArgumentException("longWindow is missing, e.g. 1h")));
        Optional<String> shortWindow = t.text("shortWindow");
        tiers.add(shortWindow.isPresent()
            ? new BurnRateTier(severity, share, longWindow, Durations.parse(shortWindow.get()))
            : BurnRateTier.of(severity, share, longWindow));
      } catch (IllegalArgumentException e) {
        t.problem("severity", "policy tier: " + (e.getMessage() != null && e.getMessage().startsWith("No enum")
            ? "severity must be page or ticket" : e.getMessage()));
        ok = false;
      }
    }
    if (!ok) {
      return Optional.empty();
    }
    // Without tiers, the Workbook's, with the options given (e.g. requireOngoingBurn: false alone).
    b.tiers(tiers.isEmpty() ? AlertPolicy.workbook().tiers() : tiers);
    try {
      return Optional.of(b.build());
    } catch (IllegalArgumentException e) {
      p.problem("tiers", "policy: " + e.getMessage());
      return Optional.empty();
    }
  }

  /** Objective given as a ratio (OpenSLO's {@code target: 0.999}). */
  static Optional<String> percentOfRatio(Doc d, String key, String text) {
    try {
      return Optional.of(Objective.ratio(new BigDecimal(text)).toPercentString());
    } catch (IllegalArgumentException e) {
      d.problem(key, key + " " + text + ": " + e.getMessage().replaceFirst("^objective ", ""));
      return Optional.empty();
    }
  }

  static Map<String, String> sorted(Map<String, String> m) {
    return new TreeMap<>(m);
  }
}
