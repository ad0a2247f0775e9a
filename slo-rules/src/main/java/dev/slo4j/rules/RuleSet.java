package dev.slo4j.rules;

import dev.slo4j.MetricNames;

import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.budget.Severity;
import dev.slo4j.format.Decimals;
import dev.slo4j.format.Durations;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The rules generated for a set of SLOs, with the warnings of generation (tiers left out because they can never fire),
 * and the files a repository checks in: the Prometheus rule file, the same as a Prometheus-Operator
 * {@code PrometheusRule}, and the Alertmanager inhibition rules that let a page silence the ticket of the same SLO.
 *
 * <p>Every rendering is deterministic (stable order, no timestamps) and starts with a comment naming its source and
 * the command that regenerates it, so a stale file shows up as a diff in review. Immutable.
 */
public final class RuleSet {

  private final List<RuleGroup> groups;
  private final List<String> warnings;
  private final List<ServiceLevelObjective> slos;

  RuleSet(List<RuleGroup> groups, List<String> warnings, List<ServiceLevelObjective> slos) {
    this.groups = List.copyOf(groups);
    this.warnings = List.copyOf(warnings);
    this.slos = List.copyOf(slos);
  }

  public List<RuleGroup> groups() {
    return groups;
  }

  /** Problems that did not stop generation but need a person's attention, e.g. a tier that can never fire. */
  public List<String> warnings() {
    return warnings;
  }

  /** The SLOs the rules were generated from. */
  public List<ServiceLevelObjective> slos() {
    return slos;
  }

  /** Number of recording rules, i.e. recorded series per SLO times SLOs (before fleet labels multiply them). */
  public long recordingRuleCount() {
    return groups.stream().flatMap(g -> g.rules().stream()).filter(r -> !r.isAlert()).count();
  }

  /**
   * A Prometheus rule file, loadable by Prometheus 2.42+ and 3.x (no group-level {@code labels} or
   * {@code query_offset}).
   *
   * @param header who generated it and how to regenerate it, e.g. {@code source: specs/checkout.yaml}
   */
  public String toPrometheusRules(Header header) {
    Objects.requireNonNull(header, "header");
    return ruleFile(header, List.of(), false);
  }

  /** A rule file of these groups: the header with {@code notes}, then the groups ({@code thanos}: Thanos' field too). */
  private String ruleFile(Header header, List<String> notes, boolean thanos) {
    YamlWriter y = new YamlWriter();
    header(y, header, notes);
    y.key(0, "", "groups");
    writeGroups(y, 0, groups, thanos);
    return y.toString();
  }

