package dev.slo4j;

import dev.slo4j.format.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * How an SLO's burning budget reaches people: whether it pages, whether it opens tickets, and the labels and
 * annotations (a {@code runbook_url} above all) that route an alert and tell the person woken up what to do. Kept apart
 * from the SLO's own labels because routing is the on-call's business, not the metric's.
 *
 * <p>Immutable and thread-safe; maps are sorted so that generated rules are stable.
 */
public final class Alerting {

  static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  /** Labels slo4j sets itself on every alert; a spec may not set them. */
  static final List<String> RESERVED = List.of("slo", "service", "severity");
  private static final Duration MIN_ABSENT_FOR = Duration.ofMinutes(1);
  /** Bounds of how long the budget must stay spent before the budget-exhausted ticket fires. */
  static final Duration MIN_EXHAUSTED_FOR = Duration.ofMinutes(1);
  static final Duration MAX_EXHAUSTED_FOR = Duration.ofDays(1);
  /** Bounds of the time-to-exhaustion horizon (at most the SLO's window, checked with the SLO). */
  static final Duration MIN_EXHAUSTION_HORIZON = Duration.ofHours(1);
  /** The horizon when none is given: three days, or the SLO's window if shorter. */
  public static final Duration DEFAULT_EXHAUSTION_HORIZON = Duration.ofDays(3);

  private static final Alerting DEFAULTS = builder().build();

  private final boolean page;
  private final boolean ticket;
  private final SortedMap<String, String> labels;
  private final SortedMap<String, String> pageLabels;
  private final SortedMap<String, String> ticketLabels;
  private final SortedMap<String, String> annotations;
  private final Duration absentFor;
  private final String serviceUp;
  private final Duration exhaustedFor;
  private final Duration exhaustionHorizon;

  private Alerting(Builder b) {
    this.page = b.page;
    this.ticket = b.ticket;
    this.labels = Collections.unmodifiableSortedMap(new TreeMap<>(b.labels));
    this.pageLabels = Collections.unmodifiableSortedMap(new TreeMap<>(b.pageLabels));
    this.ticketLabels = Collections.unmodifiableSortedMap(new TreeMap<>(b.ticketLabels));
    this.annotations = Collections.unmodifiableSortedMap(new TreeMap<>(b.annotations));
    this.absentFor = b.absentFor;
    this.serviceUp = b.serviceUp;
    this.exhaustedFor = b.exhaustedFor;
    this.exhaustionHorizon = b.exhaustionHorizon;
  }

