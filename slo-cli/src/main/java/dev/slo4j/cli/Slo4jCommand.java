package dev.slo4j.cli;

import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.SloValidationException;
import dev.slo4j.project.ProjectSlos;
import dev.slo4j.project.Slo4jConfig;
import dev.slo4j.processor.SloAnnotationProcessor;
import dev.slo4j.spec.SpecLoader;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The {@code slo4j} command line: explain specs in plain terms, generate the rule files a repository checks in, and
 * check in CI that they are not stale. A module of its own so that picocli stays out of slo-core.
 *
 * <p>Two modes for {@code generate} and {@code check}:
 *
 * <ul>
 *   <li><b>Spec files</b>: {@code slo4j generate specs/checkout.yaml --rules rules/checkout.rules.yml}. The SLOs of
 *       the files (slo4j, Sloth or OpenSLO), in file order.
 *   <li><b>Project</b>: {@code slo4j generate --classes target/classes --rules rules/checkout.rules.yml}. The SLOs
 *       as the running service resolves them, through slo-core's {@link ProjectSlos}: {@code @Slo} read from the
 *       compiled classes (no annotation processor needed), {@code slo4j.*} and {@code spring.application.name} from
 *       the {@code application.properties}/{@code .yml} beside them (and those of {@code --profile}s), the platform's
 *       {@code META-INF/slo4j/defaults.yaml} on {@code --classpath}, then {@code --config} files and any spec files.
 *       {@code --service} names the service explicitly; a configuration that names another is an error.
 * </ul>
 *
 * <p>Every subcommand takes {@code --help} and {@code --version}. The executable jar is
 * {@code dev.slo4j:slo-cli:VERSION:jar:all} (a source build also writes it to {@code slo-cli/target/slo4j-cli.jar}).
 *
 * <p>Exit codes: 0 success (or help); 1 invalid SLOs (every problem is printed: also a spec over the size limits,
 * not valid YAML or UTF-8, or the same SLO in two files), a service named differently in two places, or stale or
 * missing files in {@code check}; 2 a usage error (unknown option, neither spec files nor {@code --classes}) or an
 * unreadable input, named with where it comes from and the path that was tried, and any unexpected failure, printed
 * in one line as {@code internal error: ...}, never as a stack trace.
 */
@Command(name = "slo4j", mixinStandardHelpOptions = true, version = "slo4j 0.1.0-SNAPSHOT",
    description = "SLOs in code: explain specs, generate Prometheus rules, check they are current.",
    subcommands = {Slo4jCommand.Explain.class, Slo4jCommand.Generate.class, Slo4jCommand.Check.class,
        Slo4jCommand.Gate.class, Slo4jCommand.Lint.class, ReportCommands.ReportCommand.class,
        ReportCommands.PostmortemCommand.class, Backfill.class})
public final class Slo4jCommand implements Runnable {