  /**
   * The recording rules split into backfill passes by dependency level, for {@code slo4j backfill}: a rule's level is
   * 0 when it reads raw series only, else one more than the highest level of the recorded series it reads. The groups
   * form a one-way chain, so every level is known when a rule is reached in file order.
   *
   * @throws IllegalStateException when a rule reads a series recorded later (a back-reference; never generated)
   */
  public List<BackfillPass> backfillPasses(Header header) {
    Objects.requireNonNull(header, "header");
    java.util.Set<String> recorded = new java.util.HashSet<>();
    groups.forEach(g -> g.rules().stream().filter(r -> !r.isAlert())
        .forEach(r -> recorded.add(RecordedReads.key(r.name(), r.labels()))));
    Map<String, Integer> levelOf = new java.util.HashMap<>();
    // Per level, the groups (in file order) with that level's rules.
    TreeMap<Integer, java.util.LinkedHashMap<RuleGroup, List<Rule>>> byLevel = new TreeMap<>();
    for (RuleGroup g : groups) {
      for (Rule r : g.rules()) {
        if (r.isAlert()) {
          continue;
        }
        int level = 0;
        for (RecordedReads.Read read : RecordedReads.of(r.expr())) {
          if (recorded.contains(read.key())) {
            Integer before = levelOf.get(read.key());
            if (before == null) {
              throw new IllegalStateException(g.name() + ": " + r.name() + " reads " + read.selector()
                  + " before it is recorded");
            }
            level = Math.max(level, before + 1);
          }
        }
        levelOf.put(RecordedReads.key(r.name(), r.labels()), level);
        byLevel.computeIfAbsent(level, l -> new java.util.LinkedHashMap<>())
            .computeIfAbsent(g, k -> new java.util.ArrayList<>()).add(r);
      }
    }
    List<BackfillPass> passes = new java.util.ArrayList<>();
    byLevel.forEach((level, rulesByGroup) -> {
      List<RuleGroup> passGroups = new java.util.ArrayList<>();
      List<String> selectors = new java.util.ArrayList<>();
      rulesByGroup.forEach((g, rules) -> {
        passGroups.add(new RuleGroup(g.name(), g.interval(), rules));
        for (Rule r : rules) {
          StringBuilder sel = new StringBuilder(r.name()).append('{');
          for (String label : List.of("service", "slo")) {
            if (r.labels().containsKey(label)) {
              sel.append(sel.charAt(sel.length() - 1) == '{' ? "" : ",").append(label).append('=')
                  .append(PromQlString.of(r.labels().get(label)));
            }
          }
          selectors.add(sel.append('}').toString());
        }
      });
      YamlWriter y = new YamlWriter();
      header(y, new Header(header.source(), header.command() + " (backfill pass " + (level + 1) + " of "
          + byLevel.size() + ": recording rules of dependency level " + level + ")"));
      y.key(0, "", "groups");
      writeGroups(y, 0, passGroups);
      passes.add(new BackfillPass(level, y.toString(), selectors));
    });
    return List.copyOf(passes);
  }

  /**
   * The same rules as a Prometheus-Operator {@code PrometheusRule} resource.
   *
   * @param name the resource's {@code metadata.name}
   */
  public String toPrometheusRuleResource(Header header, String name) {
    return render(header, Target.operator(name, null, Map.of(), false));
  }

  /**
   * The rule file for a backend ({@link Target}): a Prometheus rule file, a {@code PrometheusRule} resource, a Thanos
   * Ruler file, a Mimir namespace file with the SLOs packed into few groups, or a vmalert file. Every one keeps the
   * groups a one-way chain.
   *
   * @throws IllegalArgumentException when the SLOs cannot be packed under a Mimir target's limits (the message says
   *     how many groups they need)
   */
  public String render(Header header, Target target) {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(target, "target");
    String text = switch (target.kind()) {
      case PROMETHEUS -> toPrometheusRules(header);
      case VMALERT -> ruleFile(header, List.of("For vmalert: one pass in file order records everything (the groups"
          + " form a one-way chain). Replay with -datasource.queryStep=0 -replay.rulesDelay=2s"
          + " -remoteWrite.flushInterval=500ms; live, keep -datasource.queryStep at its default (5m) or at least the"
          + " tile width."), false);
      // A partial answer (a store down) could hide bad events or total traffic: evaluate nothing rather than a wrong
      // ratio (partial_response_strategy: abort). The alerts keep their state until the next full answer.
      case THANOS -> ruleFile(header, List.of("For Thanos Ruler: its default retention without object storage (48h)"
          + " is shorter than the 3-day and SLO-window ratios, which then read truncated tiles; keep the tiles in a"
          + " store the ruler's queriers read (object storage), or raise --tsdb.retention above the SLO window. Run the"
          + " queriers with the ruler's replica label (--query.replica-label) so replicas are deduplicated."), true);
      case MIMIR -> {
        RuleSet packed = packed(target.maxGroups(), target.maxRulesPerGroup());
        YamlWriter y = new YamlWriter();
        packed.header(y, header, List.of("For Grafana Mimir: load with mimirtool rules load|sync. " + packed.groups.size()
            + " groups for " + slos.size() + " SLOs (limit " + target.maxGroups() + " groups"
            + (target.maxRulesPerGroup() > 0 ? ", " + target.maxRulesPerGroup() + " rules per group" : "")
            + "; the largest group holds " + packed.groups.stream().mapToInt(g -> g.rules().size()).max().orElse(0)
            + " rules: Mimir's -ruler.max-rules-per-rule-group must allow it)."));
        y.scalar(0, "", "namespace", target.namespace().orElseThrow());
        y.key(0, "", "groups");
        writeGroups(y, 0, packed.groups);
        yield y.toString();
      }
      case OPERATOR -> {
        YamlWriter y = new YamlWriter();
        header(y, header, target.labels().isEmpty() ? List.of("For the Prometheus Operator: it loads a PrometheusRule"
            + " only when its labels match the Prometheus resource's ruleSelector (kube-prometheus-stack: release:"
            + " <the Helm release>); none was given, so check that selector.") : List.of());
        y.scalar(0, "", "apiVersion", "monitoring.coreos.com/v1");
        y.scalar(0, "", "kind", "PrometheusRule");
        y.key(0, "", "metadata");
        y.scalar(2, "", "name", target.resourceName().orElseThrow());
        target.namespace().ifPresent(ns -> y.scalar(2, "", "namespace", ns));
        Map<String, String> labels = new TreeMap<>(target.labels());
        labels.put("app.kubernetes.io/managed-by", "slo4j");
        y.map(2, "labels", labels);
        y.key(0, "", "spec");
        y.key(2, "", "groups");
        writeGroups(y, 2, groups);
        yield y.toString();
      }
    };
    return target.helmSafe() ? helmSafe(text) : text;
  }