  /** Pages and tickets on, no extra labels. */
  public static Alerting ofDefaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this section's values, to change some of them. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.page = page;
    b.ticket = ticket;
    b.labels.putAll(labels);
    b.pageLabels.putAll(pageLabels);
    b.ticketLabels.putAll(ticketLabels);
    b.annotations.putAll(annotations);
    b.absentFor = absentFor;
    b.serviceUp = serviceUp;
    b.exhaustedFor = exhaustedFor;
    b.exhaustionHorizon = exhaustionHorizon;
    return b;
  }

  /** Whether the fast tiers page someone. */
  public boolean page() {
    return page;
  }

  /** Whether the slow tier opens a ticket. */
  public boolean ticket() {
    return ticket;
  }

  /** Extra labels on every alert of this SLO (e.g. {@code team}). */
  public SortedMap<String, String> labels() {
    return labels;
  }

  /** Extra labels on the page alert only (e.g. a routing key). */
  public SortedMap<String, String> pageLabels() {
    return pageLabels;
  }

  /** Extra labels on the ticket alert only (e.g. a chat channel). */
  public SortedMap<String, String> ticketLabels() {
    return ticketLabels;
  }

  /** Annotations on every alert, e.g. {@code runbook_url}. */
  public SortedMap<String, String> annotations() {
    return annotations;
  }

  /**
   * How long the SLI may have no series at all while the service is up before the absent-SLI alert
   * ({@code SloSliAbsent}) opens a ticket; empty (the default) generates no such alert. Without series the burn-rate
   * alerts cannot fire, so a renamed metric, a meter filter that drops slo4j's meters or a service deployed without
   * its SLO would otherwise go unnoticed until the next outage is missed.
   */
  public Optional<Duration> absentFor() {
    return Optional.ofNullable(absentFor);
  }

  /**
   * A PromQL expression that is positive while the service is scraped, e.g. {@code up{job="checkout"}}; the
   * absent-SLI alert fires only then, so a service that is down (which its own alerts report) does not also raise an
   * absent-SLI alert. Empty: {@code up{job="<service>"}}.
   */
  public Optional<String> serviceUp() {
    return Optional.ofNullable(serviceUp);
  }

  /**
   * How long the remaining budget must be spent (at or below 0) before the budget-exhausted ticket
   * ({@code SloErrorBudgetExhausted}) fires; empty (the default) generates neither budget-exhaustion alert. The burn
   * alerts say the budget is burning; these say it is gone, or will be soon, which is when the error-budget policy
   * freezes releases.
   */
  public Optional<Duration> exhaustedFor() {
    return Optional.ofNullable(exhaustedFor);
  }

  /**
   * With {@link #exhaustedFor()}: the ticket {@code SloErrorBudgetExhaustionPredicted} fires when, at the burn rate of
   * the last 6 hours or day (scaled to the SLO's window as the burn tiers are), the remaining budget runs out within
   * this horizon. Empty: {@link #DEFAULT_EXHAUSTION_HORIZON}, or the SLO's window if that is shorter.
   */
  public Optional<Duration> exhaustionHorizon() {
    return Optional.ofNullable(exhaustionHorizon);
  }

  List<Problem> validate(String slo) {
    List<Problem> problems = new ArrayList<>();
    if (exhaustedFor != null && (exhaustedFor.compareTo(MIN_EXHAUSTED_FOR) < 0
        || exhaustedFor.compareTo(MAX_EXHAUSTED_FOR) > 0)) {
      problems.add(Problem.of(slo, "alerting.budgetExhaustion.for", "alerting.budgetExhaustion.for "
          + Durations.format(exhaustedFor) + " is outside 1m to 1d; give how long the budget must stay spent before"
          + " the ticket, e.g. 5m"));
    }
    if (exhaustionHorizon != null && exhaustionHorizon.compareTo(MIN_EXHAUSTION_HORIZON) < 0) {
      problems.add(Problem.of(slo, "alerting.budgetExhaustion.horizon", "alerting.budgetExhaustion.horizon "
          + Durations.format(exhaustionHorizon) + " is shorter than 1h; give how far ahead to warn, e.g. 3d"));
    }
    if (absentFor != null && absentFor.compareTo(MIN_ABSENT_FOR) < 0) {
      problems.add(Problem.of(slo, "alerting.absent.for", "alerting.absent.for is " + absentFor.toSeconds()
          + "s; give at least 1m, several scrape intervals, so a restart does not raise the alert"));
    }
    if (serviceUp != null && serviceUp.isBlank()) {
      problems.add(Problem.of(slo, "alerting.absent.serviceUp", "alerting.absent.serviceUp is empty; give a PromQL "
          + "expression that is positive while the service is up, e.g. up{job=\"checkout\"}, or remove it"));
    }
    checkLabels(slo, "alerting.labels", labels, true, problems);
    checkLabels(slo, "alerting.page.labels", pageLabels, false, problems);
    checkLabels(slo, "alerting.ticket.labels", ticketLabels, false, problems);
    checkLabels(slo, "alerting.annotations", annotations, false, problems);
    checkLabelValues(slo, "alerting.labels", labels, problems);
    checkLabelValues(slo, "alerting.page.labels", pageLabels, problems);
    checkLabelValues(slo, "alerting.ticket.labels", ticketLabels, problems);
    annotations.forEach((name, value) -> {
      if (value == null) {
        return;
      }
      String unpaired = unpairedSurrogate(value);
      if (unpaired != null) {
        problems.add(Problem.of(slo, "alerting.annotations", "alerting.annotations '" + name + "' " + unpaired));
        return;
      }
      AlertTemplates.check(value).ifPresent(error -> problems.add(Problem.of(slo, "alerting.annotations",
          "alerting.annotations '" + name + "' is not a template Prometheus can read: " + error + "; annotations "
              + "are Go templates ({{ $labels.slo }}, {{ $value }}): close every {{ with }}, or write a literal "
              + "'{{' as {{ \"{{\" }}")));
    });
    if (serviceUp != null) {
      String unpaired = unpairedSurrogate(serviceUp);
      if (unpaired != null) {
        problems.add(Problem.of(slo, "alerting.absent.serviceUp", "alerting.absent.serviceUp " + unpaired));
      }
    }
    return problems;
  }

  /**
   * Label values are written into rule files as they are: one Prometheus would read as a template in an alert's labels
   * ({@code {{}), that has no UTF-8 form (half a surrogate pair) or that holds U+FFFD is rejected. U+FFFD, the
   * replacement character, marks text decoded with the wrong charset; Prometheus stores it, but its query parser
   * refuses it where it formats an alert's labels back into a selector, so {@code promtool test rules} fails on the
   * alert and a selector copied from the alert does not parse.
   */
  static void checkLabelValues(String slo, String field, Map<String, String> map, List<Problem> problems) {
    map.forEach((name, value) -> {
      if (value == null) {
        return;
      }
      if (value.contains("{{")) {
        problems.add(Problem.of(slo, field, field + " '" + name + "' has '{{' in its value, which Prometheus would "
            + "expand as a template in the alerts' labels; label values are literal text, remove the braces"));
      }
      String unpaired = unpairedSurrogate(value);
      if (unpaired != null) {
        problems.add(Problem.of(slo, field, field + " '" + name + "' " + unpaired));
      }
      int replacement = value.indexOf('\ufffd');
      if (replacement >= 0) {
        problems.add(Problem.of(slo, field, field + " '" + name + "' has U+FFFD, the replacement character, at "
            + "character " + (replacement + 1) + ": it marks text decoded with the wrong charset, and Prometheus' query "
            + "parser refuses it in an alert's labels (promtool test rules fails on the alert); fix the text's encoding"));
      }
    });
  }

  /** A problem sentence when {@code s} holds half a surrogate pair (text with no UTF-8 form), else null. */
  static String unpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean paired = Character.isHighSurrogate(c)
          ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
          : !Character.isLowSurrogate(c) || (i > 0 && Character.isHighSurrogate(s.charAt(i - 1)));
      if (!paired) {
        return "has an unpaired surrogate U+" + String.format("%04X", (int) c) + " at character " + (i + 1)
            + ", which has no UTF-8 form and cannot be written to a rule file; fix the text's encoding";
      }
      if (Character.isHighSurrogate(c)) {
        i++;
      }
    }
    return null;
  }

  static void checkLabels(String slo, String field, Map<String, String> map, boolean severityReserved,
      List<Problem> problems) {
    map.forEach((name, value) -> {
      if (!LABEL_NAME.matcher(name).matches() || name.startsWith("__")) {
        problems.add(Problem.of(slo, field, field + " name '" + name
            + "' is not a Prometheus label name; use letters, digits and '_', not starting with a digit or '__'"));
      } else if (RESERVED.contains(name) && (severityReserved || !name.equals("severity"))) {
        problems.add(Problem.of(slo, field, field + " name '" + name + "' is set by slo4j itself; "
            + "remove it (reserved: " + String.join(", ", RESERVED) + ")"));
      }
      if (value == null || value.isBlank()) {
        problems.add(Problem.of(slo, field, field + " '" + name + "' has an empty value; give a value or remove it"));
      }
    });
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Alerting a && page == a.page && ticket == a.ticket && labels.equals(a.labels)
        && pageLabels.equals(a.pageLabels) && ticketLabels.equals(a.ticketLabels) && annotations.equals(a.annotations)
        && Objects.equals(absentFor, a.absentFor) && Objects.equals(serviceUp, a.serviceUp)
        && Objects.equals(exhaustedFor, a.exhaustedFor) && Objects.equals(exhaustionHorizon, a.exhaustionHorizon);
  }

  @Override
  public int hashCode() {
    return Objects.hash(page, ticket, labels, pageLabels, ticketLabels, annotations, absentFor, serviceUp,
        exhaustedFor, exhaustionHorizon);
  }

  @Override
  public String toString() {
    return "Alerting{page=" + page + ", ticket=" + ticket + ", labels=" + labels + ", annotations=" + annotations
        + (absentFor == null ? "" : ", absentFor=" + absentFor + ", serviceUp=" + serviceUp)
        + (exhaustedFor == null ? "" : ", exhaustedFor=" + exhaustedFor + ", exhaustionHorizon=" + exhaustionHorizon)
        + "}";
  }

  /** Builds an alerting section; {@link #build()} copies. */
  public static final class Builder {
    private final BuilderOptions options = new BuilderOptions();
    private boolean page = true;
    private boolean ticket = true;
    private final Map<String, String> labels = new TreeMap<>();
    private final Map<String, String> pageLabels = new TreeMap<>();
    private final Map<String, String> ticketLabels = new TreeMap<>();
    private final Map<String, String> annotations = new TreeMap<>();
    private Duration absentFor;
    private String serviceUp;
    private Duration exhaustedFor;
    private Duration exhaustionHorizon;

    private Builder() {}

    public Builder page(boolean on) {
      options.once("page");
      this.page = on;
      return this;
    }

    public Builder ticket(boolean on) {
      options.once("ticket");
      this.ticket = on;
      return this;
    }

    public Builder label(String name, String value) {
      options.once("label " + name);
      labels.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public Builder labels(Map<String, String> more) {
      more.forEach(this::label);
      return this;
    }

    public Builder pageLabel(String name, String value) {
      options.once("pageLabel " + name);
      pageLabels.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public Builder ticketLabel(String name, String value) {
      options.once("ticketLabel " + name);
      ticketLabels.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public Builder annotation(String name, String value) {
      options.once("annotation " + name);
      annotations.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** The {@code runbook_url} annotation: where the person paged finds what to do. */
    public Builder runbookUrl(String url) {
      return annotation("runbook_url", url);
    }

    /**
     * Generates the absent-SLI alert: a ticket when the SLI has had no series for {@code after} while the service is
     * up (see {@link Alerting#absentFor()}). At least a minute.
     */
    public Builder absentFor(Duration after) {
      options.once("absent");
      this.absentFor = Objects.requireNonNull(after, "after");
      return this;
    }

    /** No absent-SLI alert (the default). */
    public Builder noAbsentAlert() {
      options.once("absent");
      this.absentFor = null;
      return this;
    }

    /**
     * The PromQL expression that is positive while the service is up, read by the absent-SLI alert; default
     * {@code up{job="<service>"}}.
     */
    public Builder serviceUp(String promQl) {
      options.once("serviceUp");
      this.serviceUp = Objects.requireNonNull(promQl, "promQl");
      return this;
    }

    /**
     * Generates the budget-exhaustion tickets (see {@link Alerting#exhaustedFor()}): {@code SloErrorBudgetExhausted}
     * once the budget has been spent for {@code exhaustedFor} (1m to 1d), and
     * {@code SloErrorBudgetExhaustionPredicted} when the current burn would spend the rest within {@code horizon}
     * (at least 1h, at most the SLO's window; null: 3 days, or the window if shorter).
     */
    public Builder budgetExhaustionAlerts(Duration exhaustedFor, Duration horizon) {
      options.once("budgetExhaustion");
      this.exhaustedFor = Objects.requireNonNull(exhaustedFor, "exhaustedFor");
      this.exhaustionHorizon = horizon;
      return this;
    }

    /** No budget-exhaustion alerts (the default). */
    public Builder noBudgetExhaustionAlerts() {
      options.once("budgetExhaustion");
      this.exhaustedFor = null;
      this.exhaustionHorizon = null;
      return this;
    }

    public Alerting build() {
      return new Alerting(this);
    }
  }
}
