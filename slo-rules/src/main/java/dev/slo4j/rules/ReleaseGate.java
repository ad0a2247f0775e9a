package dev.slo4j.rules;

import dev.slo4j.MetricNames;
import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.budget.BudgetPolicy;
import dev.slo4j.budget.BudgetPolicy.Verdict;
import dev.slo4j.format.Durations;
import dev.slo4j.rules.internal.PrometheusApi;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * The error-budget policy applied to a release: asks a real Prometheus, over its HTTP API, for each SLO's remaining
 * budget (the {@code slo4j:error_budget_remaining:ratio} series the generated rules record) and its 1-hour burn rate,
 * and applies a {@link BudgetPolicy}. Never a silent pass: a Prometheus that cannot be reached, an error answer or a
 * missing series makes the result "cannot tell" (exit 2), not "go".
 *
 * <p>Exit codes of {@link Result#exitCode()}: 0 go (every SLO passes, warnings and allowed exceptions included), 1
 * blocked by the policy (some SLO's budget is spent and the release carries no exception label), 2 cannot tell.
 * Immutable; thread-safe.
 */
public final class ReleaseGate {

  /** How far back a recorded sample still counts: three evaluations of a 5-minute tile group. */
  static final Duration LOOKBACK = Duration.ofMinutes(15);

  private final PrometheusApi prometheus;
  private final BudgetPolicy policy;

  private ReleaseGate(PrometheusApi prometheus, BudgetPolicy policy) {
    this.prometheus = prometheus;
    this.policy = policy;
  }

  /**
   * A gate on the Prometheus at {@code prometheus} (its base URL, e.g. {@code http://prometheus:9090}).
   *
   * @throws IllegalArgumentException for a URL that is not http(s) with a host, or a timeout outside (0, 5 minutes]
   */
  public static ReleaseGate of(URI prometheus, BudgetPolicy policy, Duration timeout) {
    Objects.requireNonNull(prometheus, "prometheus");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(timeout, "timeout");
    return new ReleaseGate(PrometheusApi.of(prometheus, timeout), policy);
  }

  /**
   * A gate asked for in text, as {@code slo4j gate} and the Maven goal {@code slo4j:gate} take it: the one place that
   * validates the options and resolves the policy (the specs' stated policy, else the SRE Workbook's, with the
   * options' overrides), so the command line and the build gate alike.
   *
   * @param spelling how the caller spells an option in its messages, given its name ({@code prometheus},
   *     {@code label}, {@code warnBelow}, {@code freezeBelow}, {@code exceptions}, {@code timeout}); e.g.
   *     {@code --warn-below} on a command line, {@code <warnBelow>} in a pom
   */
  public static Request request(UnaryOperator<String> spelling) {
    return new Request(Objects.requireNonNull(spelling, "spelling"));
  }

  /** The options of one gate run; {@link #evaluate} validates them and asks Prometheus. Not thread-safe. */
  public static final class Request {
    private final UnaryOperator<String> spelling;
    private String prometheus;
    private final List<String> labels = new ArrayList<>();
    private BudgetPolicy stated;
    private String warnBelow;
    private String freezeBelow;
    private List<String> exceptions;
    private String timeout = "10s";

    private Request(UnaryOperator<String> spelling) {
      this.spelling = spelling;
    }

    /** The base URL of the Prometheus that evaluates slo4j's rules, e.g. {@code http://prometheus:9090}. */
    public Request prometheus(String url) {
      this.prometheus = url;
      return this;
    }

    /** The release's labels; one among the policy's exceptions passes a freeze. */
    public Request labels(List<String> releaseLabels) {
      releaseLabels.forEach(l -> labels.add(l == null ? "" : l.strip()));
      return this;
    }

    /** The policy the specs state (empty: the SRE Workbook's). */
    public Request statedPolicy(Optional<BudgetPolicy> policy) {
      this.stated = policy.orElse(null);
      return this;
    }

    /** Overrides the policy's warning level ({@code 25%} or {@code 0.25}); null keeps it. */
    public Request warnBelow(String share) {
      this.warnBelow = share;
      return this;
    }

    /** Overrides the policy's freeze level; null keeps it. */
    public Request freezeBelow(String share) {
      this.freezeBelow = share;
      return this;
    }

    /** Overrides the policy's exception labels; null keeps them. */
    public Request exceptions(List<String> releaseLabels) {
      this.exceptions = releaseLabels == null ? null : releaseLabels.stream().map(String::strip).toList();
      return this;
    }

    /** The timeout of each request, e.g. {@code 10s} (the default), at most 5m. */
    public Request timeout(String duration) {
      this.timeout = duration == null ? "10s" : duration;
      return this;
    }

    /**
     * Validates the options, resolves the policy and applies it to {@code slos}. Prometheus' failures are a result
     * that cannot tell, never an exception.
     *
     * @throws IllegalArgumentException for an invalid option, naming it as spelled, its value and the fix
     */
    public Result evaluate(List<ServiceLevelObjective> slos) {
      Set<String> releaseLabels = new TreeSet<>();
      for (String l : labels) {
        if (!BudgetPolicy.isLabel(l)) {
          throw new IllegalArgumentException(spelling.apply("label") + " '" + l + "' is not a lower-case word of"
              + " letters, digits, '.', '_' or '-', e.g. reliability");
        }
        releaseLabels.add(l);
      }
      if (prometheus == null || prometheus.isBlank()) {
        throw new IllegalArgumentException(spelling.apply("prometheus") + " is required: the base URL of the"
            + " Prometheus that evaluates slo4j's rules, e.g. http://prometheus:9090");
      }
      URI url;
      try {
        url = new URI(prometheus.strip());
      } catch (java.net.URISyntaxException e) {
        throw new IllegalArgumentException(spelling.apply("prometheus") + " " + prometheus + " is not a URL: "
            + e.getReason());
      }
      PrometheusApi.checkUrl(url, spelling.apply("prometheus"));
      Duration requestTimeout;
      try {
        requestTimeout = Durations.parse(timeout);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(spelling.apply("timeout") + ": " + e.getMessage());
      }
      PrometheusApi.checkTimeout(requestTimeout, spelling.apply("timeout"));
      BudgetPolicy.Builder policy = (stated == null ? BudgetPolicy.workbook() : stated).toBuilder();
      try {
        if (warnBelow != null) {
          policy.warnBelow(BudgetPolicy.parseShare(spelling.apply("warnBelow"), warnBelow));
        }
        if (freezeBelow != null) {
          policy.freezeBelow(BudgetPolicy.parseShare(spelling.apply("freezeBelow"), freezeBelow));
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(e.getMessage() + "; write e.g. 25% or 0.25");
      }
      if (exceptions != null) {
        try {
          policy.exceptions(exceptions);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(spelling.apply("exceptions") + ": " + e.getMessage());
        }
      }
      return new ReleaseGate(PrometheusApi.of(url, requestTimeout), policy.build()).evaluate(slos, releaseLabels);
    }
  }

  /** Applies the policy to every SLO for a release carrying {@code labels}. Never throws for Prometheus' failures. */
  public Result evaluate(List<ServiceLevelObjective> slos, Set<String> labels) {
    Objects.requireNonNull(slos, "slos");
    Objects.requireNonNull(labels, "labels");
    List<SloVerdict> verdicts = new ArrayList<>();
    for (ServiceLevelObjective slo : slos) {
      verdicts.add(evaluate(slo, labels));
    }
    return new Result(List.copyOf(verdicts), new TreeSet<>(labels), policy);
  }

  private SloVerdict evaluate(ServiceLevelObjective slo, Set<String> labels) {
    String selector = "{service=" + PromQlString.of(slo.service()) + ",slo=" + PromQlString.of(slo.name()) + "}";
    String lookback = "[" + LOOKBACK.toMinutes() + "m]";
    Answer remaining = query("min(last_over_time(" + MetricNames.RECORDED_BUDGET_REMAINING + selector + lookback
        + "))");
    if (remaining.problem != null) {
      return new SloVerdict(slo, null, null, null, remaining.problem);
    }
    if (remaining.value == null) {
      return new SloVerdict(slo, null, null, null, "no " + MetricNames.RECORDED_BUDGET_REMAINING + selector
          + " in the last " + LOOKBACK.toMinutes() + " minutes: are slo4j's rules for this SLO loaded in this"
          + " Prometheus, and has the service reported events?");
    }
    if (remaining.value.isNaN()) {
      return new SloVerdict(slo, null, null, null, "the remaining budget is NaN: the SLO had no events in its window");
    }
    double allowed = slo.errorBudget().allowedErrorRatio().doubleValue();
    Answer ratio1h = query("max(last_over_time(" + MetricNames.recordedErrorRatio(Duration.ofHours(1)) + selector
        + lookback + "))");
    Double burn = ratio1h.problem == null && ratio1h.value != null && !ratio1h.value.isNaN()
        ? ratio1h.value / allowed : null;
    return new SloVerdict(slo, remaining.value, burn, policy.decide(remaining.value, labels), null);
  }

  /** A scalar answer, absent, or the problem that kept it from being read. */
  private record Answer(Double value, String problem) {}

  private Answer query(String promql) {
    try {
      List<PrometheusApi.Sample> samples = prometheus.instant(promql, null);
      return new Answer(samples.isEmpty() ? null : samples.get(0).value(), null);
    } catch (PrometheusApi.PrometheusException e) {
      return new Answer(null, e.getMessage());
    }
  }

  /** One SLO's reading and verdict; {@code problem} says why it could not be judged. */
  public record SloVerdict(ServiceLevelObjective slo, Double remaining, Double burnRate1h, Verdict verdict,
      String problem) {

    /** Whether this SLO could be judged at all. */
    public boolean judged() {
      return verdict != null;
    }

    /** The verdict's label, or {@code cannot-tell}. */
    public String label() {
      return verdict == null ? "cannot-tell" : verdict.label();
    }
  }

  /** The gate's answer for one release. */
  public record Result(List<SloVerdict> slos, Set<String> labels, BudgetPolicy policy) {

    /** 1 when any SLO blocks the release, else 2 when any SLO cannot be judged, else 0. */
    public int exitCode() {
      if (slos.stream().anyMatch(v -> v.verdict() == Verdict.BLOCKED)) {
        return 1;
      }
      return slos.stream().anyMatch(v -> !v.judged()) ? 2 : 0;
    }

    /** {@code go}, {@code blocked} or {@code cannot-tell}. */
    public String decision() {
      return switch (exitCode()) {
        case 0 -> "go";
        case 1 -> "blocked";
        default -> "cannot-tell";
      };
    }

    /** A short table: one line per SLO, then the decision and why. */
    public String toTable() {
      StringBuilder b = new StringBuilder();
      int width = Math.max(3, slos.stream().mapToInt(v -> id(v.slo()).length()).max().orElse(3));
      b.append(String.format(Locale.ROOT, "%-" + width + "s  %9s  %8s  %s%n", "SLO", "remaining", "burn 1h",
          "verdict"));
      for (SloVerdict v : slos) {
        b.append(String.format(Locale.ROOT, "%-" + width + "s  %9s  %8s  %s%n", id(v.slo()),
            v.remaining() == null ? "?" : String.format(Locale.ROOT, "%.1f%%", v.remaining() * 100),
            v.burnRate1h() == null ? "?" : String.format(Locale.ROOT, "%.2fx", v.burnRate1h()),
            v.label() + (v.problem() == null ? "" : ": " + v.problem())));
      }
      b.append("release ").append(labels.isEmpty() ? "(no labels)" : "labelled " + labels).append(": ")
          .append(decision().toUpperCase(Locale.ROOT));
      if (exitCode() == 0 && slos.stream().anyMatch(v -> v.verdict() == Verdict.ALLOWED_EXCEPTION)) {
        b.append(" as an allowed exception to the freeze (").append(policy).append(")");
      } else if (exitCode() == 1) {
        b.append(": the error budget is spent (").append(policy).append("); label the release ")
            .append(new TreeSet<>(policy.exceptions())).append(" if it restores reliability");
      } else if (exitCode() == 2) {
        b.append(": some SLOs could not be judged, so the gate does not pass the release");
      }
      return b.append(System.lineSeparator()).toString();
    }

    /** The same as JSON, for other tools. */
    public String toJson() {
      StringBuilder b = new StringBuilder("{\"decision\":").append(Json.string(decision()))
          .append(",\"exitCode\":").append(exitCode())
          .append(",\"labels\":[");
      int i = 0;
      for (String l : labels) {
        b.append(i++ == 0 ? "" : ",").append(Json.string(l));
      }
      b.append("],\"policy\":{\"warnBelow\":").append(policy.warnBelow()).append(",\"freezeBelow\":")
          .append(policy.freezeBelow()).append(",\"exceptions\":[");
      i = 0;
      for (String l : new TreeSet<>(policy.exceptions())) {
        b.append(i++ == 0 ? "" : ",").append(Json.string(l));
      }
      b.append("]},\"slos\":[");
      i = 0;
      for (SloVerdict v : slos) {
        b.append(i++ == 0 ? "" : ",").append("{\"service\":").append(Json.string(v.slo().service()))
            .append(",\"slo\":").append(Json.string(v.slo().name()))
            .append(",\"remaining\":").append(Json.number(v.remaining()))
            .append(",\"burnRate1h\":").append(Json.number(v.burnRate1h()))
            .append(",\"verdict\":").append(Json.string(v.label()))
            .append(",\"problem\":").append(v.problem() == null ? "null" : Json.string(v.problem())).append('}');
      }
      return b.append("]}").toString();
    }

    private static String id(ServiceLevelObjective slo) {
      return slo.service() + "/" + slo.name();
    }
  }

  /** JSON literals. */
  private static final class Json {
    private Json() {}

    static String number(Double d) {
      return d == null || d.isNaN() || d.isInfinite() ? "null" : Double.toString(d);
    }

    static String string(String s) {
      return dev.slo4j.format.JsonText.quote(s);
    }
  }
}