  /**
   * The text as a Helm template that renders back to it: every <code>{{</code> and <code>}}</code> (Prometheus' own
   * templates in annotations, a query's {@code {{.window}}} in a comment) becomes a Helm raw string printing it.
   */
  static String helmSafe(String text) {
    StringBuilder sb = new StringBuilder(text.length() + 64);
    for (int i = 0; i < text.length(); i++) {
      if (text.startsWith("{{", i)) {
        sb.append("{{`{{`}}");
        i++;
      } else if (text.startsWith("}}", i)) {
        sb.append("{{`}}`}}");
        i++;
      } else {
        sb.append(text.charAt(i));
      }
    }
    return sb.toString();
  }

  /**
   * The same rules in at most {@code maxGroups} groups of at most {@code maxRulesPerGroup} rules (0: no limit): the
   * tiles groups of the SLOs (one class per tile width) first, then the groups that read them, each class split into
   * contiguous runs of whole SLO groups, so every SLO's rules keep their order and the groups stay a one-way chain.
   *
   * @throws IllegalArgumentException when that needs more groups than allowed, saying how many
   */
  RuleSet packed(int maxGroups, int maxRulesPerGroup) {
    java.util.LinkedHashMap<java.util.Optional<java.time.Duration>, List<RuleGroup>> classes =
        new java.util.LinkedHashMap<>();
    groups.stream().filter(g -> g.interval().isPresent())
        .forEach(g -> classes.computeIfAbsent(g.interval(), k -> new java.util.ArrayList<>()).add(g));
    groups.stream().filter(g -> g.interval().isEmpty())
        .forEach(g -> classes.computeIfAbsent(g.interval(), k -> new java.util.ArrayList<>()).add(g));
    for (RuleGroup g : groups) {
      if (maxRulesPerGroup > 0 && g.rules().size() > maxRulesPerGroup) {
        throw new IllegalArgumentException("group " + g.name() + " has " + g.rules().size() + " rules, more than the "
            + "limit of " + maxRulesPerGroup + " per group; raise it (Mimir: -ruler.max-rules-per-rule-group)");
      }
    }
    if (classes.size() > maxGroups) {
      throw new IllegalArgumentException("these SLOs need at least " + classes.size() + " groups (one per tile width "
          + "and one for the alerts), more than the limit of " + maxGroups);
    }
    long total = groups.stream().mapToLong(g -> g.rules().size()).sum();
    // Groups per class in proportion to its rules, at least one each, within the limit.
    Map<java.util.Optional<java.time.Duration>, Integer> share = new java.util.LinkedHashMap<>();
    classes.forEach((k, list) -> share.put(k, (int) Math.max(1, maxGroups * list.stream()
        .mapToLong(g -> g.rules().size()).sum() / Math.max(1, total))));
    while (share.values().stream().mapToInt(Integer::intValue).sum() > maxGroups) {
      var largest = share.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
      largest.setValue(largest.getValue() - 1);
    }
    List<RuleGroup> out = new java.util.ArrayList<>();
    classes.forEach((interval, list) -> {
      int chunks = Math.min(list.size(), share.get(interval));
      List<List<RuleGroup>> split = split(list, chunks);
      while (maxRulesPerGroup > 0 && split.stream().anyMatch(c -> size(c) > maxRulesPerGroup)) {
        split = split(list, ++chunks);
      }
      String prefix = interval.map(i -> "slo4j-tiles-" + Durations.prometheus(i) + "-").orElse("slo4j-");
      for (int i = 0; i < split.size(); i++) {
        List<Rule> rules = new java.util.ArrayList<>();
        split.get(i).forEach(g -> rules.addAll(g.rules()));
        out.add(new RuleGroup(prefix + (i + 1), interval, rules));
      }
    });
    if (out.size() > maxGroups) {
      throw new IllegalArgumentException("these " + slos.size() + " SLOs need " + out.size() + " groups of at most "
          + maxRulesPerGroup + " rules, more than the limit of " + maxGroups + " groups; raise either limit (Mimir: "
          + "-ruler.max-rule-groups-per-tenant, -ruler.max-rules-per-rule-group)");
    }
    return new RuleSet(out, warnings, slos);
  }

