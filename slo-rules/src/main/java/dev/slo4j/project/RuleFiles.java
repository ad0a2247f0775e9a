package dev.slo4j.project;

import dev.slo4j.rules.RuleGenerator;
import dev.slo4j.rules.RuleSet;

import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.dashboard.GrafanaDashboard;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The files a repository checks in for a set of SLOs (the Prometheus rules or a PrometheusRule resource, the promtool
 * tests that prove them, Alertmanager inhibit rules, a Grafana dashboard), rendered in one place so that the CLI and
 * the Maven plugin write byte-for-byte the same files from the same SLOs.
 *
 * <p>Immutable and thread-safe once built.
 */
public final class RuleFiles {

  private final Map<String, String> files;
  private final List<String> warnings;

  private RuleFiles(Map<String, String> files, List<String> warnings) {
    this.files = Collections.unmodifiableMap(files);
    this.warnings = List.copyOf(warnings);
  }

  /** Starts the files of these SLOs. */
  public static Builder builder(List<ServiceLevelObjective> slos) {
    return new Builder(List.copyOf(slos));
  }

  /** Every file, by its path as given, with its content; the rules first. */
  public Map<String, String> files() {
    return files;
  }

  /** What needs a person's attention (a tier that can never fire, a dashboard of one service only). */
  public List<String> warnings() {
    return warnings;
  }

  /** Which files to render and how their headers read. Not thread-safe. */
  public static final class Builder {
    private final List<ServiceLevelObjective> slos;
    private String rules;
    private String tests;
    private String inhibitRules;
    private String dashboard;
    private String runbooks;
    private String runbookBaseUrl;
    private String argoAnalysis;
    private String argoPrometheus;
    private dev.slo4j.budget.BudgetPolicy budgetPolicy = dev.slo4j.budget.BudgetPolicy.workbook();
    private dev.slo4j.rules.Target target = dev.slo4j.rules.Target.prometheus();
    private String source = "SLO declarations";
    private String command = "slo4j generate";

    private Builder(List<ServiceLevelObjective> slos) {
      this.slos = slos;
    }

    /** The rule file's path (relative paths relate the test file to it). */
    public Builder rules(String path) {
      this.rules = Objects.requireNonNull(path, "rules");
      return this;
    }

    /** Also a promtool test file; null for none. */
    public Builder tests(String path) {
      this.tests = path;
      return this;
    }

    /** Also Alertmanager inhibit rules; null for none. */
    public Builder inhibitRules(String path) {
      this.inhibitRules = path;
      return this;
    }

    /** Also a Grafana dashboard; null for none. */
    public Builder dashboard(String path) {
      this.dashboard = path;
      return this;
    }

    /**
     * Also runbook stubs, one Markdown page per alert, in this directory; null for none. With {@code baseUrl} (null
     * for none), alerts whose SLO gives no {@code runbook_url} link their page there.
     */
    public Builder runbooks(String dir, String baseUrl) {
      this.runbooks = dir;
      this.runbookBaseUrl = baseUrl;
      return this;
    }

    /**
     * Also an Argo Rollouts AnalysisTemplate applying the error-budget policy ({@link #budgetPolicy}) during
     * rollouts, at {@code path} (null for none), querying {@code prometheusAddress} unless the Rollout passes another.
     */
    public Builder argoAnalysis(String path, String prometheusAddress) {
      this.argoAnalysis = path;
      this.argoPrometheus = prometheusAddress;
      return this;
    }

    /** The error-budget policy the Argo analysis applies (the specs' {@code budgetPolicy}); null: the workbook's. */
    public Builder budgetPolicy(dev.slo4j.budget.BudgetPolicy policy) {
      this.budgetPolicy = policy == null ? dev.slo4j.budget.BudgetPolicy.workbook() : policy;
      return this;
    }

