package dev.slo4j.project;

import dev.slo4j.declare.SloDeclaration;
import dev.slo4j.declare.SloDefaults;

import dev.slo4j.budget.Objective;
import dev.slo4j.Problem;
import dev.slo4j.SloValidationException;
import dev.slo4j.format.Durations;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * slo4j's configuration as a build reads it from a service's files, the way Spring Boot reads it at run time:
 * {@code slo4j.service}, {@code spring.application.name}, {@code slo4j.defaults.*} and {@code slo4j.slos.*} from
 * {@code application.properties} and {@code application.yml} (and the files of named profiles), with Spring's relaxed
 * names ({@code runbook-url}, {@code runbookUrl}, {@code runbook_url}) and bracketed map keys; and the platform's
 * {@code META-INF/slo4j/defaults.yaml}, which holds the keys of {@code slo4j.defaults} as YAML.
 *
 * <p>Immutable and thread-safe. Reading YAML needs SnakeYAML on the class path.
 */
public final class Slo4jConfig {

  /** Where a platform ships its defaults on the class path. */
  public static final String PLATFORM_DEFAULTS = "META-INF/slo4j/defaults.yaml";

  private final String slo4jService;
  private final String applicationName;
  private final String serviceSource;
  private final SloDefaults defaults;
  private final List<SloDeclaration> declarations;
  private final List<String> activeProfiles;

  private Slo4jConfig(String slo4jService, String applicationName, String serviceSource, SloDefaults defaults,
      List<SloDeclaration> declarations, List<String> activeProfiles) {
    this.slo4jService = slo4jService;
    this.applicationName = applicationName;
    this.serviceSource = serviceSource;
    this.defaults = defaults;
    this.declarations = List.copyOf(declarations);
    this.activeProfiles = List.copyOf(activeProfiles);
  }

  /** A property's value and the file it came from. */
  public record Value(String value, String source) {
    public Value {
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(source, "source");
    }
  }

  /** The service a build or a running service names, and where that name came from. */
  public record Service(String name, String source) {}

  /**
   * The configuration of flat properties (later files already laid over earlier ones).
   *
   * @throws SloValidationException naming the property, its file, the value and the fix for every bad value
   */
  public static Slo4jConfig of(Map<String, Value> properties) {
    List<Problem> problems = new ArrayList<>();
    String slo4jService = null;
    String applicationName = null;
    String serviceSource = null;
    String appSource = null;
    SloDefaults.Builder defaults = SloDefaults.builder();
    Map<String, SloDeclaration.Builder> slos = new LinkedHashMap<>();
    List<String> profiles = new ArrayList<>();
    for (Map.Entry<String, Value> e : properties.entrySet()) {
      List<String> key = segments(e.getKey());
      String value = e.getValue().value().strip();
      String where = e.getValue().source() + ": " + e.getKey();
      if (matches(key, "spring", "application", "name")) {
        applicationName = value;
        appSource = where;
      } else if (matches(key, "spring", "profiles", "active")) {
        for (String p : value.split(",")) {
          if (!p.isBlank()) {
            profiles.add(p.strip());
          }
        }
      } else if (key.size() >= 2 && canon(key.get(0)).equals("slo4j")) {
        String section = canon(key.get(1));
        if (section.equals("service") && key.size() == 2) {
          slo4jService = value;
          serviceSource = where;
        } else if (section.equals("defaults")) {
          defaults(key.subList(2, key.size()), value, where, defaults, problems);
        } else if (section.equals("slos") && key.size() >= 4) {
          String name = key.get(2);
          SloDeclaration.Builder b = slos.computeIfAbsent(name,
              n -> SloDeclaration.builder(n, "property slo4j.slos." + n + " (" + e.getValue().source() + ")"));
          slo(key.subList(3, key.size()), value, where, b, problems);
        }
      }
    }
    SloDefaults d = defaults.build();
    check(d, "", problems);
    if (!problems.isEmpty()) {
      throw new SloValidationException(problems);
    }
    return new Slo4jConfig(blankToNull(slo4jService), blankToNull(applicationName),
        slo4jService != null && !slo4jService.isBlank() ? serviceSource : appSource, d,
        slos.values().stream().map(SloDeclaration.Builder::build).toList(), profiles);
  }

  /**
   * The defaults a platform ships in {@value #PLATFORM_DEFAULTS}: the keys of {@code slo4j.defaults} as YAML, e.g.
   * {@code objective: 99.9%}, {@code window: 28d}, {@code labels: {team: platform}}.
   *
   * @throws SloValidationException for a key it does not know, a bad value, or text that is not YAML
   */
  public static SloDefaults platformDefaults(String yaml, String source) {
    List<Problem> problems = new ArrayList<>();
    Map<String, Value> flat = flattenYaml(yaml, source, List.of());
    SloDefaults.Builder b = SloDefaults.builder();
    for (Map.Entry<String, Value> e : flat.entrySet()) {
      defaults(segments(e.getKey()), e.getValue().value().strip(), source + ": " + e.getKey(), b, problems);
    }
    SloDefaults d = b.build();
    check(d, source + ": ", problems);
    if (!problems.isEmpty()) {
      throw new SloValidationException(problems);
    }
    return d;
  }