  private static List<List<RuleGroup>> split(List<RuleGroup> list, int chunks) {
    List<List<RuleGroup>> out = new java.util.ArrayList<>();
    for (int i = 0; i < chunks; i++) {
      List<RuleGroup> chunk = list.subList(i * list.size() / chunks, (i + 1) * list.size() / chunks);
      if (!chunk.isEmpty()) {
        out.add(chunk);
      }
    }
    return out;
  }

  private static int size(List<RuleGroup> chunk) {
    return chunk.stream().mapToInt(g -> g.rules().size()).sum();
  }

  /**
   * An Argo Rollouts {@code AnalysisTemplate} that applies the error-budget policy during a rollout, reading the same
   * recorded series as {@code slo4j gate}: one metric per SLO, successful while the remaining budget is above the
   * policy's freeze level ({@link dev.slo4j.budget.BudgetPolicy#freezeBelow()}: above 0 when it freezes once the
   * budget is spent, at or above it otherwise), failed below it, and inconclusive (the rollout pauses) when the series
   * is missing. The policy's warning level is stated in a comment: an analysis can only pass or fail, so warning is the
   * gate's. Argo cannot see release labels: a release that is an allowed exception skips the analysis.
   *
   * @throws IllegalArgumentException when a query would contain <code>{{</code>, which Argo reads as its own template
   */
  public String toArgoAnalysisTemplate(Header header, String prometheusAddress,
      dev.slo4j.budget.BudgetPolicy policy) {
    Objects.requireNonNull(header, "header");
    String name = "slo4j-error-budget-" + (slos.isEmpty() ? "none" : Runbooks.safe(slos.get(0).service()));
    Objects.requireNonNull(prometheusAddress, "prometheusAddress");
    Objects.requireNonNull(policy, "policy");
    YamlWriter y = resource(header, "argoproj.io/v1alpha1", "AnalysisTemplate", name);
    y.key(2, "", "args");
    y.scalar(4, "- ", "name", "prometheus-address");
    y.scalar(6, "", "value", prometheusAddress);
    y.comment("The error-budget policy: " + policy + ". A metric fails below the freeze level; the warning is"
        + " slo4j gate's (an analysis can only pass or fail); a release labelled as an exception skips this analysis.");
    y.key(2, "", "metrics");
    String freeze = Decimals.plain(java.math.BigDecimal.valueOf(policy.freezeBelow()));
    String pass = policy.freezeBelow() == 0 ? "result[0] > 0" : "result[0] >= " + freeze;
    String fail = policy.freezeBelow() == 0 ? "result[0] <= 0" : "result[0] < " + freeze;
    java.util.Set<String> names = new java.util.HashSet<>();
    for (ServiceLevelObjective slo : slos) {
      String query = "min(last_over_time(" + MetricNames.RECORDED_BUDGET_REMAINING + "{service="
          + PromQlString.of(slo.service()) + ",slo=" + PromQlString.of(slo.name()) + "}[15m]))";
      if (query.contains("{{")) {
        throw new IllegalArgumentException("the budget query of SLO " + slo.service() + "/" + slo.name()
            + " contains '{{', which Argo Rollouts reads as a template; rename the SLO or its service");
      }
      String metric = Runbooks.safe(slo.service()) + "-" + Runbooks.safe(slo.name()) + "-error-budget";
      if (!names.add(metric)) {
        throw new IllegalArgumentException("two SLOs would share the analysis metric " + metric
            + " (names differ only in punctuation or case); rename one");
      }
      y.scalar(4, "- ", "name", metric);
      y.raw("      count: 1\n      failureLimit: 0\n");
      y.scalar(6, "", "successCondition", "len(result) > 0 && " + pass);
      y.scalar(6, "", "failureCondition", "len(result) > 0 && " + fail);
      y.key(6, "", "provider");
      y.key(8, "", "prometheus");
      y.scalar(10, "", "address", "{{args.prometheus-address}}");
      y.scalar(10, "", "query", query);
    }
    return y.toString();
  }