    /** A Prometheus-Operator PrometheusRule resource of this name instead of a plain rule file; null for a file. */
    public Builder prometheusRule(String resourceName) {
      this.target = resourceName == null ? dev.slo4j.rules.Target.prometheus()
          : dev.slo4j.rules.Target.operator(resourceName, null, Map.of(), false);
      return this;
    }

    /**
     * The backend the rule file is written for ({@link dev.slo4j.rules.Target}): Prometheus unless set. A target whose
     * file promtool cannot read (a PrometheusRule, a Mimir or Thanos file) gets no promtool test file.
     */
    public Builder target(dev.slo4j.rules.Target target) {
      this.target = Objects.requireNonNull(target, "target");
      return this;
    }

    /** What the files were generated from, for their header. */
    public Builder source(String what) {
      this.source = Objects.requireNonNull(what, "source");
      return this;
    }

    /** The command that regenerates them, for their header. */
    public Builder command(String regenerate) {
      this.command = Objects.requireNonNull(regenerate, "command");
      return this;
    }

    public RuleFiles build() {
      Objects.requireNonNull(rules, "rules: name the rule file");
      RuleGenerator.Builder generator = RuleGenerator.builder();
      if (runbookBaseUrl != null) {
        generator.runbookBaseUrl(runbookBaseUrl);
      }
      RuleSet set = generator.build().generate(slos);
      List<String> warnings = new ArrayList<>(set.warnings());
      RuleSet.Header header = new RuleSet.Header(source, command);
      Map<String, String> out = new LinkedHashMap<>();
      out.put(rules, set.render(header, target));
      if (tests != null && !target.promtoolReadable()) {
        throw new IllegalArgumentException("promtool cannot read a " + target.kind().label() + " rule file, so "
            + tests + " could not test it; generate the tests with the prometheus target into another rule file");
      }
      if (tests != null) {
        // Relative to the test file, so the pair runs from anywhere with promtool test rules.
        Path base = Path.of(tests).toAbsolutePath().normalize().getParent();
        String testFile = set.toPromtoolTests(header,
            base.relativize(Path.of(rules).toAbsolutePath().normalize()).toString());
        if (testFile.contains("\ntests: []\n")) {
          warnings.add(tests + " holds no test (promtool would still report success): none of these SLOs could be "
              + "tested; its comments say why");
        }
        out.put(tests, testFile);
      }
      if (inhibitRules != null) {
        out.put(inhibitRules, set.toAlertmanagerInhibitRules(header));
      }
      if (dashboard != null && !slos.isEmpty()) {
        String service = slos.get(0).service();
        if (slos.stream().anyMatch(s -> !s.service().equals(service))) {
          warnings.add("the dashboard shows the SLOs of service " + service + " only; generate one per service");
        }
        out.put(dashboard, GrafanaDashboard.of(service, slos));
      }
      if (argoAnalysis != null && !slos.isEmpty()) {
        out.put(argoAnalysis, set.toArgoAnalysisTemplate(header,
            argoPrometheus == null ? "http://prometheus:9090" : argoPrometheus, budgetPolicy));
      }
      if (runbooks != null) {
        Map<String, String> pages = dev.slo4j.rules.Runbooks.render(slos);
        java.util.Map<String, String> owner = new java.util.HashMap<>();
        for (ServiceLevelObjective slo : slos) {
          String file = dev.slo4j.rules.Runbooks.fileName(slo, dev.slo4j.budget.Severity.PAGE);
          String other = owner.putIfAbsent(file, slo.service() + "/" + slo.name());
          if (other != null) {
            throw new IllegalArgumentException("SLOs " + other + " and " + slo.service() + "/" + slo.name()
                + " would share the runbook file " + file + " (names differ only in punctuation or case); rename one");
          }
        }
        String dir = runbooks.endsWith("/") ? runbooks : runbooks + "/";
        pages.forEach((name, text) -> out.put(dir + name, text));
      }
      return new RuleFiles(out, warnings);
    }
  }
}
