package dev.slo4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An SLI's events taken from metrics the service already has (HTTP server metrics, a Sloth spec being migrated), as a
 * pair of PromQL queries with a {@value #WINDOW} placeholder for the range. Sloth's placeholder is kept so that specs
 * move over unchanged.
 *
 * <p>Either bad/total ("errors over requests") or good/total ("fast requests over requests"); the rule generator turns
 * good/total into bad/total. Immutable and thread-safe.
 */
public final class PromQlEvents {

  /** U+FFFD as itself or as a PromQL escape (backslash-uFFFD, backslash-U0000FFFD, backslash-xEF-xBF-xBD). */
  private static final java.util.regex.Pattern REPLACEMENT_CHARACTER = java.util.regex.Pattern.compile(
      "\\x{FFFD}|\\\\u[fF]{3}[dD]|\\\\U0000[fF]{3}[dD]|\\\\x[eE][fF]\\\\x[bB][fF]\\\\x[bB][dD]");


  /** The range placeholder each query must contain, replaced by a window such as {@code 5m}. */
  public static final String WINDOW = "{{.window}}";

  private final Optional<String> badQuery;
  private final Optional<String> goodQuery;
  private final String totalQuery;

  private PromQlEvents(Optional<String> badQuery, Optional<String> goodQuery, String totalQuery) {
    this.badQuery = badQuery;
    this.goodQuery = goodQuery;
    this.totalQuery = totalQuery;
  }

  /** Bad events over all events, e.g. 5xx responses over all responses. */
  public static PromQlEvents badOverTotal(String badQuery, String totalQuery) {
    return new PromQlEvents(
        Optional.of(Objects.requireNonNull(badQuery, "badQuery").strip()),
        Optional.empty(),
        Objects.requireNonNull(totalQuery, "totalQuery").strip());
  }

  /** Good events over all events, e.g. requests under 300 ms over all requests. */
  public static PromQlEvents goodOverTotal(String goodQuery, String totalQuery) {
    return new PromQlEvents(
        Optional.empty(),
        Optional.of(Objects.requireNonNull(goodQuery, "goodQuery").strip()),
        Objects.requireNonNull(totalQuery, "totalQuery").strip());
  }

  /** The bad-events query as written, when the SLI was given as bad/total. */
  public Optional<String> badQuery() {
    return badQuery;
  }

  /** The good-events query as written, when the SLI was given as good/total. */
  public Optional<String> goodQuery() {
    return goodQuery;
  }

  /** The all-events query as written. */
  public String totalQuery() {
    return totalQuery;
  }

  /**
   * The rate of bad events over {@code window} (a Prometheus range such as {@code 5m}). Good/total is turned into
   * {@code total - (good or 0 * total)}: where the good query has no series (an instance that has only ever failed, a
   * bucket spelled differently), every event is bad, instead of the whole ratio vanishing or reading 0.
   */
  public String badRate(String window) {
    return badQuery
        .map(q -> substitute(q, window))
        .orElseGet(() -> {
          String total = "(" + substitute(totalQuery, window) + ")";
          return total + " - ((" + substitute(goodQuery.orElseThrow(), window) + ") or 0 * " + total + ")";
        });
  }

  /** The bad-events query with {@code window} filled in, when the SLI was given as bad/total. */
  public Optional<String> errorRate(String window) {
    return badQuery.map(q -> substitute(q, window));
  }

  /** The good-events query with {@code window} filled in, when the SLI was given as good/total. */
  public Optional<String> goodRate(String window) {
    return goodQuery.map(q -> substitute(q, window));
  }

  /** The rate of all events over {@code window}. */
  public String totalRate(String window) {
    return substitute(totalQuery, window);
  }

  private static String substitute(String query, String window) {
    return query.replace(WINDOW, window);
  }

  List<Problem> validate(String slo) {
    List<Problem> problems = new ArrayList<>();
    badQuery.ifPresent(q -> check(slo, "sli.events.badQuery", q, problems));
    goodQuery.ifPresent(q -> check(slo, "sli.events.goodQuery", q, problems));
    check(slo, "sli.events.totalQuery", totalQuery, problems);
    return problems;
  }

  private static void check(String slo, String field, String query, List<Problem> problems) {
    if (query.isBlank()) {
      problems.add(Problem.of(slo, field, field + " is empty; give a PromQL query with " + WINDOW
          + " as its range, e.g. sum(rate(http_requests_total[" + WINDOW + "]))"));
    } else if (!query.contains(WINDOW)) {
      problems.add(Problem.of(slo, field, field + " '" + query + "' has no " + WINDOW
          + " placeholder; write the range as [" + WINDOW + "] so each alert window can be filled in"));
    }
    String unpaired = Alerting.unpairedSurrogate(query);
    if (unpaired != null) {
      problems.add(Problem.of(slo, field, field + " " + unpaired));
    }
    java.util.regex.Matcher replacement = REPLACEMENT_CHARACTER.matcher(query);
    if (replacement.find()) {
      problems.add(Problem.of(slo, field, field + " has U+FFFD, the replacement character, at character "
          + (replacement.start() + 1) + ": Prometheus prints each rule's query back and parses it again when it "
          + "evaluates it, and its parser refuses U+FFFD even where the query escaped it, so every evaluation of "
          + "the rule would fail; fix the text's encoding"));
    }
  }


  @Override
  public boolean equals(Object o) {
    return o instanceof PromQlEvents p
        && badQuery.equals(p.badQuery) && goodQuery.equals(p.goodQuery) && totalQuery.equals(p.totalQuery);
  }

  @Override
  public int hashCode() {
    return Objects.hash(badQuery, goodQuery, totalQuery);
  }

  @Override
  public String toString() {
    return badQuery.map(b -> "bad=" + b).orElseGet(() -> "good=" + goodQuery.orElseThrow()) + ", total=" + totalQuery;
  }
}