  /**
   * Alertmanager {@code inhibit_rules}: while an SLO pages, its ticket is suppressed, as the Workbook asks, and so is
   * its budget-exhaustion forecast (the page already says the budget is going fast). The budget-exhausted ticket is
   * never suppressed: it is the state that freezes releases. Merge the list into the Alertmanager configuration.
   */
  public String toAlertmanagerInhibitRules(Header header) {
    Objects.requireNonNull(header, "header");
    // One inhibit rule per distinct pair of severity labels (Sloth-imported SLOs may rename them).
    TreeMap<String, String> pairs = new TreeMap<>();
    for (ServiceLevelObjective slo : slos) {
      if (slo.alerting().page() && slo.alerting().ticket()) {
        pairs.put(slo.alerting().pageLabels().getOrDefault("severity", Severity.PAGE.label()),
            slo.alerting().ticketLabels().getOrDefault("severity", Severity.TICKET.label()));
      }
    }
    TreeSet<String> forecastSilencedBy = new TreeSet<>();
    for (ServiceLevelObjective slo : slos) {
      if (slo.alerting().page() && slo.alerting().exhaustedFor().isPresent()) {
        forecastSilencedBy.add(slo.alerting().pageLabels().getOrDefault("severity", Severity.PAGE.label()));
      }
    }
    YamlWriter y = new YamlWriter();
    header(y, header);
    y.key(0, "", "inhibit_rules");
    pairs.forEach((page, ticket) -> {
      y.list(2, "- ", "source_matchers", List.of(
          matcher("alertname", MetricNames.BURN_ALERT), matcher("severity", page)));
      y.list(4, "", "target_matchers", List.of(
          matcher("alertname", MetricNames.BURN_ALERT), matcher("severity", ticket)));
      y.list(4, "", "equal", new TreeSet<>(List.of("service", "slo")));
    });
    forecastSilencedBy.forEach(page -> {
      y.list(2, "- ", "source_matchers", List.of(
          matcher("alertname", MetricNames.BURN_ALERT), matcher("severity", page)));
      y.list(4, "", "target_matchers", List.of(matcher("alertname", MetricNames.EXHAUSTION_PREDICTED_ALERT)));
      y.list(4, "", "equal", new TreeSet<>(List.of("service", "slo")));
    });
    if (pairs.isEmpty() && forecastSilencedBy.isEmpty()) {
      y.raw("  []\n");
    }
    return y.toString();
  }

