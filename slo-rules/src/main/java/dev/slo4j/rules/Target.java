package dev.slo4j.rules;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where the generated rules run, and what that backend needs of the file: Prometheus (the rule file as is), the
 * Prometheus Operator (a {@code PrometheusRule} with the namespace and the labels its {@code ruleSelector} matches,
 * optionally safe to template with Helm), Thanos Ruler (each group's {@code partial_response_strategy}, and a header
 * on its retention), Grafana Mimir (a {@code mimirtool} namespace file, many SLOs packed into few groups under the
 * ruler's limits) or vmalert (the rule file as is, with the flags it needs in the header). Every profile keeps the
 * groups a one-way chain. Immutable; build one with the static factories.
 */
public final class Target {

  /** The backends slo4j writes for. */
  public enum Kind {
    PROMETHEUS, OPERATOR, THANOS, MIMIR, VMALERT;

    /** Its name on the command line and in properties: lower case. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Mimir's default limit of rule groups per tenant ({@code -ruler.max-rule-groups-per-tenant}). */
  public static final int MIMIR_DEFAULT_MAX_GROUPS = 70;
  /** The most groups or rules per group a limit may be set to. */
  public static final int MAX_LIMIT = 100_000;

  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern RESOURCE_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
  private static final Pattern LABEL_NAME =
      Pattern.compile("([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
  private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

  private final Kind kind;
  private final String resourceName;
  private final String namespace;
  private final Map<String, String> labels;
  private final boolean helmSafe;
  private final int maxGroups;
  private final int maxRulesPerGroup;

  private Target(Kind kind, String resourceName, String namespace, Map<String, String> labels, boolean helmSafe,
      int maxGroups, int maxRulesPerGroup) {
    this.kind = kind;
    this.resourceName = resourceName;
    this.namespace = namespace;
    this.labels = labels;
    this.helmSafe = helmSafe;
    this.maxGroups = maxGroups;
    this.maxRulesPerGroup = maxRulesPerGroup;
  }

  /** A plain Prometheus rule file (Prometheus 2.42+ and 3.x). */
  public static Target prometheus() {
    return new Target(Kind.PROMETHEUS, null, null, Map.of(), false, 0, 0);
  }

  /** The rule file for vmalert, with the flags its replay and live evaluation need in the header. */
  public static Target vmalert() {
    return new Target(Kind.VMALERT, null, null, Map.of(), false, 0, 0);
  }

  /** The rule file for Thanos Ruler: {@code partial_response_strategy: abort} on every group. */
  public static Target thanos() {
    return new Target(Kind.THANOS, null, null, Map.of(), false, 0, 0);
  }

  /**
   * A Prometheus-Operator {@code PrometheusRule}.
   *
   * @param name its {@code metadata.name}
   * @param namespace its {@code metadata.namespace}, or null to leave it to {@code kubectl apply -n}
   * @param selectorLabels labels the Prometheus resource's {@code ruleSelector} matches, e.g. {@code release=NAME} for
   *     kube-prometheus-stack; without them the operator may never load the rules
   * @param helmSafe whether the file will be templated by Helm: every <code>{{</code> and <code>}}</code> of the rules is
   *     written so Helm prints it back
   * @throws IllegalArgumentException naming the value and the rule it breaks
   */
  public static Target operator(String name, String namespace, Map<String, String> selectorLabels, boolean helmSafe) {
    Objects.requireNonNull(name, "name");
    if (!RESOURCE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("the PrometheusRule name '" + name + "' is not a Kubernetes object name "
          + "(lower-case letters, digits, '-' and '.', at most 253, starting and ending alphanumeric)");
    }
    if (namespace != null) {
      checkName("the namespace", namespace);
    }
    TreeMap<String, String> labels = new TreeMap<>();
    Objects.requireNonNull(selectorLabels, "selectorLabels").forEach((k, v) -> {
      if (k == null || !LABEL_NAME.matcher(k).matches()) {
        throw new IllegalArgumentException("rule label name '" + k + "' is not a Kubernetes label name "
            + "([prefix/]name, letters, digits, '-', '_', '.', at most 63 characters)");
      }
      if (v == null || !LABEL_VALUE.matcher(v).matches()) {
        throw new IllegalArgumentException("rule label '" + k + "' has value '" + v + "', which is not a Kubernetes "
            + "label value (at most 63 letters, digits, '-', '_', '.', starting and ending alphanumeric)");
      }
      labels.put(k, v);
    });
    if (labels.containsKey("app.kubernetes.io/managed-by")) {
      throw new IllegalArgumentException("rule label 'app.kubernetes.io/managed-by' is slo4j's own (managed-by: slo4j)");
    }
    return new Target(Kind.OPERATOR, name, namespace, java.util.Collections.unmodifiableMap(labels), helmSafe, 0, 0);
  }

  /**
   * A namespace file for Grafana Mimir's ruler ({@code mimirtool rules load|sync}): the SLOs' groups packed into at most
   * {@code maxGroups} groups (Mimir's {@code -ruler.max-rule-groups-per-tenant}, 70 by default), each of at most
   * {@code maxRulesPerGroup} rules ({@code -ruler.max-rules-per-rule-group}; 0: no limit), keeping the one-way chain.
   *
   * @throws IllegalArgumentException when the namespace is not a name or a limit is out of range
   */
  public static Target mimir(String namespace, int maxGroups, int maxRulesPerGroup) {
    Objects.requireNonNull(namespace, "namespace");
    checkName("the Mimir namespace", namespace);
    if (maxGroups < 2 || maxGroups > MAX_LIMIT) {
      throw new IllegalArgumentException("max groups is " + maxGroups + "; give 2 to " + MAX_LIMIT
          + " (the tiles and the alerts need a group each; Mimir's default is " + MIMIR_DEFAULT_MAX_GROUPS + ")");
    }
    if (maxRulesPerGroup < 0 || maxRulesPerGroup > MAX_LIMIT) {
      throw new IllegalArgumentException("max rules per group is " + maxRulesPerGroup + "; give 0 (no limit) to "
          + MAX_LIMIT);
    }
    return new Target(Kind.MIMIR, null, namespace, Map.of(), false, maxGroups, maxRulesPerGroup);
  }

  /**
   * The target of a command line's or a build's options, one place for the CLI and the Maven plugin: a resource name
   * implies {@code operator}; blank values count as unset.
   *
   * @param kind prometheus, operator, thanos, mimir or vmalert (any case); null for prometheus
   * @param defaultResourceName the {@code PrometheusRule} name when none is given
   * @param option how the caller spells an option, for messages: {@code "target"} becomes {@code --target} or
   *     {@code <target>}
   * @throws IllegalArgumentException naming the option and the value
   */
  public static Target of(String kind, String resourceName, String namespace, Map<String, String> labels,
      boolean helmSafe, int maxGroups, int maxRulesPerGroup, String defaultResourceName,
      java.util.function.UnaryOperator<String> option) {
    String k = kind == null || kind.isBlank() ? "prometheus" : kind.strip().toLowerCase(Locale.ROOT);
    String resource = resourceName == null || resourceName.isBlank() ? null : resourceName.strip();
    String ns = namespace == null || namespace.isBlank() ? null : namespace.strip();
    if (resource != null && !k.equals("prometheus") && !k.equals("operator")) {
      throw new IllegalArgumentException(option.apply("prometheusRule") + " writes a PrometheusRule (" + option.apply(
          "target") + " operator), not " + option.apply("target") + " " + kind);
    }
    return switch (resource != null ? "operator" : k) {
      case "prometheus" -> prometheus();
      case "vmalert" -> vmalert();
      case "thanos" -> thanos();
      case "mimir" -> mimir(ns == null ? "slo4j" : ns, maxGroups, maxRulesPerGroup);
      case "operator" -> operator(resource != null ? resource : defaultResourceName, ns,
          labels == null ? Map.of() : labels, helmSafe);
      default -> throw new IllegalArgumentException(option.apply("target") + " is '" + kind + "'; give one of "
          + "prometheus, operator, thanos, mimir, vmalert");
    };
  }

  /** Whether promtool can read this target's rule file (and so run a promtool test file against it). */
  public boolean promtoolReadable() {
    return kind == Kind.PROMETHEUS || kind == Kind.VMALERT;
  }

  private static void checkName(String what, String name) {
    if (!NAMESPACE.matcher(name).matches()) {
      throw new IllegalArgumentException(what + " '" + name + "' is not a DNS label (lower-case letters, digits and "
          + "'-', at most 63, starting and ending alphanumeric)");
    }
  }

  public Kind kind() {
    return kind;
  }

  /** The {@code PrometheusRule}'s name (operator only). */
  public Optional<String> resourceName() {
    return Optional.ofNullable(resourceName);
  }

  /** The Kubernetes or Mimir namespace, when one is written. */
  public Optional<String> namespace() {
    return Optional.ofNullable(namespace);
  }

  /** The {@code PrometheusRule}'s selector labels (operator only), sorted. */
  public Map<String, String> labels() {
    return labels;
  }

  public boolean helmSafe() {
    return helmSafe;
  }

  /** Mimir's group limit; 0 for other targets. */
  public int maxGroups() {
    return maxGroups;
  }

  /** Mimir's rules-per-group limit; 0: none. */
  public int maxRulesPerGroup() {
    return maxRulesPerGroup;
  }

  @Override
  public String toString() {
    return kind.label() + (namespace == null ? "" : " namespace " + namespace)
        + (labels.isEmpty() ? "" : " labels " + labels) + (helmSafe ? " helm-safe" : "")
        + (kind == Kind.MIMIR ? " max " + maxGroups + " groups" + (maxRulesPerGroup > 0 ? ", " + maxRulesPerGroup
            + " rules each" : "") : "");
  }
}
