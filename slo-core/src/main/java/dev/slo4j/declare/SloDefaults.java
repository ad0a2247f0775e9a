package dev.slo4j.declare;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What an SLO gets for everything its declaration leaves unsaid: the platform team's objective, window, labels and
 * alerting, shipped in a {@code META-INF/slo4j/defaults.yaml} on the classpath and overridden by a service's
 * {@code slo4j.defaults.*} configuration. A value left empty here falls back to slo4j's own (99.9% over 30 days).
 *
 * <p>Immutable and thread-safe; {@link Builder#build()} copies.
 */
public final class SloDefaults {

  /** slo4j's own objective, for SLOs whose declaration and platform name none. */
  public static final String OBJECTIVE = "99.9%";
  /** slo4j's own window. */
  public static final String WINDOW = "30d";

  private static final SloDefaults NONE = builder().build();

  private final String objective;
  private final String window;
  private final SortedMap<String, String> labels;
  private final Boolean page;
  private final Boolean ticket;
  private final SortedMap<String, String> alertLabels;
  private final SortedMap<String, String> pageLabels;
  private final SortedMap<String, String> ticketLabels;
  private final SortedMap<String, String> annotations;
  private final String absentFor;
  private final String budgetExhaustionFor;
  private final String budgetExhaustionHorizon;

  private SloDefaults(Builder b) {
    this.objective = b.objective;
    this.window = b.window;
    this.labels = copy(b.labels);
    this.page = b.page;
    this.ticket = b.ticket;
    this.alertLabels = copy(b.alertLabels);
    this.pageLabels = copy(b.pageLabels);
    this.ticketLabels = copy(b.ticketLabels);
    this.annotations = copy(b.annotations);
    this.absentFor = b.absentFor;
    this.budgetExhaustionFor = b.budgetExhaustionFor;
    this.budgetExhaustionHorizon = b.budgetExhaustionHorizon;
  }

  private static SortedMap<String, String> copy(Map<String, String> m) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(m));
  }

  /** No platform defaults: slo4j's own apply. */
  public static SloDefaults none() {
    return NONE;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these defaults, to lay another source over them. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.objective = objective;
    b.window = window;
    b.labels.putAll(labels);
    b.page = page;
    b.ticket = ticket;
    b.alertLabels.putAll(alertLabels);
    b.pageLabels.putAll(pageLabels);
    b.ticketLabels.putAll(ticketLabels);
    b.annotations.putAll(annotations);
    b.absentFor = absentFor;
    b.budgetExhaustionFor = budgetExhaustionFor;
    b.budgetExhaustionHorizon = budgetExhaustionHorizon;
    return b;
  }

  /** These defaults with every value that {@code over} sets laid on top (maps merge key by key). */
  public SloDefaults with(SloDefaults over) {
    Builder b = toBuilder();
    if (over.objective != null) {
      b.objective = over.objective;
    }
    if (over.window != null) {
      b.window = over.window;
    }
    if (over.page != null) {
      b.page = over.page;
    }
    if (over.ticket != null) {
      b.ticket = over.ticket;
    }
    b.labels.putAll(over.labels);
    b.alertLabels.putAll(over.alertLabels);
    b.pageLabels.putAll(over.pageLabels);
    b.ticketLabels.putAll(over.ticketLabels);
    b.annotations.putAll(over.annotations);
    if (over.absentFor != null) {
      b.absentFor = over.absentFor;
    }
    if (over.budgetExhaustionFor != null) {
      b.budgetExhaustionFor = over.budgetExhaustionFor;
    }
    if (over.budgetExhaustionHorizon != null) {
      b.budgetExhaustionHorizon = over.budgetExhaustionHorizon;
    }
    return b.build();
  }

  /** The objective, e.g. {@code 99.9%}: the platform's, or slo4j's own. */
  public String objective() {
    return objective != null ? objective : OBJECTIVE;
  }

  /** The window, e.g. {@code 30d}: the platform's, or slo4j's own. */
  public String window() {
    return window != null ? window : WINDOW;
  }

  /** Labels of every SLO (on its recorded series and alerts), e.g. {@code team=payments}. */
  public SortedMap<String, String> labels() {
    return labels;
  }

  /** Whether a fast burn pages someone. */
  public boolean page() {
    return page == null || page;
  }

  /** Whether a slow burn opens a ticket. */
  public boolean ticket() {
    return ticket == null || ticket;
  }

  /** Labels of every SLO's alerts only (not of its recorded series), e.g. a routing key. */
  public SortedMap<String, String> alertLabels() {
    return alertLabels;
  }

  public SortedMap<String, String> pageLabels() {
    return pageLabels;
  }

  public SortedMap<String, String> ticketLabels() {
    return ticketLabels;
  }

  /** Annotations of every SLO's alerts, e.g. a dashboard link. */
  public SortedMap<String, String> annotations() {
    return annotations;
  }

  /**
   * After how long without the SLI's series its absent-SLI ticket fires, e.g. {@code 10m}; {@code off} or unset: no
   * such alert. Validated when an SLO is resolved.
   */
  public Optional<String> absentFor() {
    return Optional.ofNullable(absentFor).filter(v -> !v.equalsIgnoreCase(OFF));
  }

  /**
   * How long the budget must have been spent before {@code SloErrorBudgetExhausted} fires, e.g. {@code 1h}; {@code off}
   * or unset: no budget-exhaustion tickets. Validated when an SLO is resolved.
   */
  public Optional<String> budgetExhaustionFor() {
    return Optional.ofNullable(budgetExhaustionFor).filter(v -> !v.equalsIgnoreCase(OFF));
  }

  /** How far ahead {@code SloErrorBudgetExhaustionPredicted} looks, e.g. {@code 3d}; unset: the alert's default. */
  public Optional<String> budgetExhaustionHorizon() {
    return budgetExhaustionFor().isEmpty() ? Optional.empty() : Optional.ofNullable(budgetExhaustionHorizon);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SloDefaults d && Objects.equals(objective, d.objective) && Objects.equals(window, d.window)
        && labels.equals(d.labels) && Objects.equals(page, d.page) && Objects.equals(ticket, d.ticket)
        && alertLabels.equals(d.alertLabels) && pageLabels.equals(d.pageLabels)
        && ticketLabels.equals(d.ticketLabels) && annotations.equals(d.annotations)
        && Objects.equals(absentFor, d.absentFor) && Objects.equals(budgetExhaustionFor, d.budgetExhaustionFor)
        && Objects.equals(budgetExhaustionHorizon, d.budgetExhaustionHorizon);
  }

  @Override
  public int hashCode() {
    return Objects.hash(objective, window, labels, page, ticket);
  }

  @Override
  public String toString() {
    return "SloDefaults{objective=" + objective() + ", window=" + window() + ", labels=" + labels + ", page=" + page()
        + ", ticket=" + ticket() + ", alertLabels=" + alertLabels + ", annotations=" + annotations
        + (absentFor == null ? "" : ", absentFor=" + absentFor)
        + (budgetExhaustionFor == null ? "" : ", budgetExhaustion=" + budgetExhaustionFor
            + (budgetExhaustionHorizon == null ? "" : "/" + budgetExhaustionHorizon)) + "}";
  }

  /** Collects defaults; a value never set falls through to the source below, then to slo4j's own. */
  public static final class Builder {
    private String objective;
    private String window;
    private final Map<String, String> labels = new TreeMap<>();
    private Boolean page;
    private Boolean ticket;
    private final Map<String, String> alertLabels = new TreeMap<>();
    private final Map<String, String> pageLabels = new TreeMap<>();
    private final Map<String, String> ticketLabels = new TreeMap<>();
    private final Map<String, String> annotations = new TreeMap<>();
    private String absentFor;
    private String budgetExhaustionFor;
    private String budgetExhaustionHorizon;

    private Builder() {}

    /** {@code 99.9} or {@code 99.9%}; blank leaves it unset. Validated when an SLO is resolved. */
    public Builder objective(String objective) {
      this.objective = blankToNull(objective);
      return this;
    }

    /** {@code 30d}; blank leaves it unset. */
    public Builder window(String window) {
      this.window = blankToNull(window);
      return this;
    }

    public Builder label(String name, String value) {
      labels.put(Objects.requireNonNull(name, "label name"), Objects.requireNonNull(value, "label value"));
      return this;
    }

    public Builder labels(Map<String, String> more) {
      more.forEach(this::label);
      return this;
    }

    public Builder page(Boolean on) {
      this.page = on;
      return this;
    }

    public Builder ticket(Boolean on) {
      this.ticket = on;
      return this;
    }

    public Builder alertLabels(Map<String, String> more) {
      more.forEach((k, v) -> alertLabels.put(Objects.requireNonNull(k), Objects.requireNonNull(v)));
      return this;
    }

    public Builder pageLabels(Map<String, String> more) {
      more.forEach((k, v) -> pageLabels.put(Objects.requireNonNull(k), Objects.requireNonNull(v)));
      return this;
    }

    public Builder ticketLabels(Map<String, String> more) {
      more.forEach((k, v) -> ticketLabels.put(Objects.requireNonNull(k), Objects.requireNonNull(v)));
      return this;
    }

    public Builder annotations(Map<String, String> more) {
      more.forEach((k, v) -> annotations.put(Objects.requireNonNull(k), Objects.requireNonNull(v)));
      return this;
    }

    /**
     * The absent-SLI ticket for every SLO: {@code 10m} fires it after 10 minutes without the SLI's series while the
     * service is up; {@code off} turns off a default from below; blank leaves it unset.
     */
    public Builder absentFor(String after) {
      this.absentFor = blankToNull(after);
      return this;
    }

    /**
     * The budget-exhaustion tickets for every SLO: {@code SloErrorBudgetExhausted} once the budget has been spent for
     * {@code exhaustedFor} (e.g. {@code 1h}); {@code off} turns off a default from below; blank leaves it unset.
     */
    public Builder budgetExhaustionFor(String exhaustedFor) {
      this.budgetExhaustionFor = blankToNull(exhaustedFor);
      return this;
    }

    /**
     * How far ahead {@code SloErrorBudgetExhaustionPredicted} looks (e.g. {@code 3d}); blank: 3 days, or the SLO's
     * window if shorter. Used only with {@link #budgetExhaustionFor}.
     */
    public Builder budgetExhaustionHorizon(String horizon) {
      this.budgetExhaustionHorizon = blankToNull(horizon);
      return this;
    }

    public SloDefaults build() {
      return new SloDefaults(this);
    }
  }

  private static final String OFF = "off";

  static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