  /**
   * An Alertmanager equality matcher, {@code name="value"}, with the value escaped as both of Alertmanager's matcher
   * parsers read it back (the classic one and the UTF-8 one of 0.27+): backslash, double quote and line feed as
   * {@code \\ \" \n}; anything else stands as itself inside the quotes (the YAML around it escapes what YAML must).
   * So a severity such as {@code critical", alertname=~".+} stays one value and cannot widen the inhibition.
   */
  static String matcher(String name, String value) {
    StringBuilder sb = new StringBuilder(name).append("=\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '"' -> sb.append("\\\"");
        case '\n' -> sb.append("\\n");
        default -> sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  /**
   * A {@code promtool test rules} file for the rule file {@code ruleFile}: for each SLO slo4j records, a full outage
   * fires its strongest alert as soon as the policy allows, and a steady 1x burn never pages. Run it in CI with
   * {@code promtool test rules}.
   */
  public String toPromtoolTests(Header header, String ruleFile) {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(ruleFile, "ruleFile");
    return PromtoolTests.render(this, header, ruleFile);
  }

  /** A Kubernetes resource's start: the header, apiVersion, kind, metadata (name, managed-by label), spec. */
  private YamlWriter resource(Header header, String apiVersion, String kind, String name) {
    YamlWriter y = new YamlWriter();
    header(y, header);
    y.scalar(0, "", "apiVersion", apiVersion);
    y.scalar(0, "", "kind", kind);
    y.key(0, "", "metadata");
    y.scalar(2, "", "name", name);
    y.map(2, "labels", Map.of("app.kubernetes.io/managed-by", "slo4j"));
    y.key(0, "", "spec");
    return y;
  }

  private void header(YamlWriter y, Header h) {
    header(y, h, List.of());
  }

  private void header(YamlWriter y, Header h, List<String> notes) {
    y.comment("Generated by slo4j from " + h.source() + ". DO NOT EDIT: changes are overwritten.\n"
        + "Regenerate with: " + h.command());
    notes.forEach(y::comment);
    // What the running service compares with the SLOs it registers (SloFingerprint); one escaped line each.
    dev.slo4j.declare.SloFingerprint.of(slos).headerLines().forEach(y::comment);
    for (String w : warnings) {
      y.comment("WARNING: " + w);
    }
    y.raw("\n");
  }

  private static void writeGroups(YamlWriter y, int base, List<RuleGroup> groups) {
    writeGroups(y, base, groups, false);
  }

  private static void writeGroups(YamlWriter y, int base, List<RuleGroup> groups, boolean thanos) {
    for (RuleGroup g : groups) {
      y.scalar(base, "- ", "name", g.name());
      g.interval().ifPresent(i -> y.scalar(base + 2, "", "interval", Durations.prometheus(i)));
      if (thanos) {
        y.scalar(base + 2, "", "partial_response_strategy", "abort");
      }
      y.key(base + 2, "", "rules");
      for (Rule r : g.rules()) {
        int in = base + 2;
        if (r.isAlert()) {
          y.scalar(in, "- ", "alert", r.name());
        } else {
          y.scalar(in, "- ", "record", r.name());
        }
        y.scalar(in + 2, "", "expr", r.expr());
        r.pendingFor().ifPresent(d -> y.scalar(in + 2, "", "for", Durations.prometheus(d)));
        y.map(in + 2, "labels", r.labels());
        y.map(in + 2, "annotations", r.annotations());
      }
    }
  }

  /**
   * The first comment of a generated file: what it was generated from and the command that regenerates it.
   *
   * @param source e.g. {@code specs/checkout.yaml}
   * @param command e.g. {@code java -jar slo4j-cli.jar generate specs/checkout.yaml -o rules/checkout.rules.yml}
   */
  public record Header(String source, String command) {
    public Header {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(command, "command");
    }
  }
}
