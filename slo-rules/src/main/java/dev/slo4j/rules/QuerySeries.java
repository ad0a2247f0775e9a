package dev.slo4j.rules;

import dev.slo4j.PromQlEvents;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Input series for the promtool tests of an SLO over existing metrics (a Sloth or OpenSLO import, {@code sli.events}):
 * counters that the SLO's own queries select, so that its generated tests prove, like slo4j's own, that a full outage
 * pages and a steady 1x burn never does. Understands the common shape, one {@code rate()} or {@code increase()} of one
 * counter selector per query (as Sloth's and OpenSLO's examples write them); for anything else it gives up, and the
 * test file says the SLO is not tested and why.
 */
final class QuerySeries {

  /** What a series counts. */
  enum Role {
    /** Every event (a total counter of its own). */
    ALL,
    /** The good events. */
    GOOD,
    /** The bad events. */
    BAD
  }

  /** One input series: its label set as a PromQL selector, and what it counts. */
  record Series(String labelSet, Role role) {}

  private static final Pattern RANGE = Pattern.compile(
      "\\b(?:rate|increase|irate)\\s*\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(?:\\{([^}]*)\\})?\\s*\\[\\s*"
          + Pattern.quote(PromQlEvents.WINDOW) + "\\s*\\]\\s*\\)");
  private static final Pattern MATCHER = Pattern.compile(
      "\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*");
  private static final List<String> CANDIDATES = List.of("200", "500", "503", "429", "404", "0", "1", "ok", "error",
      "true", "false", "GET", "test", "");

  private record Selector(String metric, List<M> matchers) {}

  private record M(String name, String op, String value) {
    boolean holds(String v) {
      return switch (op) {
        case "=" -> v.equals(value);
        case "!=" -> !v.equals(value);
        case "=~" -> regex(value, v);
        default -> !regex(value, v);
      };
    }

    M negated() {
      return new M(name, switch (op) {
        case "=" -> "!=";
        case "!=" -> "=";
        case "=~" -> "!~";
        default -> "=~";
      }, value);
    }
  }

  private QuerySeries() {}

  /**
   * Series that make {@code events} count one good and one bad stream, or the reason they cannot be made.
   *
   * @param keep labels the rules aggregate by (they get a value on every series)
   */
  static Result plan(PromQlEvents events, List<String> keep) {
    Optional<Selector> total = selector(events.totalQuery());
    String other = events.badQuery().orElseGet(() -> events.goodQuery().orElseThrow());
    Optional<Selector> part = selector(other);
    if (total.isEmpty() || part.isEmpty()) {
      return Result.no("its queries are not one rate() or increase() of one counter each, so slo4j cannot tell which"
          + " series they read");
    }
    boolean bad = events.badQuery().isPresent();
    Role partRole = bad ? Role.BAD : Role.GOOD;
    Role restRole = bad ? Role.GOOD : Role.BAD;
    List<Series> out = new ArrayList<>();
    if (total.get().metric().equals(part.get().metric())) {
      // One counter, told apart by labels: the part's series satisfies both queries, the rest only the total.
      Optional<Map<String, String>> in = solve(List.of(total.get(), part.get()), List.of(), keep);
      Optional<Map<String, String>> rest = Optional.empty();
      for (M m : part.get().matchers()) {
        rest = solve(List.of(total.get()), List.of(m.negated()), keep);
        if (rest.isPresent()) {
          break;
        }
      }
      if (in.isEmpty() || rest.isEmpty()) {
        return Result.no("no label values could be found that its total query selects and its "
            + (bad ? "error" : "good") + " query does or does not select");
      }
      out.add(new Series(labelSet(total.get().metric(), in.get()), partRole));
      out.add(new Series(labelSet(total.get().metric(), rest.get()), restRole));
    } else {
      Optional<Map<String, String>> t = solve(List.of(total.get()), List.of(), keep);
      Optional<Map<String, String>> p = solve(List.of(part.get()), List.of(), keep);
      if (t.isEmpty() || p.isEmpty()) {
        return Result.no("no label values could be found that its queries select");
      }
      out.add(new Series(labelSet(total.get().metric(), t.get()), Role.ALL));
      out.add(new Series(labelSet(part.get().metric(), p.get()), partRole));
    }
    return new Result(out, "");
  }