  /** The platform's defaults, and the file they came from (empty when there is none). */
  public record Platform(SloDefaults defaults, String source) {}

  /**
   * The platform's defaults of the {@value #PLATFORM_DEFAULTS} files found on a class path, by where each was found:
   * none gives none; two that differ are an error, since which one wins would depend on the order of jars.
   *
   * @throws IllegalArgumentException naming both files
   * @throws SloValidationException for a bad file
   */
  public static Platform platformDefaults(Map<String, String> textBySource) {
    if (textBySource.isEmpty()) {
      return new Platform(SloDefaults.none(), "");
    }
    if (textBySource.values().stream().distinct().count() > 1) {
      throw new IllegalArgumentException("the class path holds " + textBySource.size() + " different platform "
          + "defaults files (" + String.join(", ", new TreeMap<>(textBySource).keySet()) + "); keep one "
          + PLATFORM_DEFAULTS + " per application, or set the differing values in the service's slo4j.defaults.*");
    }
    Map.Entry<String, String> first = new TreeMap<>(textBySource).entrySet().iterator().next();
    return new Platform(platformDefaults(first.getValue(), first.getKey()), first.getKey());
  }

  /**
   * The properties of a {@code .properties} file, in file order, each tagged with {@code source}.
   *
   * @throws SloValidationException when the text is not a properties file
   */
  public static Map<String, Value> readProperties(String text, String source) {
    Properties p = new Properties();
    try {
      p.load(new StringReader(text));
    } catch (IOException | IllegalArgumentException e) {
      throw new SloValidationException(List.of(Problem.of("", "", "not a properties file: " + e.getMessage())
          .at(source)));
    }
    Map<String, Value> out = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> out.put(k, new Value(p.getProperty(k), source)));
    return out;
  }

  /**
   * The properties of a YAML file (nested keys joined with dots, list items as {@code [i]}); of a multi-document
   * file, the documents without {@code spring.config.activate.on-profile} and those whose profile is active.
   *
   * @throws SloValidationException when the text is not YAML
   */
  public static Map<String, Value> flattenYaml(String yaml, String source, Collection<String> activeProfiles) {
    // In a class of its own: SnakeYAML is optional, and a plain-Java build (the annotation processor) never reads YAML.
    return YamlFlattener.flatten(yaml, source, activeProfiles);
  }

  /**
   * The service of a build: {@code slo4j.service}, else {@code spring.application.name}, else the build's explicit
   * setting; when the build names one and the configuration another, that is an error, not a guess.
   *
   * @param explicit the build's setting (the Maven plugin's {@code <service>}, {@code -Aslo4j.service}); null if none
   * @param explicitSource how the build's setting is spelled, for the message
   * @throws IllegalArgumentException naming both names, where each came from, and the fix
   */
  public Service service(String explicit, String explicitSource) {
    String configured = slo4jService != null ? slo4jService : applicationName;
    String e = blankToNull(explicit);
    if (e != null && configured != null && !e.equals(configured)) {
      throw new IllegalArgumentException("the service is '" + e + "' by " + explicitSource + " but '" + configured
          + "' by " + serviceSource + ": the rules would select slo_service=\"" + e + "\" while the running service "
          + "publishes slo_service=\"" + configured + "\" and no alert could ever fire. Remove " + explicitSource
          + " (the configuration names the service) or make both the same");
    }
    if (configured != null) {
      return new Service(configured, serviceSource);
    }
    return e != null ? new Service(e, explicitSource) : new Service("", "");
  }

  /** {@code slo4j.service}; null when unset. */
  public String slo4jService() {
    return slo4jService;
  }

  /** {@code spring.application.name}; null when unset. */
  public String applicationName() {
    return applicationName;
  }

  /** The service's {@code slo4j.defaults.*}, unset values left unset (to fall through to the platform's). */
  public SloDefaults defaults() {
    return defaults;
  }

  /** The SLOs of {@code slo4j.slos.*}. */
  public List<SloDeclaration> declarations() {
    return declarations;
  }

  /** {@code spring.profiles.active}. */
  public List<String> activeProfiles() {
    return activeProfiles;
  }

  /**
   * The defaults that hold one value, as canonical key segments. A value under a longer key
   * (slo4j.defaults.objective.x) is one that Spring's binding ignores: read, the build would generate rules from a
   * default the running service does not have.
   */
  private static final Set<List<String>> SINGLE_VALUED_DEFAULTS = Set.of(List.of("objective"), List.of("window"),
      List.of("page"), List.of("ticket"), List.of("alerting", "absentfor"),
      List.of("alerting", "budgetexhaustion", "for"), List.of("alerting", "budgetexhaustion", "horizon"));

  private static void defaults(List<String> key, String value, String where, SloDefaults.Builder b,
      List<Problem> problems) {
    if (key.isEmpty()) {
      return;
    }
    String field = canon(key.get(0));
    String rest = String.join(".", key.subList(1, key.size()));
    for (int depth = 1; depth < key.size(); depth++) {
      List<String> head = key.subList(0, depth);
      if (SINGLE_VALUED_DEFAULTS.contains(head.stream().map(Slo4jConfig::canon).toList())) {
        problems.add(Problem.of("", "defaults", where + " is not a setting of slo4j; did you mean slo4j.defaults."
            + String.join(".", head) + "?"));
        return;
      }
    }
    switch (field) {
      case "objective" -> b.objective(value);
      case "window" -> b.window(value);
      case "page" -> b.page(bool(value, where, problems));
      case "ticket" -> b.ticket(bool(value, where, problems));
      case "labels" -> b.label(rest, value);
      case "alerting" -> {
        String sub = key.size() > 1 ? canon(key.get(1)) : "";
        String name = String.join(".", key.subList(Math.min(2, key.size()), key.size()));
        switch (sub) {
          case "labels" -> b.alertLabels(Map.of(name, value));
          case "pagelabels" -> b.pageLabels(Map.of(name, value));
          case "ticketlabels" -> b.ticketLabels(Map.of(name, value));
          case "annotations" -> b.annotations(Map.of(name, value));
          case "absentfor" -> b.absentFor(value);
          case "budgetexhaustion" -> {
            switch (canon(name)) {
              case "for" -> b.budgetExhaustionFor(value);
              case "horizon" -> b.budgetExhaustionHorizon(value);
              default -> problems.add(Problem.of("", "defaults", where + " is not a setting of slo4j; the "
                  + "budget-exhaustion defaults are for and horizon"));
            }
          }
          default -> problems.add(Problem.of("", "defaults", where + " is not a setting of slo4j; the alerting "
              + "defaults are labels, page-labels, ticket-labels, annotations, absent-for and budget-exhaustion"));
        }
      }
      default -> problems.add(Problem.of("", "defaults", where + " is not a setting of slo4j; the defaults are "
          + "objective, window, labels, page, ticket and alerting"));
    }
  }

  private static void slo(List<String> key, String value, String where, SloDeclaration.Builder b,
      List<Problem> problems) {
    String field = canon(key.get(0));
    String rest = String.join(".", key.subList(1, key.size()));
    switch (field) {
      case "description" -> b.description(value);
      case "objective" -> b.objective(value);
      case "window" -> b.window(value);
      case "latency" -> b.latency(value);
      case "page" -> b.page(bool(value, where, problems));
      case "ticket" -> b.ticket(bool(value, where, problems));
      case "runbookurl" -> b.runbookUrl(value);
      case "labels" -> b.labels(List.of(rest + "=" + value));
      case "observation", "match" -> { } // what the running service judges; no part of the rules
      default -> { } // Spring ignores keys it does not bind; so does the build, to agree with it
    }
  }

  private static void check(SloDefaults d, String prefix, List<Problem> problems) {
    if (d.objective() != null) {
      try {
        Objective.parse(d.objective());
      } catch (IllegalArgumentException e) {
        problems.add(Problem.of("", "objective", prefix + "slo4j.defaults.objective: " + e.getMessage()));
      }
    }
    try {
      Durations.parse(d.window());
    } catch (IllegalArgumentException e) {
      problems.add(Problem.of("", "window", prefix + "slo4j.defaults.window " + e.getMessage()));
    }
  }

  /**
   * A boolean as Spring's binding reads it ({@code StringToBooleanConverter}): {@code true}, {@code on}, {@code yes},
   * {@code 1} and their opposites, in any case; blank leaves it unset. The build and the running service then agree on
   * every value either accepts.
   */
  private static Boolean bool(String value, String where, List<Problem> problems) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (v.isEmpty()) {
      return null;
    }
    if (v.equals("true") || v.equals("on") || v.equals("yes") || v.equals("1")) {
      return true;
    }
    if (v.equals("false") || v.equals("off") || v.equals("no") || v.equals("0")) {
      return false;
    }
    problems.add(Problem.of("", "", where + "=" + value + " is not true or false"));
    return null;
  }

  private static boolean matches(List<String> key, String... names) {
    if (key.size() != names.length) {
      return false;
    }
    for (int i = 0; i < names.length; i++) {
      if (!canon(key.get(i)).equals(names[i])) {
        return false;
      }
    }
    return true;
  }

  /** Spring's relaxed form of a name: lower case, without dashes and underscores. */
  static String canon(String segment) {
    return segment.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
  }

  /** {@code a.b[c.d].e} as {@code a}, {@code b}, {@code c.d}, {@code e}. */
  static List<String> segments(String key) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    int i = 0;
    while (i < key.length()) {
      char c = key.charAt(i);
      if (c == '.') {
        if (cur.length() > 0) {
          out.add(cur.toString());
          cur.setLength(0);
        }
        i++;
      } else if (c == '[') {
        if (cur.length() > 0) {
          out.add(cur.toString());
          cur.setLength(0);
        }
        int end = key.indexOf(']', i);
        if (end < 0) {
          end = key.length();
        }
        out.add(key.substring(i + 1, end));
        i = end + 1;
      } else {
        cur.append(c);
        i++;
      }
    }
    if (cur.length() > 0) {
      out.add(cur.toString());
    }
    return out;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
