package dev.slo4j.spec;

import dev.slo4j.Alerting;
import dev.slo4j.AvailabilitySli;
import dev.slo4j.LatencySli;
import dev.slo4j.budget.Objective;
import dev.slo4j.Problem;
import dev.slo4j.PromQlEvents;
import dev.slo4j.Sli;
import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.SloValidationException;
import dev.slo4j.budget.AlertPolicy;
import dev.slo4j.budget.BudgetPolicy;
import dev.slo4j.budget.BurnRateTier;
import dev.slo4j.budget.Severity;
import dev.slo4j.format.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.representer.Representer;

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

  /** The most a spec may hold, all its documents together, in UTF-8 bytes: 3 MiB. */
  public static final int MAX_BYTES = 3 * 1024 * 1024;
  /** The longest line of a spec, in characters: 64 KiB. */
  public static final int MAX_LINE = 64 * 1024;
  /** How deep lists and mappings may nest; a spec needs fewer than 10 levels. */
  public static final int MAX_NESTING = 32;
  /** How many aliases ({@code *name}) of lists and mappings a spec may use. */
  public static final int MAX_ALIASES = 50;

  /**
   * Loads every SLO of a spec file. At most {@link #MAX_BYTES} are read: a larger file is rejected without reading
   * the rest.
   *
   * @throws SloValidationException listing every problem, each located as {@code file:line}
   * @throws IOException when the file cannot be read
   */
  public static List<ServiceLevelObjective> load(Path file) throws IOException {
    return loadSpec(file).slos();
  }

  private static Problem tooLarge(long size) {
    return Problem.of("", "", "too large: " + (size > 0 ? String.format(Locale.ROOT, "%,d bytes", size)
        : "more than " + String.format(Locale.ROOT, "%,d bytes", MAX_BYTES)) + "; a spec may hold at most 3 MiB ("
        + String.format(Locale.ROOT, "%,d", MAX_BYTES) + " bytes), all its documents together: split it into a file "
        + "per service");
  }

  /** Strict UTF-8: a binary or otherwise encoded file is named as such, at the line of its first bad byte. */
  private static String decode(byte[] bytes, String source) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult r = decoder.decode(in, out, true);
    if (!r.isError()) {
      r = decoder.flush(out);
    }
    if (r.isError()) {
      int at = in.position();
      int line = 1;
      for (int i = 0; i < at; i++) {
        line += bytes[i] == '\n' ? 1 : 0;
      }
      throw new SloValidationException(List.of(Problem.of("", "", String.format(Locale.ROOT,
          "not UTF-8 text: byte 0x%02X at line %d is not valid UTF-8 (a binary file?); save the spec as UTF-8",
          bytes[at] & 0xff, line)).at(source + ":" + line)));
    }
    out.flip();
    return out.toString();
  }

  /**
   * Loads every SLO of a spec given as text; {@code sourceName} names it in error messages. The text's size, line
   * lengths and characters are checked in one linear pass before it is parsed (see {@link #MAX_BYTES},
   * {@link #MAX_LINE}); duplicate keys, deep nesting and alias bombs are errors.
   *
   * @throws SloValidationException listing every problem, each located as {@code sourceName:line}
   */
  public static List<ServiceLevelObjective> parse(String yaml, String sourceName) {
    return parseSpec(yaml, sourceName).slos();
  }

  /** What one spec file declares: its SLOs and, for slo4j's own format, its error-budget policy if it states one. */
  public record Spec(List<ServiceLevelObjective> slos, Optional<BudgetPolicy> budgetPolicy) {}

  /**
   * Reads a spec file as {@link #load} does, with its error-budget policy ({@code budgetPolicy:}, docs/spec.md).
   *
   * @throws SloValidationException listing every problem, each located as {@code file:line}
   * @throws IOException when the file cannot be read
   */
  public static Spec loadSpec(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    }
    String source = file.toString();
    if (bytes.length > MAX_BYTES) {
      long size = Files.isRegularFile(file) ? Files.size(file) : -1;
      throw new SloValidationException(List.of(tooLarge(size).at(source)));
    }
    return parseSpec(decode(bytes, source), source);
  }

  /**
   * Reads several spec files as one input, as the CLI and the Maven plugin give them: their SLOs in file order and the
   * one error-budget policy they state. An SLO (service and name) declared in two files is a problem naming both (its
   * rules would be generated twice); so are two files that state different policies, since one gate or analysis
   * applies one policy.
   *
   * @throws SloValidationException listing every problem of every file
   * @throws IOException when a file cannot be read
   */
  public static Spec loadSpecs(List<Path> files) throws IOException {
    Objects.requireNonNull(files, "files");
    List<ServiceLevelObjective> slos = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    Map<String, Path> declaredIn = new LinkedHashMap<>();
    BudgetPolicy policy = null;
    Path policySource = null;
    for (Path file : files) {
      Spec spec;
      try {
        spec = loadSpec(file);
      } catch (SloValidationException e) {
        problems.addAll(e.problems());
        continue;
      }
      for (ServiceLevelObjective slo : spec.slos()) {
        String id = slo.service() + "/" + slo.name();
        Path first = declaredIn.putIfAbsent(id, file);
        if (first != null) {
          problems.add(Problem.of(slo.name(), "name", "SLO " + id + " is declared in both " + first + " and " + file
              + "; declare each SLO (service and name) once: remove one or rename it").at(file.toString()));
        } else {
          slos.add(slo);
        }
      }
      if (spec.budgetPolicy().isPresent()) {
        BudgetPolicy stated = spec.budgetPolicy().get();
        if (policy != null && !policy.equals(stated)) {
          problems.add(Problem.of("", "budgetPolicy", "budgetPolicy (" + stated + ") differs from the one of "
              + policySource + " (" + policy + "); one run applies one policy: state the same one, or gate and"
              + " generate these specs in separate runs").at(file.toString()));
        } else {
          policy = stated;
          policySource = file;
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new SloValidationException(problems);
    }
    return new Spec(List.copyOf(slos), Optional.ofNullable(policy));
  }

  /** As {@link #parse}, with the file's error-budget policy. */
  public static Spec parseSpec(String yaml, String sourceName) {
    Objects.requireNonNull(yaml, "yaml");
    Objects.requireNonNull(sourceName, "sourceName");
    Optional<Problem> unreadable = checkText(yaml, sourceName);
    if (unreadable.isPresent()) {
      throw new SloValidationException(List.of(unreadable.get()));
    }
    List<Problem> problems = new ArrayList<>();
    List<ServiceLevelObjective> slos = new ArrayList<>();
    List<Node> documents = new ArrayList<>();
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false); // composing does not check them: duplicateKeys does
      options.setMaxAliasesForCollections(MAX_ALIASES);
      options.setNestingDepthLimit(MAX_NESTING);
      options.setCodePointLimit(MAX_BYTES);
      DumperOptions dumper = new DumperOptions();
      new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options)
          .composeAll(new StringReader(yaml)).forEach(documents::add);
    } catch (MarkedYAMLException e) {
      problems.add(yamlProblem(e, sourceName));
    } catch (YAMLException e) {
      problems.add(Problem.of("", "", yamlLimit(e)).at(sourceName));
    }
    for (Node node : documents) {
      duplicateKeys(node, sourceName, problems);
    }
    BudgetPolicy[] budgetPolicy = new BudgetPolicy[1];
    for (Node node : documents) {
      Doc.root(sourceName, node, problems).ifPresent(doc -> read(doc, slos, budgetPolicy, problems));
    }
    if (problems.isEmpty() && slos.isEmpty()) {
      problems.add(Problem.of("", "slos", "no SLO found; declare at least one under 'slos:'").at(sourceName + ":1"));
    }
    Set<String> seen = new HashSet<>();
    for (ServiceLevelObjective slo : slos) {
      if (!seen.add(slo.service() + "/" + slo.name())) {
        problems.add(Problem.of(slo.name(), "name", "name '" + slo.name() + "' is used twice in service '"
            + slo.service() + "'; SLO names must be unique within a service").at(sourceName));
      }
    }
    if (!problems.isEmpty()) {
      throw new SloValidationException(problems);
    }
    return new Spec(List.copyOf(slos), Optional.ofNullable(budgetPolicy[0]));
  }

  /**
   * One linear pass over the text before any parsing: its size in UTF-8 bytes, its longest line and characters YAML
   * does not allow (NUL and other control characters, lone surrogates), each reported at its line.
   */
  static Optional<Problem> checkText(String text, String source) {
    long bytes = 0;
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        line++;
        lineStart = i + 1;
        bytes++;
        continue;
      }
      if (i - lineStart >= MAX_LINE) {
        return Optional.of(Problem.of("", "", "line " + line + " is longer than "
            + String.format(Locale.ROOT, "%,d", MAX_LINE) + " characters; a spec's lines are short: break long "
            + "queries over lines with a YAML block scalar (|)").at(source + ":" + line));
      }
      boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1));
      if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f || c == 0xfffe || c == 0xffff
          || (Character.isSurrogate(c) && !pair)) {
        return Optional.of(Problem.of("", "", String.format(Locale.ROOT, "line %d, column %d: the control character "
            + "U+%04X is not allowed (a binary file?); a spec is UTF-8 text", line, i - lineStart + 1, (int) c))
            .at(source + ":" + line));
      }
      bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
      if (pair) {
        i++;
      }
      if (bytes > MAX_BYTES) {
        return Optional.of(tooLarge(-1).at(source));
      }
    }
    return Optional.empty();
  }

  /**
   * A YAML syntax error at its cause: for something left open (a quote, a bracket) where it was opened, with where
   * the parser noticed; otherwise where the parser stopped, with what it was reading.
   */
  private static Problem yamlProblem(MarkedYAMLException e, String source) {
    Mark problem = e.getProblemMark();
    Mark context = e.getContextMark();
    String what = e.getProblem() == null ? "" : e.getProblem().strip();
    String during = e.getContext() == null ? "" : e.getContext().strip();
    if (problem == null && context == null) {
      return Problem.of("", "", "not valid YAML: " + e.getMessage()).at(source);
    }
    boolean leftOpen = what.contains("end of stream") || what.contains("<stream end>")
        || what.contains("document separator") || what.contains("<document end>");
    if (context != null && during.contains("quoted scalar")) {
      return Problem.of("", "", "not valid YAML: unclosed quote starting at line " + line(context) + ", column "
          + column(context) + " (" + what + (problem == null ? "" : " at line " + line(problem)) + "); close it with "
          + "the same quote").at(source + ":" + line(context));
    }
    boolean samePlace = context != null && problem != null && context.getIndex() == problem.getIndex();
    if (samePlace) {
      return Problem.of("", "", "not valid YAML: " + what + " at line " + line(problem) + ", column "
          + column(problem) + ", " + during + (leftOpen ? "; is a bracket ([ or {) left open?" : ""))
          .at(source + ":" + line(problem));
    }
    if (context != null && (leftOpen || problem == null)) {
      return Problem.of("", "", "not valid YAML: " + what + (problem == null ? "" : " at line " + line(problem)
          + ", column " + column(problem)) + ", " + during + " starting at line " + line(context) + ", column "
          + column(context) + ", never closed").at(source + ":" + line(context));
    }
    return Problem.of("", "", "not valid YAML: " + what + " at line " + line(problem) + ", column " + column(problem)
        + (context == null ? "" : ", " + during + " starting at line " + line(context) + ", column "
        + column(context))).at(source + ":" + line(problem));
  }

  private static int line(Mark m) {
    return m.getLine() + 1;
  }

  private static int column(Mark m) {
    return m.getColumn() + 1;
  }

  /** SnakeYAML's limits, in the spec's terms. */
  private static String yamlLimit(YAMLException e) {
    String m = String.valueOf(e.getMessage());
    if (m.startsWith("Nesting Depth exceeded")) {
      return "not valid YAML: lists and mappings nest more than " + MAX_NESTING + " levels deep; a spec needs fewer "
          + "than 10";
    }
    if (m.startsWith("Number of aliases")) {
      return "not valid YAML: more than " + MAX_ALIASES + " aliases (*name) of lists or mappings; write the values "
          + "out (an alias bomb expands to billions of values)";
    }
    if (m.contains("exceeds the limit")) {
      return tooLarge(-1).message();
    }
    return "not valid YAML: " + m.lines().findFirst().orElse(m);
  }

  /**
   * Reports every key given twice in one mapping: YAML parsers keep the last silently, so {@code objective: 99.9}
   * followed by {@code objective: 50} would be a 50% SLO. Each node is visited once, however often aliases reuse it.
   */
  private static void duplicateKeys(Node root, String source, List<Problem> problems) {
    Set<Node> visited = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Node> todo = new ArrayDeque<>();
    todo.push(root);
    while (!todo.isEmpty()) {
      Node n = todo.pop();
      if (!visited.add(n)) {
        continue;
      }
      if (n instanceof MappingNode m) {
        Map<String, Node> keys = new HashMap<>();
        for (NodeTuple t : m.getValue()) {
          if (t.getKeyNode() instanceof ScalarNode k) {
            Node first = keys.putIfAbsent(k.getValue(), k);
            if (first != null) {
              problems.add(Problem.of("", k.getValue(), "key '" + k.getValue() + "' appears twice in one mapping "
                  + "(lines " + line(first.getStartMark()) + " and " + line(k.getStartMark()) + "); YAML would keep "
                  + "only the last, remove one").at(Doc.where(source, k)));
            }
          }
          todo.push(t.getValueNode());
        }
      } else if (n instanceof SequenceNode seq) {
        seq.getValue().forEach(todo::push);
      }
    }
  }

  private static void read(Doc doc, List<ServiceLevelObjective> slos, BudgetPolicy[] budgetPolicy,
      List<Problem> problems) {
    Optional<String> version = doc.text("version");
    Optional<String> apiVersion = doc.text("apiVersion");
    if (version.isPresent() && version.get().equals(VERSION)) {
      readOwn(doc, slos);
      doc.map("budgetPolicy").flatMap(SpecLoader::budgetPolicy).ifPresent(p -> budgetPolicy[0] = p);
    } else if (version.isPresent() && version.get().equals(SLOTH_VERSION)) {
      SlothImport.read(doc, slos);
    } else if (apiVersion.isPresent() && apiVersion.get().startsWith("openslo/")) {
      OpenSloImport.read(doc, slos);
    } else if (apiVersion.isPresent() && apiVersion.get().startsWith(SlothImport.CRD_GROUP)) {
      SlothImport.readCrd(doc, slos);
    } else {
      String found = version.map(v -> "version '" + v + "'")
          .or(() -> apiVersion.map(v -> "apiVersion '" + v + "'")).orElse("no version");
      doc.problem(version.isPresent() ? "version" : "apiVersion", "unknown spec format (" + found
          + "); use 'version: " + VERSION + "' (slo4j), 'version: " + SLOTH_VERSION
          + "' (Sloth), 'apiVersion: " + SlothImport.CRD_API_VERSION + "' with 'kind: " + SlothImport.CRD_KIND
          + "' (Sloth on Kubernetes) or 'apiVersion: openslo/v1' (OpenSLO)");
    }
  }

  private static void readOwn(Doc root, List<ServiceLevelObjective> slos) {
    root.allowOnly("version", "service", "labels", "defaults", "slos", "budgetPolicy");
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
      ServiceLevelObjective.Builder b = ServiceLevelObjective.builder(name.get())
          .service(s.text("service").orElse(service))
          .description(s.text("description").orElse(""))
          .labels(merged(labels, s.strings("labels")));
      s.text("objective").or(() -> defaultObjective).ifPresent(b::objective);
      s.text("window").or(() -> defaultWindow).ifPresent(b::window);
      policy.ifPresent(b::alertPolicy);
      sli(s).ifPresent(b::sli);
      // The file's defaults, then the SLO's own alerting, which may change each of them once.
      Alerting.Builder fileDefaults = Alerting.builder();
      defaults.flatMap(x -> x.map("alerting")).ifPresent(a -> alerting(a, fileDefaults));
      Alerting.Builder alerting = fileDefaults.build().toBuilder();
      s.map("alerting").ifPresent(a -> alerting(a, alerting));
      b.alerting(alerting.build());
      build(s, b, slos);
    }
  }

  /** The file's labels with the SLO's own on top (an SLO's label replaces the file's label of that name). */
  static Map<String, String> merged(Map<String, String> file, Map<String, String> slo) {
    Map<String, String> all = new java.util.TreeMap<>(file);
    all.putAll(slo);
    return all;
  }

  /** Builds the SLO or records the builder's problems at the line of the field they name. */
  static void build(Doc s, ServiceLevelObjective.Builder b, List<ServiceLevelObjective> slos) {
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
    e.allowOnly("badQuery", "goodQuery", "totalQuery");
    Optional<String> total = e.text("totalQuery");
    Optional<String> error = e.text("badQuery");
    Optional<String> good = e.text("goodQuery");
    if (total.isEmpty()) {
      e.problem("totalQuery", "sli.events.totalQuery is missing; give a PromQL query of all events with "
          + PromQlEvents.WINDOW + " as its range");
      return Optional.empty();
    }
    if (error.isPresent() == good.isPresent()) {
      e.problem("badQuery", "sli.events needs exactly one of badQuery and goodQuery");
      return Optional.empty();
    }
    return Optional.of(error.map(q -> PromQlEvents.badOverTotal(q, total.get()))
        .orElseGet(() -> PromQlEvents.goodOverTotal(good.get(), total.get())));
  }

  static void alerting(Doc a, Alerting.Builder b) {
    a.allowOnly("page", "ticket", "labels", "pageLabels", "ticketLabels", "annotations", "absent",
        "budgetExhaustion");
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
    a.map("budgetExhaustion").ifPresent(exhaustion -> {
      exhaustion.allowOnly("for", "horizon");
      Duration after = DEFAULT_EXHAUSTED_FOR;
      Duration horizon = null;
      try {
        after = exhaustion.text("for").map(Durations::parse).orElse(DEFAULT_EXHAUSTED_FOR);
      } catch (IllegalArgumentException e) {
        exhaustion.problem("for", "alerting.budgetExhaustion.for " + e.getMessage());
      }
      try {
        horizon = exhaustion.text("horizon").map(Durations::parse).orElse(null);
      } catch (IllegalArgumentException e) {
        exhaustion.problem("horizon", "alerting.budgetExhaustion.horizon " + e.getMessage());
      }
      b.budgetExhaustionAlerts(after, horizon);
    });
  }

  /** How long the budget must stay spent before the budget-exhausted ticket, when a spec gives no time. */
  static final Duration DEFAULT_EXHAUSTED_FOR = Duration.ofMinutes(5);

  /** How long an SLI may lack series before the absent-SLI alert fires, when a spec turns it on without a time. */
  static final Duration DEFAULT_ABSENT_FOR = Duration.ofMinutes(10);

  private static Optional<AlertPolicy> policy(Doc p) {
    p.allowOnly("referenceWindow", "requireOngoingBurn", "minBadEvents", "tiers");
    AlertPolicy.Builder b = AlertPolicy.builder();
    boolean ok = true;
    try {
      p.text("referenceWindow").map(Durations::parse).ifPresent(b::referenceWindow);
    } catch (IllegalArgumentException e) {
      p.problem("referenceWindow", "policy.referenceWindow " + e.getMessage());
      ok = false;
    }
    p.bool("requireOngoingBurn").ifPresent(b::requireOngoingBurn);
    Optional<String> minBad = p.text("minBadEvents");
    if (minBad.isPresent()) {
      if (minBad.get().matches("[0-9]{1,7}")) {
        b.minBadEvents(Long.parseLong(minBad.get()));
      } else {
        p.problem("minBadEvents", "policy.minBadEvents '" + minBad.get() + "' is not a whole number from 0 to "
            + AlertPolicy.MAX_MIN_BAD_EVENTS + "; use e.g. 3, or 0 to turn the low-traffic protection off");
        ok = false;
      }
    }
    List<BurnRateTier> tiers = new ArrayList<>();
    for (Doc t : p.maps("tiers")) {
      t.allowOnly("severity", "budgetConsumed", "longWindow", "shortWindow");
      try {
        Severity severity = Severity.valueOf(t.text("severity").orElse("").toUpperCase(Locale.ROOT));
        String budget = t.text("budgetConsumed").orElseThrow(
            () -> new IllegalArgumentException("budgetConsumed is missing, e.g. 2%"));
        String number = (budget.endsWith("%") ? budget.substring(0, budget.length() - 1) : budget).strip();
        if (!number.matches("[0-9]{1,12}(\\.[0-9]{1,12})?")) { // bounded before BigDecimal reads it
          throw new IllegalArgumentException("budgetConsumed '" + budget + "' is not a share such as 2% or 0.02");
        }
        BigDecimal share = budget.endsWith("%")
            ? new BigDecimal(number).divide(BigDecimal.valueOf(100), MathContext.DECIMAL64)
            : new BigDecimal(number);
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
    // Without tiers, the Workbook's, with the options given (e.g. requireOngoingBurn: false or minBadEvents alone).
    b.tiers(tiers.isEmpty() ? AlertPolicy.workbook().tiers() : tiers);
    try {
      return Optional.of(b.build());
    } catch (IllegalArgumentException e) {
      p.problem("tiers", "policy: " + e.getMessage());
      return Optional.empty();
    }
  }

  /** {@code budgetPolicy:} warnBelow, freezeBelow (shares such as 25% or 0.25) and exceptions (release labels). */
  private static Optional<BudgetPolicy> budgetPolicy(Doc p) {
    p.allowOnly("warnBelow", "freezeBelow", "exceptions");
    BudgetPolicy.Builder b = BudgetPolicy.builder();
    boolean ok = true;
    for (String key : List.of("warnBelow", "freezeBelow")) {
      Optional<String> text = p.text(key);
      if (text.isEmpty()) {
        continue;
      }
      double share;
      try {
        share = BudgetPolicy.parseShare("budgetPolicy." + key, text.get());
      } catch (IllegalArgumentException e) {
        p.problem(key, e.getMessage());
        ok = false;
        continue;
      }
      try {
        if (key.equals("warnBelow")) {
          b.warnBelow(share);
        } else {
          b.freezeBelow(share);
        }
      } catch (IllegalArgumentException e) {
        p.problem(key, "budgetPolicy." + e.getMessage());
        ok = false;
      }
    }
    if (p.has("exceptions")) {
      try {
        b.exceptions(p.texts("exceptions"));
      } catch (IllegalArgumentException e) {
        p.problem("exceptions", "budgetPolicy.exceptions: " + e.getMessage());
        ok = false;
      }
    }
    if (!ok) {
      return Optional.empty();
    }
    try {
      return Optional.of(b.build());
    } catch (IllegalArgumentException e) {
      p.problem("freezeBelow", "budgetPolicy: " + e.getMessage());
      return Optional.empty();
    }
  }

  /** Objective given as a ratio (OpenSLO's {@code target: 0.999}). */
  static Optional<String> percentOfRatio(Doc d, String key, String text) {
    try {
      return Optional.of(Objective.parseRatio(text).toPercentString());
    } catch (IllegalArgumentException e) {
      d.problem(key, key + " " + text + ": " + e.getMessage().replaceFirst("^objective ", ""));
      return Optional.empty();
    }
  }

  static Map<String, String> sorted(Map<String, String> m) {
    return new TreeMap<>(m);
  }
}