  @Spec
  CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Slo4jCommand());
    // The last line of defence: a bug is one line and exit 2, never a stack trace.
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> internalError(e, commandLine.getErr()));
    // report and postmortem say "invalid input" with exit 1 (their 2 means Prometheus failed); the others keep 2.
    CommandLine.IParameterExceptionHandler usage = cli.getParameterExceptionHandler();
    cli.setParameterExceptionHandler((e, args) -> {
      int code = usage.handleParseException(e, args);
      String name = e.getCommandLine().getCommandName();
      return name.equals("report") || name.equals("postmortem") ? 1 : code;
    });
    return cli;
  }

  /** Reports an unexpected failure in one line (exit 2): its kind and message, never a stack trace. */
  static int internalError(Throwable e, PrintWriter err) {
    String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
    if (message.length() > 300) {
      message = message.substring(0, 300) + "...";
    }
    err.println("internal error: " + e.getClass().getSimpleName().replaceFirst("(Exception|Error)$", "")
        + (message.isEmpty() ? "" : ": " + message) + " (a bug in slo4j: please report it with the input)");
    return 2;
  }

  /** Runs a subcommand, turning anything unexpected (even an Error) into {@link #internalError}. */
  static int guarded(PrintWriter err, Callable<Integer> body) {
    try {
      return body.call();
    } catch (CommandLine.ParameterException e) {
      throw e;
    } catch (Exception | Error e) {
      return internalError(e, err);
    }
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** What a command says when a spec file cannot be read: {@code cannot read spec: <file>: <why>}. */
  static String cannotReadSpec(IOException e) {
    return cannotRead(e, Path.of(".")).replaceFirst("^cannot read ", "cannot read spec: ");
  }

  /**
   * Loads specs, printing every problem and returning null when they are invalid. An SLO (service and name) declared
   * in two files is a problem naming both: its rules would be generated twice; so are two different budget policies.
   */
  static List<ServiceLevelObjective> load(List<Path> specs, PrintWriter err) throws IOException {
    SpecLoader.Spec loaded = loadSpecs(specs, err);
    return loaded == null ? null : loaded.slos();
  }

  /** As {@link #load}, with the budget policy the specs state. */
  static SpecLoader.Spec loadSpecs(List<Path> specs, PrintWriter err) throws IOException {
    try {
      return SpecLoader.loadSpecs(specs);
    } catch (SloValidationException e) {
      printProblems(e, "SLO spec", err);
      return null;
    }
  }

  @Command(name = "explain", mixinStandardHelpOptions = true, description = "Validate specs and explain each SLO's budget and alerts in plain terms.")
  static final class Explain implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "SPEC", description = "spec files (slo4j, Sloth or OpenSLO)")
    List<Path> specs;

    @Option(names = "--events-per-minute", defaultValue = "1000",
        description = "traffic used to put the budget in events (default: ${DEFAULT-VALUE})")
    long eventsPerMinute;

    @Override
    public Integer call() {
      return guarded(spec.commandLine().getErr(), this::explain);
    }

    private int explain() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Explainer explainer;
      try {
        explainer = new Explainer(eventsPerMinute);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      try {
        List<ServiceLevelObjective> slos = load(specs, err);
        if (slos == null) {
          return 1;
        }
        out.println(slos.size() + " SLO" + (slos.size() == 1 ? "" : "s") + " in "
            + specs.stream().map(Path::toString).collect(Collectors.joining(", ")) + ": all valid\n");
        slos.forEach(s -> out.println(explainer.explain(s)));
        return 0;
      } catch (IOException e) {
        err.println(cannotReadSpec(e));
        return 2;
      }
    }
  }

  /** Options shared by generate and check: where the SLOs come from, which files to write and how to name them. */
  static class Outputs {
    @Parameters(arity = "0..*", paramLabel = "SPEC",
        description = "spec files (slo4j, Sloth or OpenSLO); required unless --classes is given")
    List<Path> specs = new ArrayList<>();

    @Option(names = "--classes", paramLabel = "DIR",
        description = "project mode: the service's compiled classes (e.g. target/classes), read for @Slo and "
            + "application.properties/yml; repeatable")
    List<Path> classes = new ArrayList<>();

    @Option(names = "--classpath", paramLabel = "PATH",
        description = "project mode: the compile class path (jars and directories, separated by the platform's path "
            + "separator), for the classes @Slo methods need and the platform's META-INF/slo4j/defaults.yaml")
    List<String> classpath = new ArrayList<>();

    @Option(names = "--config", paramLabel = "FILE",
        description = "also read this application.properties, application.yml or platform defaults.yaml (after the "
            + "project's own); repeatable")
    List<Path> configs = new ArrayList<>();

    @Option(names = "--profile", paramLabel = "NAME",
        description = "a Spring profile whose application-NAME files apply, as in the running service; repeatable")
    List<String> profiles = new ArrayList<>();

    @Option(names = "--service", paramLabel = "NAME",
        description = "the service's name; an error when the configuration (slo4j.service, spring.application.name) "
            + "names another")
    String service;

    @Option(names = {"-o", "--rules"}, required = true, description = "the Prometheus rule file")
    Path rules;

    @Option(names = "--tests", description = "also a promtool test file for the rules")
    Path tests;

    @Option(names = "--inhibit-rules", description = "also Alertmanager inhibit_rules (page silences ticket)")
    Path inhibit;

    @Option(names = "--dashboard", description = "also a Grafana dashboard (JSON) of the SLOs, reading the rules' series")
    Path dashboard;

    @Option(names = {"-C", "--directory"}, defaultValue = ".",
        description = "resolve the files against this directory, keeping their names in headers as given")
    Path directory;

    @Option(names = "--runbooks", paramLabel = "DIR",
        description = "also runbook stubs, one Markdown page per alert, in DIR")
    Path runbooks;

    @Option(names = "--runbook-base-url", paramLabel = "URL",
        description = "where the runbooks are published: alerts without runbook_url link <URL>/<service>-<slo>-<page|ticket>.md")
    String runbookBaseUrl;

    @Option(names = "--argo-analysis", paramLabel = "FILE",
        description = "also an Argo Rollouts AnalysisTemplate applying the error-budget policy during rollouts")
    Path argoAnalysis;

    @Option(names = "--argo-prometheus", paramLabel = "URL", defaultValue = "http://prometheus:9090",
        description = "the Prometheus the AnalysisTemplate queries by default (default: ${DEFAULT-VALUE})")
    String argoPrometheus;

    @Option(names = "--prometheus-rule", paramLabel = "NAME",
        description = "write a Prometheus-Operator PrometheusRule resource named NAME instead of a plain rule file")
    String resourceName;

    @Option(names = "--target", paramLabel = "BACKEND", defaultValue = "prometheus",
        description = "the backend the rule file is for: prometheus, operator, thanos, mimir or vmalert "
            + "(default: ${DEFAULT-VALUE}; --prometheus-rule implies operator)")
    String target;

    @Option(names = "--namespace", paramLabel = "NS",
        description = "operator: the PrometheusRule's namespace; mimir: the rule namespace (default: slo4j)")
    String namespace;

    @Option(names = "--rule-label", paramLabel = "NAME=VALUE",
        description = "operator: a label of the PrometheusRule that the Prometheus resource's ruleSelector matches, "
            + "e.g. release=kube-prometheus-stack (repeatable)")
    Map<String, String> ruleLabels = new LinkedHashMap<>();

    @Option(names = "--helm-safe", description = "operator: write every {{ and }} so that Helm templating prints it back")
    boolean helmSafe;

    @Option(names = "--max-groups", paramLabel = "N", defaultValue = "70",
        description = "mimir: pack the SLOs into at most N rule groups (Mimir's default limit: ${DEFAULT-VALUE})")
    int maxGroups;

    @Option(names = "--max-rules-per-group", paramLabel = "N", defaultValue = "0",
        description = "mimir: at most N rules per group (0: no limit; Mimir's -ruler.max-rules-per-rule-group)")
    int maxRulesPerGroup;

    /** The backend of the options; throws IllegalArgumentException naming the option and the value. */
    dev.slo4j.rules.Target target() {
      return dev.slo4j.rules.Target.of(target, resourceName, namespace, ruleLabels, helmSafe, maxGroups,
          maxRulesPerGroup, "slo4j-rules", o -> "prometheusRule".equals(o) ? "--prometheus-rule" : "--" + o);
    }

    /** The error-budget policy the specs state, for the Argo analysis; null: the workbook's. */
    dev.slo4j.budget.BudgetPolicy budgetPolicy;

    /** A name as given, against {@code -C}; as given when there is no {@code -C}. */
    Path resolved(Path p) {
      return directory.equals(Path.of(".")) ? p : directory.resolve(p);
    }

    Path resolved(String p) {
      return resolved(Path.of(p));
    }

    /** Whether the SLOs come from a compiled project rather than from spec files alone. */
    boolean projectMode() {
      return !classes.isEmpty();
    }

    /** The class path entries as given, split at the platform's path separator. */
    List<String> classpathEntries() {
      List<String> out = new ArrayList<>();
      for (String p : classpath) {
        for (String e : p.split(java.util.regex.Pattern.quote(File.pathSeparator))) {
          if (!e.isBlank()) {
            out.add(e.strip());
          }
        }
      }
      return out;
    }

    /**
     * Reads the SLOs through slo-core's {@link ProjectSlos}, the resolver the running service and the Maven plugin
     * share; every path is resolved against {@code -C}.
     *
     * @throws NoSuchFileException when a spec, a configuration file or a --classes directory does not exist
     */
    ProjectSlos.Result resolve(PrintWriter err) throws IOException {
      for (Path dir : classes) {
        if (!Files.isDirectory(resolved(dir))) {
          throw new NoSuchFileException(resolved(dir).toString(), null, "not a directory");
        }
      }
      for (Path f : configs) {
        if (!Files.isRegularFile(resolved(f))) {
          throw new NoSuchFileException(resolved(f).toString());
        }
      }
      List<Path> entries = new ArrayList<>();
      for (String e : classpathEntries()) {
        Path p = resolved(e);
        if (Files.exists(p)) {
          entries.add(p);
        } else {
          err.println("warning: class path entry " + e + " does not exist; skipped");
        }
      }
      ProjectSlos.Builder b = ProjectSlos.builder()
          .classpath(entries)
          .profiles(profiles)
          .service(service)
          .serviceSource("--service")
          .specs(specs.stream().map(this::resolved).toList());
      classes.forEach(c -> b.classes(resolved(c)));
      configs.forEach(c -> b.config(resolved(c)));
      return b.resolve();
    }

    /** What the files are generated from, for their header: names as given, never machine-specific paths. */
    String source() {
      List<String> parts = new ArrayList<>();
      classes.forEach(c -> parts.add("@Slo and application configuration in " + c));
      if (!profiles.isEmpty()) {
        parts.add("profiles " + String.join(", ", profiles));
      }
      configs.forEach(c -> parts.add(c.toString()));
      if (!classpath.isEmpty()) {
        parts.add("the class path's " + Slo4jConfig.PLATFORM_DEFAULTS);
      }
      specs.forEach(s -> parts.add(s.toString()));
      return String.join(", ", parts);
    }

    /** Every file to write, with its content, in a stable order (rendered by slo-core's RuleFiles). */
    Map<Path, String> render(List<ServiceLevelObjective> slos, String command, PrintWriter err) {
      // The names as given: headers and messages show them, the caller resolves them against -C (the test file's
      // path to the rules is the same relative to either directory).
      dev.slo4j.project.RuleFiles files = dev.slo4j.project.RuleFiles.builder(slos)
          .rules(rules.toString())
          .tests(tests == null ? null : tests.toString())
          .inhibitRules(inhibit == null ? null : inhibit.toString())
          .dashboard(dashboard == null ? null : dashboard.toString())
          .runbooks(runbooks == null ? null : runbooks.toString(), runbookBaseUrl)
          .argoAnalysis(argoAnalysis == null ? null : argoAnalysis.toString(), argoPrometheus)
          .budgetPolicy(budgetPolicy)
          .target(target())
          .source(source())
          .command(command)
          .build();
      files.warnings().forEach(w -> err.println("warning: " + w));
      Map<Path, String> named = new LinkedHashMap<>();
      files.files().forEach((path, content) -> named.put(Path.of(path), content));
      return named;
    }

    /**
     * The command that regenerates the files. In a header ({@code portable}) the class path, which differs from one
     * machine to the next, is written as a placeholder so that every machine generates the same bytes.
     */
    String regenerate(boolean portable) {
      StringBuilder sb = new StringBuilder("java -jar slo4j-cli.jar generate");
      specs.forEach(s -> sb.append(' ').append(s));
      classes.forEach(c -> sb.append(" --classes ").append(c));
      if (!classpath.isEmpty()) {
        sb.append(" --classpath ").append(portable ? "<the compile class path>" : String.join(File.pathSeparator,
            classpathEntries()));
      }
      configs.forEach(c -> sb.append(" --config ").append(c));
      profiles.forEach(p -> sb.append(" --profile ").append(p));
      if (service != null) {
        sb.append(" --service ").append(service);
      }
      sb.append(" --rules ").append(rules);
      if (tests != null) {
        sb.append(" --tests ").append(tests);
      }
      if (inhibit != null) {
        sb.append(" --inhibit-rules ").append(inhibit);
      }
      if (dashboard != null) {
        sb.append(" --dashboard ").append(dashboard);
      }
      if (resourceName != null) {
        sb.append(" --prometheus-rule ").append(resourceName);
      }
      if (!"prometheus".equals(target) && resourceName == null) {
        sb.append(" --target ").append(target);
      }
      if (namespace != null) {
        sb.append(" --namespace ").append(namespace);
      }
      ruleLabels.forEach((k, v) -> sb.append(" --rule-label ").append(k).append('=').append(v));
      if (helmSafe) {
        sb.append(" --helm-safe");
      }
      if ("mimir".equals(target)) {
        sb.append(" --max-groups ").append(maxGroups);
        if (maxRulesPerGroup > 0) {
          sb.append(" --max-rules-per-group ").append(maxRulesPerGroup);
        }
      }
      return sb.toString();
    }
  }

  /**
   * Why a file could not be read, naming the file and where it comes from: the annotation processor's descriptor is
   * explained (and what reads the annotations without it), a missing file names the path that was tried.
   */
  static String cannotRead(IOException e, Path directory) {
    FileSystemException fs = e instanceof FileSystemException f && f.getFile() != null ? f : null;
    String file = fs == null ? null : fs.getFile();
    StringBuilder sb = new StringBuilder("cannot read ");
    if (file == null) {
      return sb.append(e.getMessage()).toString();
    }
    sb.append(file);
    if (e instanceof NoSuchFileException) {
      Path tried = Path.of(file).toAbsolutePath().normalize();
      sb.append(": no such ").append("not a directory".equals(fs.getReason()) ? "directory" : "file")
          .append(" (looked for ").append(tried).append("; names are relative to ")
          .append(directory.equals(Path.of(".")) || directory.toString().isEmpty()
              ? "the working directory" : "-C " + directory)
          .append(')');
    } else if (e instanceof AccessDeniedException) {
      sb.append(": permission denied");
    } else if (fs.getReason() != null) {
      sb.append(": ").append(fs.getReason());
    }
    if (file.replace('\\', '/').contains(SloAnnotationProcessor.DESCRIPTOR)) {
      sb.append("\n  ").append(SloAnnotationProcessor.DESCRIPTOR).append(" is written by slo4j's annotation "
          + "processor at compile time (javac with slo-core on the processor path and -Aslo4j.service=NAME).\n"
          + "  Without it, read the annotations from the compiled classes: slo4j generate --classes target/classes "
          + "--rules ..., or the Maven plugin (mvn slo4j:generate).");
    } else if (e instanceof NoSuchFileException && file.endsWith("classes")) {
      sb.append("\n  compile the project first (e.g. mvn compile), then pass its output directory to --classes.");
    }
    return sb.toString();
  }

  /** Prints every problem of a validation failure. */
  static void printProblems(SloValidationException e, String what, PrintWriter err) {
    List<dev.slo4j.Problem> problems = e.problems();
    err.println(problems.size() == 1 ? "Invalid " + what + ":" : problems.size() + " problems in " + what + "s:");
    problems.forEach(p -> err.println("  " + p));
  }

  /** Resolves the SLOs, renders every file and hands each (path as given, resolved path, content) to the subcommand. */
  abstract static class FileCommand extends Outputs implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      return guarded(spec.commandLine().getErr(), this::run);
    }

    private int run() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (specs.isEmpty() && classes.isEmpty()) {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing SPEC: name one or more spec files, "
            + "or read a compiled project with --classes DIR (e.g. --classes target/classes)");
      }
      if (!projectMode() && (!classpath.isEmpty() || !configs.isEmpty() || !profiles.isEmpty() || service != null)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--classpath, --config, --profile and --service "
            + "apply in project mode only: add --classes DIR (spec files name their service and objectives)");
      }
      List<ServiceLevelObjective> slos;
      try {
        if (projectMode()) {
          ProjectSlos.Result result = resolve(err);
          result.warnings().forEach(w -> err.println("warning: " + w));
          slos = result.slos();
          budgetPolicy = result.budgetPolicy().orElse(null);
          if (slos.isEmpty()) {
            err.println("warning: no SLOs found: no @Slo in " + classes.stream().map(Path::toString)
                .collect(Collectors.joining(", ")) + ", no slo4j.slos.* in its configuration"
                + (specs.isEmpty() ? "" : ", none in the specs"));
          }
        } else {
          // Spec files alone: their SLOs in file order, as the checked-in rules of spec users were generated.
          SpecLoader.Spec loaded = loadSpecs(specs.stream().map(this::resolved).toList(), err);
          if (loaded == null) {
            return 1;
          }
          slos = loaded.slos();
          budgetPolicy = loaded.budgetPolicy().orElse(null);
        }
      } catch (SloValidationException e) {
        printProblems(e, projectMode() ? "SLO declaration" : "SLO spec", err);
        return 1;
      } catch (IllegalArgumentException e) {
        err.println("error: " + e.getMessage());
        return 1;
      } catch (IOException e) {
        err.println(cannotRead(e, directory));
        return 2;
      }
      Map<Path, String> files;
      try {
        files = render(slos, regenerate(true), err);
      } catch (IllegalArgumentException e) {
        err.println("error: " + e.getMessage());
        return 1;
      }
      try {
        int failures = 0;
        for (Map.Entry<Path, String> f : files.entrySet()) {
          failures += handle(f.getKey(), resolved(f.getKey()), f.getValue(), out, err) ? 0 : 1;
        }
        return finish(failures, out);
      } catch (IOException e) {
        err.println("cannot read or write: " + e.getMessage());
        return 2;
      }
    }

    /** Returns false when the file is a failure (stale). */
    abstract boolean handle(Path named, Path target, String content, PrintWriter out, PrintWriter err)
        throws IOException;

    abstract int finish(int failures, PrintWriter out);
  }

  @Command(name = "lint", mixinStandardHelpOptions = true,
      description = "Production readiness: every SLO has an owner, a description and a runbook for its alerts; exit 1"
          + " when one does not, naming the SLO, what is missing and the fix.")
  static final class Lint implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "SPEC", description = "spec files (slo4j, Sloth or OpenSLO)")
    List<Path> specs;

    @Option(names = "--owner-labels", split = ",", defaultValue = "team,owner", paramLabel = "LABEL",
        description = "labels that name an SLO's owner; one is required (default: ${DEFAULT-VALUE}; empty: no check)")
    List<String> ownerLabels;

    @Option(names = "--no-description-required", description = "do not require a description")
    boolean noDescription;

    @Option(names = "--no-runbook-required", description = "do not require runbook_url on alerts")
    boolean noRunbook;

    @Option(names = "--runbook-base-url", paramLabel = "URL",
        description = "runbook stubs are published at URL (generate --runbooks --runbook-base-url): alerts without"
            + " their own runbook_url link them, which counts")
    String runbookBaseUrl;

    @Override
    public Integer call() {
      return guarded(spec.commandLine().getErr(), this::lint);
    }

    private int lint() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      List<ServiceLevelObjective> slos;
      try {
        slos = load(specs, err);
      } catch (IOException e) {
        err.println(cannotReadSpec(e));
        return 2;
      }
      if (slos == null) {
        return 1;
      }
      java.util.Set<String> owners = new java.util.TreeSet<>(ownerLabels);
      owners.remove("");
      List<dev.slo4j.rules.Readiness.Finding> findings = dev.slo4j.rules.Readiness.of(
          new dev.slo4j.rules.Readiness.Rules(owners, !noDescription, !noRunbook, runbookBaseUrl != null))
          .check(slos);
      if (findings.isEmpty()) {
        out.println("ready: " + slos.size() + " SLO" + (slos.size() == 1 ? "" : "s") + " with an owner"
            + (noDescription ? "" : ", a description") + (noRunbook ? "" : " and runbooks for their alerts"));
        return 0;
      }
      err.println("not ready: " + findings.size() + " problem" + (findings.size() == 1 ? "" : "s") + ":");
      findings.forEach(f -> err.println("  " + f));
      return 1;
    }
  }

  @Command(name = "gate", mixinStandardHelpOptions = true,
      description = "Apply the error-budget policy to a release: ask Prometheus for each SLO's remaining budget; exit 0"
          + " go, 1 blocked by the policy, 2 cannot tell (Prometheus unreachable, series missing, invalid input).")
  static final class Gate implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @CommandLine.Mixin
    PrometheusOptions source;

    @Option(names = "--label", paramLabel = "LABEL",
        description = "a label of this release (repeatable); a label among the policy's exceptions passes a freeze")
    List<String> labels = new ArrayList<>();

    @Option(names = "--warn-below", paramLabel = "SHARE",
        description = "warn below this remaining budget (default: the specs' budgetPolicy, else 25%)")
    String warnBelow;

    @Option(names = "--freeze-below", paramLabel = "SHARE",
        description = "freeze releases below this remaining budget; 0% freezes once it is spent (default: the specs'"
            + " budgetPolicy, else 0%)")
    String freezeBelow;

    @Option(names = "--exceptions", split = ",", paramLabel = "LABEL",
        description = "release labels that pass a freeze (default: the specs' budgetPolicy, else"
            + " reliability,security,rollback)")
    List<String> exceptions;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the result as JSON to FILE ('-' for stdout)")
    String json;

    @Option(names = "--timeout", defaultValue = "10s", paramLabel = "DURATION",
        description = "timeout of each Prometheus request (default: ${DEFAULT-VALUE})")
    String timeout;

    @Override
    public Integer call() {
      return guarded(spec.commandLine().getErr(), this::gate);
    }

    private int gate() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      dev.slo4j.spec.SpecLoader.Spec specs;
      try {
        specs = dev.slo4j.spec.SpecLoader.loadSpecs(source.specs);
      } catch (SloValidationException e) {
        printProblems(e, "SLO spec", err);
        return 2; // invalid specs: the gate cannot tell
      } catch (IOException e) {
        err.println(cannotReadSpec(e));
        return 2;
      }
      dev.slo4j.rules.ReleaseGate.Result result;
      try {
        result = dev.slo4j.rules.ReleaseGate.request(Gate::option)
            .prometheus(source.prometheus)
            .labels(labels)
            .statedPolicy(specs.budgetPolicy())
            .warnBelow(warnBelow)
            .freezeBelow(freezeBelow)
            .exceptions(exceptions)
            .timeout(timeout)
            .evaluate(specs.slos());
      } catch (IllegalArgumentException e) {
        err.println("invalid input: " + e.getMessage());
        return 2;
      }
      out.print(result.toTable());
      if (json != null) {
        if (json.equals("-")) {
          out.println(result.toJson());
        } else {
          Files.writeString(Path.of(json), result.toJson() + "\n", StandardCharsets.UTF_8);
        }
      }
      return result.exitCode();
    }

    /** An option as this command spells it: warnBelow is --warn-below. */
    static String option(String name) {
      return "--" + name.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
    }
  }

  @Command(name = "generate", mixinStandardHelpOptions = true, description = "Write the Prometheus rules (and optionally tests and inhibit rules).")
  static final class Generate extends FileCommand {
    @Override
    boolean handle(Path named, Path target, String content, PrintWriter out, PrintWriter err) throws IOException {
      Path parent = target.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(target, content, StandardCharsets.UTF_8);
      out.println("wrote " + named);
      return true;
    }

    @Override
    int finish(int failures, PrintWriter out) {
      return 0;
    }
  }

  @Command(name = "check", mixinStandardHelpOptions = true, description = "Fail when the checked-in files differ from what the specs or the project generate.")
  static final class Check extends FileCommand {
    @Override
    boolean handle(Path named, Path target, String content, PrintWriter out, PrintWriter err) throws IOException {
      String current = Files.exists(target) ? Files.readString(target, StandardCharsets.UTF_8) : null;
      if (content.equals(current)) {
        return true;
      }
      err.println((current == null ? "missing: " : "stale: ") + named + "; regenerate with: " + regenerate(false));
      return false;
    }

    @Override
    int finish(int failures, PrintWriter out) {
      if (failures == 0) {
        out.println("up to date: " + rules + (tests != null ? ", " + tests : "")
            + (inhibit != null ? ", " + inhibit : "") + (dashboard != null ? ", " + dashboard : ""));
      }
      return failures == 0 ? 0 : 1;
    }
  }
}
