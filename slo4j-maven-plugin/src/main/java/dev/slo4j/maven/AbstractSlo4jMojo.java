package dev.slo4j.maven;

import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.SloValidationException;
import dev.slo4j.project.ProjectSlos;
import dev.slo4j.project.RuleFiles;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Plugin;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What {@code generate} and {@code check} share: the parameters, and rendering the project's rule files in memory from
 * its compiled {@code @Slo} annotations, its configuration and its spec files. Both goals render through the same
 * code, so {@code check} fails exactly when {@code generate} would change a file.
 */
public abstract class AbstractSlo4jMojo extends AbstractMojo {

  static final String PLUGIN_KEY = "dev.slo4j:slo4j-maven-plugin";

  /** How the {@code service} parameter is named in the core's messages. */
  static final String SERVICE_SOURCE = "<service> of slo4j-maven-plugin (-Dslo4j.service)";

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  protected MavenProject project;

  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  protected MavenSession session;

  /** Skips the goal. */
  @Parameter(property = "slo4j.skip", defaultValue = "false")
  protected boolean skip;

  /**
   * Where the files are written and checked. The default puts them beside the code, checked in, and into the jar at
   * classpath {@code slo4j/}, so the running service can compare the rules it ships with the SLOs it registers (the
   * convention of Flyway's {@code db/migration}).
   */
  @Parameter(property = "slo4j.outputDirectory", defaultValue = "${project.basedir}/src/main/resources/slo4j")
  protected File outputDirectory;

  /**
   * The service whose SLOs these are; by default {@code slo4j.service} or {@code spring.application.name} from the
   * project's application properties/yml. A value that contradicts them is an error.
   */
  @Parameter(property = "slo4j.service")
  protected String service;

  /** Spring profiles whose {@code application-{profile}.properties/yml} are applied over the defaults. */
  @Parameter(property = "slo4j.profiles")
  protected List<String> profiles;

  /** Spec files (slo4j, Sloth or OpenSLO) whose SLOs are added to the annotated ones. */
  @Parameter(property = "slo4j.specs")
  protected List<File> specs;

  /** Also finds {@code @Slo} in the compile classpath (for example a library module of the same build). */
  @Parameter(property = "slo4j.scanDependencies", defaultValue = "true")
  protected boolean scanDependencies;

  /** Also writes promtool unit tests of the rules, {@code <service>.rules.test.yml}. */
  @Parameter(property = "slo4j.tests", defaultValue = "true")
  protected boolean tests;

  /** Also writes Alertmanager inhibit rules (a page silences the ticket), {@code <service>.inhibit.yml}. */
  @Parameter(property = "slo4j.inhibitRules", defaultValue = "true")
  protected boolean inhibitRules;

  /** Also writes a Grafana dashboard of the SLOs, {@code <service>.dashboard.json}. */
  @Parameter(property = "slo4j.dashboard", defaultValue = "false")
  protected boolean dashboard;

  /** Also runbook stubs, one Markdown page per alert, in {@code runbooks/} under the output directory. */
  @Parameter(property = "slo4j.runbooks", defaultValue = "false")
  protected boolean runbooks;

  /** Where the runbooks are published: alerts without a runbook_url link {@code <URL>/<service>-<slo>-<page|ticket>.md}. */
  @Parameter(property = "slo4j.runbookBaseUrl")
  protected String runbookBaseUrl;

  /** When set, the rules file is a Prometheus-Operator PrometheusRule resource of this name. */
  @Parameter(property = "slo4j.prometheusRule")
  protected String prometheusRule;

  /** The backend the rule file is for: prometheus, operator, thanos, mimir or vmalert (docs/rules.md, Backends). */
  @Parameter(property = "slo4j.target", defaultValue = "prometheus")
  protected String target;

  /** operator: the PrometheusRule's namespace; mimir: the rule namespace (default slo4j). */
  @Parameter(property = "slo4j.namespace")
  protected String namespace;

  /** operator: labels the Prometheus resource's ruleSelector matches, e.g. release. */
  @Parameter
  protected java.util.Map<String, String> ruleLabels;

