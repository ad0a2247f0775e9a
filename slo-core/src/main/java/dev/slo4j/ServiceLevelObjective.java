package dev.slo4j;

import dev.slo4j.budget.Objective;

import dev.slo4j.budget.AlertPolicy;
import dev.slo4j.budget.ErrorBudget;
import dev.slo4j.format.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A service level objective: what "reliable" means for one operation, stated in code so that it is reviewed, versioned
 * and deployed with the code it describes. From this one value slo4j derives the SLI metrics, the error budget, the
 * Prometheus rules and the alerts, so they cannot disagree.
 *
 * <p>Immutable and thread-safe. Build with {@link #builder(String)}; {@link Builder#build()} checks every field and
 * reports all problems at once in an {@link SloValidationException}.
 *
 * <pre>{@code
 * ServiceLevelObjective checkout = ServiceLevelObjective.builder("checkout")
 *     .service("shop")
 *     .objective("99.9%")
 *     .window(Duration.ofDays(30))
 *     .sli(LatencySli.of(Duration.ofMillis(300)))
 *     .build();
 * }</pre>
 */
public final class ServiceLevelObjective {

  /** Names and services: usable as a Prometheus label value, a Micrometer tag and a Kubernetes resource name. */
  static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?");
  /** The shortest SLO window: below it, the alert policy's shortest window falls under a typical scrape interval. */
  public static final Duration MIN_WINDOW = Duration.ofDays(1);
  /** The longest SLO window: rules over longer ranges outgrow common Prometheus retention. */
  public static final Duration MAX_WINDOW = Duration.ofDays(366);
  /** The window when none is given: 30 days, the Workbook's. */
  public static final Duration DEFAULT_WINDOW = Duration.ofDays(30);

  private final String name;
  private final String service;
  private final String description;
  private final Objective objective;
  private final Duration window;
  private final Sli sli;
  private final SortedMap<String, String> labels;
  private final Alerting alerting;
  private final AlertPolicy alertPolicy;

  private ServiceLevelObjective(Builder b, Objective objective, Duration window) {
    this.name = b.name;
    this.service = b.service;
    this.description = b.description;
    this.objective = objective;
    this.window = window;
    this.sli = b.sli;
    this.labels = Collections.unmodifiableSortedMap(new TreeMap<>(b.labels));
    this.alerting = b.alerting;
    this.alertPolicy = b.alertPolicy;
  }

  /** Starts an SLO named {@code name}: an availability SLI over 30 days unless told otherwise. */
  public static Builder builder(String name) {
    return new Builder(Objects.requireNonNull(name, "name"));
  }

  /** A builder holding this SLO's values, to derive a changed copy: each option may be set once more. */
  public Builder toBuilder() {
    Builder b = new Builder(name)
        .service(service)
        .description(description)
        .objective(objective)
        .window(window)
        .sli(sli)
        .alerting(alerting)
        .alertPolicy(alertPolicy);
    b.labels.putAll(labels);
    b.options.reset();
    return b;
  }

  /** Unique within its service; the {@code slo} label of every metric and rule. */
  public String name() {
    return name;
  }

  /** The service that owns the SLO; the {@code service} label of rules and alerts. */
  public String service() {
    return service;
  }

  public String description() {
    return description;
  }

  public Objective objective() {
    return objective;
  }

  /** The rolling window the objective is measured over. */
  public Duration window() {
    return window;
  }

  public Sli sli() {
    return sli;
  }

  /** Labels carried by the rules and alerts (team, tier, ...), sorted. */
  public SortedMap<String, String> labels() {
    return labels;
  }

  public Alerting alerting() {
    return alerting;
  }

  public AlertPolicy alertPolicy() {
    return alertPolicy;
  }

  /** The budget this SLO allows: its size in outage time and in bad events, and the math over counts. */
  public ErrorBudget errorBudget() {
    return ErrorBudget.of(objective, window);
  }

  /** {@code 99.9% of calls succeed over 30d}. */
  public String describe() {
    return sli.describe(objective) + " over " + Durations.format(window);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ServiceLevelObjective s && name.equals(s.name) && service.equals(s.service) && description.equals(s.description)
        && objective.equals(s.objective) && window.equals(s.window) && sli.equals(s.sli) && labels.equals(s.labels)
        && alerting.equals(s.alerting) && alertPolicy.equals(s.alertPolicy);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, service, objective, window, sli);
  }

  @Override
  public String toString() {
    return "ServiceLevelObjective{" + service + "/" + name + ": " + describe() + "}";
  }

  /**
   * Collects an SLO's fields. Values that come as text (from spec files or annotations) are parsed at {@link #build()},
   * so that their problems are reported together with all the others. Not thread-safe; {@code build()} copies.
   */
  public static final class Builder {
    private final BuilderOptions options = new BuilderOptions();
    private final String name;
    private String service = "";
    private String description = "";
    private Objective objective;
    private String objectiveText;
    private Duration window = DEFAULT_WINDOW;
    private String windowText;
    private Sli sli = AvailabilitySli.ofDefaults();
    private final Map<String, String> labels = new TreeMap<>();
    private Alerting alerting = Alerting.ofDefaults();
    private AlertPolicy alertPolicy = AlertPolicy.workbook();

    private Builder(String name) {
      this.name = name;
    }

    public Builder service(String service) {
      options.once("service");
      this.service = Objects.requireNonNull(service, "service");
      return this;
    }

    public Builder description(String description) {
      options.once("description");
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    public Builder objective(Objective objective) {
      options.once("objective");
      this.objective = Objects.requireNonNull(objective, "objective");
      this.objectiveText = null;
      return this;
    }

    /** {@code "99.9%"} or {@code "99.9"}; checked at {@link #build()}. */
    public Builder objective(String objective) {
      options.once("objective");
      this.objectiveText = Objects.requireNonNull(objective, "objective");
      this.objective = null;
      return this;
    }

    public Builder window(Duration window) {
      options.once("window");
      this.window = Objects.requireNonNull(window, "window");
      this.windowText = null;
      return this;
    }

    /** {@code "30d"}, {@code "4w"}; checked at {@link #build()}. */
    public Builder window(String window) {
      options.once("window");
      this.windowText = Objects.requireNonNull(window, "window");
      return this;
    }

    public Builder sli(Sli sli) {
      options.once("sli");
      this.sli = Objects.requireNonNull(sli, "sli");
      return this;
    }

    public Builder label(String name, String value) {
      options.once("label " + name);
      labels.put(Objects.requireNonNull(name, "label name"), Objects.requireNonNull(value, "label value"));
      return this;
    }

    public Builder labels(Map<String, String> more) {
      more.forEach(this::label);
      return this;
    }

    public Builder alerting(Alerting alerting) {
      options.once("alerting");
      this.alerting = Objects.requireNonNull(alerting, "alerting");
      return this;
    }

    public Builder alertPolicy(AlertPolicy policy) {
      options.once("alertPolicy");
      this.alertPolicy = Objects.requireNonNull(policy, "alertPolicy");
      return this;
    }

    /** Every problem of this SLO, empty when it is valid. */
    public List<Problem> problems() {
      List<Problem> problems = new ArrayList<>();
      resolve(problems);
      return problems;
    }

    /**
     * Validates every field and builds the SLO.
     *
     * @throws SloValidationException listing every problem found
     */

    public ServiceLevelObjective build() {
      List<Problem> problems = new ArrayList<>();
      ServiceLevelObjective slo = resolve(problems);
      if (!problems.isEmpty()) {
        throw new SloValidationException(problems);
      }
      return slo;
    }

    private ServiceLevelObjective resolve(List<Problem> problems) {
      if (!NAME.matcher(name).matches()) {
        problems.add(Problem.of(name, "name", "name '" + name + "' cannot be used as a metric tag and label value; "
            + "use 1 to 63 lower-case letters, digits, '-', '_' or '.', starting and ending with a letter or digit, "
            + "e.g. checkout-latency"));
      }
      if (service.isBlank()) {
        problems.add(Problem.of(name, "service", "service is missing; name the service that owns this SLO, "
            + "e.g. checkout-service"));
      } else if (!NAME.matcher(service).matches()) {
        problems.add(Problem.of(name, "service", "service '" + service + "' cannot be used as a label value; "
            + "use 1 to 63 lower-case letters, digits, '-', '_' or '.', e.g. checkout-service"));
      }
      Objective obj = objective;
      if (objectiveText != null) {
        try {
          obj = Objective.parse(objectiveText);
        } catch (IllegalArgumentException e) {
          problems.add(Problem.of(name, "objective", e.getMessage()));
        }
      } else if (obj == null) {
        problems.add(Problem.of(name, "objective", "objective is missing; give the share of good events, e.g. 99.9%"));
      }
      Duration win = window;
      if (windowText != null) {
        try {
          win = Durations.parse(windowText);
        } catch (IllegalArgumentException e) {
          problems.add(Problem.of(name, "window", "window " + e.getMessage()));
          win = null;
        }
      }
      if (win != null) {
        checkWindow(win, problems);
      }
      Alerting.checkLabels(name, "labels", labels, true, problems);
      Alerting.checkLabelValues(name, "labels", labels, problems);
      problems.addAll(sli.validate(name).stream().map(p -> p.forSlo(name)).toList());
      problems.addAll(alerting.validate(name));
      Duration horizon = alerting.exhaustionHorizon().orElse(null);
      if (horizon != null && win != null && horizon.compareTo(win) > 0) {
        problems.add(Problem.of(name, "alerting.budgetExhaustion.horizon", "alerting.budgetExhaustion.horizon "
            + Durations.format(horizon) + " is longer than the window " + Durations.format(win) + ": in a rolling"
            + " window a burn can only be projected one window ahead; give at most " + Durations.format(win)));
      }
      return problems.isEmpty() ? new ServiceLevelObjective(this, obj, win) : null;
    }

    private void checkWindow(Duration win, List<Problem> problems) {
      String shown = win.isNegative() || win.isZero() ? win.toString() : Durations.format(win);
      if (win.isNegative() || win.isZero()) {
        problems.add(Problem.of(name, "window", "window " + shown + " is not a time span; use a positive rolling "
            + "window, e.g. 30d"));
      } else if (win.compareTo(MIN_WINDOW) < 0 || win.compareTo(MAX_WINDOW) > 0) {
        problems.add(Problem.of(name, "window", "window " + shown + " is outside the supported range "
            + Durations.format(MIN_WINDOW) + " to " + Durations.format(MAX_WINDOW) + "; use e.g. 7d, 28d or 30d"));
      } else if (win.toSeconds() % 60 != 0 || win.toNanosPart() != 0) {
        problems.add(Problem.of(name, "window", "window " + shown + " is not a whole number of minutes; "
            + "use e.g. 30d"));
      }
    }
  }
}