  /** The series, or empty with {@code why}. */
  record Result(List<Series> series, String why) {
    static Result no(String why) {
      return new Result(List.of(), why);
    }

    boolean ok() {
      return !series.isEmpty();
    }
  }

  private static Optional<Selector> selector(String query) {
    Matcher m = RANGE.matcher(query);
    if (!m.find()) {
      return Optional.empty();
    }
    String metric = m.group(1);
    String body = m.group(2) == null ? "" : m.group(2);
    if (m.find()) {
      return Optional.empty(); // two range selectors: not the one-counter shape
    }
    List<M> matchers = new ArrayList<>();
    Matcher mm = MATCHER.matcher(body);
    int at = 0;
    while (at < body.length()) {
      if (!mm.find(at) || mm.start() != at) {
        return body.substring(at).isBlank() ? Optional.of(new Selector(metric, matchers)) : Optional.empty();
      }
      matchers.add(new M(mm.group(1), mm.group(2), unescape(mm.group(3))));
      at = mm.end();
      if (at < body.length() && body.charAt(at) == ',') {
        at++;
      }
    }
    return Optional.of(new Selector(metric, matchers));
  }

  /** Label values that satisfy every matcher of {@code all} and every one of {@code also}. */
  private static Optional<Map<String, String>> solve(List<Selector> all, List<M> also, List<String> keep) {
    Map<String, List<M>> byLabel = new LinkedHashMap<>();
    for (Selector s : all) {
      s.matchers().forEach(m -> byLabel.computeIfAbsent(m.name(), k -> new ArrayList<>()).add(m));
    }
    also.forEach(m -> byLabel.computeIfAbsent(m.name(), k -> new ArrayList<>()).add(m));
    Map<String, String> labels = new TreeMap<>();
    for (Map.Entry<String, List<M>> e : byLabel.entrySet()) {
      if (e.getKey().equals("__name__")) {
        return Optional.empty();
      }
      Optional<String> v = candidates(e.getValue()).stream()
          .filter(c -> e.getValue().stream().allMatch(m -> m.holds(c))).findFirst();
      if (v.isEmpty()) {
        return Optional.empty();
      }
      if (!v.get().isEmpty()) {
        labels.put(e.getKey(), v.get());
      }
    }
    keep.forEach(k -> labels.putIfAbsent(k, "test"));
    labels.put("instance", "test-1");
    return Optional.of(labels);
  }

  /** Values to try: the literals of the matchers, the literal branches of their regexes, then common values. */
  private static Set<String> candidates(List<M> matchers) {
    Set<String> out = new LinkedHashSet<>();
    for (M m : matchers) {
      if (m.op().equals("=")) {
        out.add(m.value());
      } else if (m.op().equals("=~")) {
        for (String branch : m.value().replaceAll("[()^$]", "").split("\\|")) {
          out.add(branch.replace("\\d", "0").replace(".", "0").replace("\\", ""));
        }
      }
    }
    out.addAll(CANDIDATES);
    for (M m : matchers) {
      out.add(m.value() + "-other");
    }
    return out;
  }

  /** Prometheus matches a regex against the whole value (RE2); Java's is close enough for the values tried. */
  private static boolean regex(String regex, String value) {
    try {
      return Pattern.compile("(?:" + regex + ")").matcher(value).matches();
    } catch (PatternSyntaxException e) {
      return false;
    }
  }

  private static String unescape(String s) {
    return s.replace("\\\"", "\"").replace("\\\\", "\\");
  }

  private static String labelSet(String metric, Map<String, String> labels) {
    StringBuilder sb = new StringBuilder(metric).append('{');
    labels.forEach((k, v) -> sb.append(sb.charAt(sb.length() - 1) == '{' ? "" : ", ").append(k).append('=')
        .append(PromQlString.of(v)));
    return sb.append('}').toString();
  }
}