  /** operator: write every {{ and }} so that Helm templating prints it back. */
  @Parameter(property = "slo4j.helmSafe", defaultValue = "false")
  protected boolean helmSafe;

  /** mimir: at most this many rule groups (Mimir's -ruler.max-rule-groups-per-tenant). */
  @Parameter(property = "slo4j.maxGroups", defaultValue = "70")
  protected int maxGroups;

  /** mimir: at most this many rules per group; 0 for no limit (Mimir's -ruler.max-rules-per-rule-group). */
  @Parameter(property = "slo4j.maxRulesPerGroup", defaultValue = "0")
  protected int maxRulesPerGroup;

  /** The backend of the parameters; throws IllegalArgumentException naming the parameter and the value. */
  dev.slo4j.rules.Target target() {
    return dev.slo4j.rules.Target.of(target, prometheusRule, namespace, ruleLabels, helmSafe, maxGroups,
        maxRulesPerGroup, project.getArtifactId().toLowerCase(java.util.Locale.ROOT) + "-slos", o -> "<" + o + ">");
  }

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("slo4j: skipped (slo4j.skip=true)");
      return;
    }
    Rendered rendered = render();
    if (rendered != null) {
      handle(rendered);
    } else {
      nothingFound();
    }
  }

  /** Called when the project declares no SLO (already logged): nothing to write or check. */
  protected void nothingFound() {
  }

  /**
   * Whether the goal runs on classes compiled before it, without compiling itself: then missing classes may mean the
   * goal ran too early rather than a project without sources.
   */
  protected abstract boolean readsOnlyCompiledClasses();

  /** Writes or checks the rendered files. */
  protected abstract void handle(Rendered rendered) throws MojoExecutionException, MojoFailureException;

  /**
   * The files of one project, by name within {@link #outputDirectory}, in the order to report them; its SLOs and the
   * error-budget policy its spec files state (empty: none does).
   */
  protected record Rendered(Map<String, String> files, Path directory, String command,
      List<ServiceLevelObjective> slos, java.util.Optional<dev.slo4j.budget.BudgetPolicy> budgetPolicy) {
  }

  /** How every file slo4j generates begins (RuleSet's header); only such files are ever reported or removed. */
  static final String GENERATED_MARK = "# Generated by slo4j ";

  /**
   * Files slo4j generated earlier into the output directory that it no longer generates (the service was renamed, an
   * option turned off): a Prometheus that loads the folder would still load their rules.
   */
  protected List<Path> orphans(Rendered rendered) throws MojoExecutionException {
    List<Path> orphans = new ArrayList<>();
    Path dir = rendered.directory();
    if (!Files.isDirectory(dir)) {
      return orphans;
    }
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
        if (rendered.files().containsKey(f.getFileName().toString())) {
          continue;
        }
        String name = f.getFileName().toString();
        if ((name.endsWith(".yml") || name.endsWith(".yaml")) && generated(f)) {
          orphans.add(f);
        }
      }
    } catch (IOException e) {
      throw new MojoExecutionException("slo4j: cannot list " + dir + ": " + e.getMessage(), e);
    }
    return orphans;
  }

  private static boolean generated(Path f) throws IOException {
    try (java.io.BufferedReader r = Files.newBufferedReader(f, java.nio.charset.StandardCharsets.UTF_8)) {
      String first = r.readLine();
      return first != null && first.startsWith(GENERATED_MARK);
    } catch (java.nio.charset.MalformedInputException e) {
      return false;
    }
  }

  /** Renders every file in memory; null when the project declares no SLO (logged). */
  private Rendered render() throws MojoExecutionException, MojoFailureException {
    Path classes = Paths.get(project.getBuild().getOutputDirectory());
    List<Path> classpath = classpath(classes);
    List<Path> specFiles = new ArrayList<>();
    if (specs != null) {
      for (File f : specs) {
        Path p = f.isAbsolute() ? f.toPath() : project.getBasedir().toPath().resolve(f.toPath());
        if (!Files.isRegularFile(p)) {
          throw new MojoFailureException("slo4j: spec file " + f + " (parameter <specs>, property slo4j.specs) does "
              + "not exist at " + p + "; fix the path, relative to " + project.getBasedir() + ", or remove it");
        }
        specFiles.add(p);
      }
    }
    int scanned = (Files.isDirectory(classes) ? 1 : 0) + (scanDependencies ? classpath.size() : 0);
    if ("pom".equals(project.getPackaging()) && specFiles.isEmpty()) {
      getLog().info("slo4j: no @Slo found in " + project.getArtifactId() + " (packaging pom, no <specs>): nothing to "
          + "generate");
      return null;
    }
    if (!Files.isDirectory(classes) && specFiles.isEmpty() && (!scanDependencies || classpath.isEmpty())) {
      String message = "slo4j: no @Slo found in " + project.getArtifactId() + " (no compiled classes at " + classes
          + ", no <specs>): nothing to generate";
      if (readsOnlyCompiledClasses()) {
        getLog().warn(message + "; if the project has sources, compile first: mvn verify runs this check after "
            + "compiling, or run mvn process-classes slo4j:check");
      } else {
        getLog().info(message);
      }
      return null;
    }
    ProjectSlos.Result result;
    try {
      result = ProjectSlos.builder()
          .classes(classes)
          .classpath(classpath)
          .scanDependencies(scanDependencies)
          .profiles(profiles == null ? List.of() : List.copyOf(profiles))
          .service(service == null || service.isBlank() ? null : service.trim())
          .serviceSource(SERVICE_SOURCE)
          .specs(specFiles)
          .resolve();
    } catch (IllegalArgumentException e) {
      // SloValidationException (every problem, located) or a configuration conflict whose message says the fix.
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      if (!declaresPlugin()) {
        // slo4j:generate typed on the command line runs on every project of a reactor: a library whose SLOs an
        // application renders (scanDependencies) has no service of its own and does not configure this plugin.
        getLog().warn("slo4j: skipped " + project.getArtifactId() + ", which does not configure " + PLUGIN_KEY
            + " (the application that depends on it renders its SLOs): " + message);
        return null;
      }
      String what = e instanceof SloValidationException ? "invalid SLOs in " : "cannot resolve the SLOs of ";
      throw new MojoFailureException("slo4j: " + what + project.getArtifactId() + ": " + message
          + serviceHint(message), e);
    } catch (IOException e) {
      throw new MojoExecutionException("slo4j: cannot read the classes, configuration or specs of "
          + project.getArtifactId() + ": " + e.getMessage(), e);
    }
    result.warnings().forEach(w -> getLog().warn("slo4j: " + w));
    List<ServiceLevelObjective> slos = result.slos();
    if (slos.isEmpty()) {
      getLog().info("slo4j: no @Slo found in " + project.getArtifactId() + " (" + scanned
          + " classes dirs/jars scanned" + (specFiles.isEmpty() ? ", no <specs>" : ", " + specFiles.size()
          + " spec files without SLOs") + "): nothing to generate");
      return null;
    }
    getLog().info("slo4j: read " + describe(result.read()) + "; service '" + result.service() + "' from "
        + relativeToProject(result.serviceSource()) + "; " + slos.size() + " SLO" + (slos.size() == 1 ? "" : "s") + ": "
        + slos.stream().map(ServiceLevelObjective::name).collect(Collectors.joining(", ")));

    String name = result.service();
    RuleFiles files;
    try {
      dev.slo4j.rules.Target backend = target();
      // promtool reads the rule files of prometheus and vmalert only: the others get no test file.
      boolean testable = backend.promtoolReadable();
      if (tests && !testable) {
        getLog().info("slo4j: no " + name + ".rules.test.yml: promtool cannot read a " + backend.kind().label()
            + " rule file");
      }
      files = RuleFiles.builder(slos)
        .rules(name + ".rules.yml")
        .tests(tests && testable ? name + ".rules.test.yml" : null)
        .inhibitRules(inhibitRules ? name + ".inhibit.yml" : null)
        .dashboard(dashboard ? name + ".dashboard.json" : null)
        .runbooks(runbooks ? "runbooks" : null,
            runbookBaseUrl == null || runbookBaseUrl.isBlank() ? null : runbookBaseUrl.trim())
        .target(backend)
        .source("@Slo annotations and configuration of " + project.getArtifactId())
        .command("mvn " + RegenerateCommand.GOAL)
        .build();
    } catch (IllegalArgumentException e) {
      // e.g. <runbookBaseUrl> that is not an http(s) URL, or two SLOs whose runbooks would share a file name
      throw new MojoFailureException("slo4j: " + e.getMessage() + " (parameters <target>, <namespace>, <ruleLabels>,"
          + " <maxGroups>, <maxRulesPerGroup>, <runbooks>, <runbookBaseUrl>)");
    }
    files.warnings().forEach(w -> getLog().warn("slo4j: " + w));
    return new Rendered(files.files(), outputDirectory.toPath(), regenerateCommand(), List.copyOf(slos),
        result.budgetPolicy());
  }

  /** The compile classpath without the project's own classes (which are passed as the classes to scan). */
  private List<Path> classpath(Path classes) throws MojoExecutionException {
    List<Path> entries = new ArrayList<>();
    try {
      for (String element : project.getCompileClasspathElements()) {
        Path p = Paths.get(element);
        if (!p.toAbsolutePath().normalize().equals(classes.toAbsolutePath().normalize()) && Files.exists(p)) {
          entries.add(p);
        }
      }
    } catch (DependencyResolutionRequiredException e) {
      throw new MojoExecutionException("slo4j: the compile classpath of " + project.getArtifactId()
          + " is not resolved: " + e.getMessage(), e);
    }
    return entries;
  }

  private boolean declaresPlugin() {
    for (Plugin p : project.getBuildPlugins()) {
      if (PLUGIN_KEY.equals(p.getKey())) {
        return true;
      }
    }
    return false;
  }

  /** The Maven ways of naming the service, when the core's message is about the service and does not name them. */
  static String serviceHint(String message) {
    if (!message.toLowerCase(java.util.Locale.ROOT).contains("service") || message.contains("<service>")) {
      return "";
    }
    return "\nIn Maven: set <service>NAME</service> in the slo4j-maven-plugin's <configuration>, or pass "
        + "-Dslo4j.service=NAME; or set spring.application.name (or slo4j.service) in src/main/resources/"
        + "application.properties.";
  }

  /** The command a person runs to regenerate this project's files, from where they started Maven. */
  private String regenerateCommand() {
    Path cwd = Paths.get(System.getProperty("user.dir"));
    MavenProject top = session == null ? null : session.getTopLevelProject();
    Path root = top == null || top.getBasedir() == null || session.getProjects().size() < 2
        ? null : top.getBasedir().toPath();
    return RegenerateCommand.of(cwd, root, project.getFile().toPath());
  }

  /**
   * The path of a file as the reader finds it: relative to where Maven was started (in a reactor, {@code app/src/...}),
   * else to the project's base directory, else absolute.
   */
  protected String display(Path file) {
    Path f = file.toAbsolutePath().normalize();
    for (Path base : List.of(Paths.get(System.getProperty("user.dir")), project.getBasedir().toPath())) {
      Path b = base.toAbsolutePath().normalize();
      if (f.startsWith(b)) {
        return b.relativize(f).toString().replace('\\', '/');
      }
    }
    return f.toString();
  }

  /** A message whose paths are shortened like {@link #display(Path)}: relative to where Maven was started. */
  private String relativeToProject(String text) {
    for (Path base : List.of(Paths.get(System.getProperty("user.dir")), project.getBasedir().toPath())) {
      String b = base.toAbsolutePath().normalize().toString();
      if (text.contains(b + File.separator)) {
        return text.replace(b + File.separator, "");
      }
    }
    return text;
  }

  private String describe(List<String> read) {
    return read.isEmpty() ? "no configuration files"
        : read.stream().map(this::relativeToProject).collect(Collectors.joining(", "));
  }
}
