package dev.slo4j.cli;

import dev.slo4j.Slo;
import dev.slo4j.SloValidationException;
import dev.slo4j.spec.SpecLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * <p>Exit codes: 0 success, 1 invalid specs or stale files, 2 unreadable input.
 */
@Command(name = "slo4j", mixinStandardHelpOptions = true, version = "slo4j 0.1.0-SNAPSHOT",
    description = "SLOs in code: explain specs, generate Prometheus rules, check they are current.",
    subcommands = {Slo4jCommand.Explain.class, Slo4jCommand.Generate.class, Slo4jCommand.Check.class})
public final class Slo4jCommand implements Runnable {

  @Spec
  CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new Slo4jCommand());
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Loads specs, printing every problem and returning null when they are invalid. */
  static List<Slo> load(List<Path> specs, PrintWriter err) throws IOException {
    List<Slo> slos = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Path p : specs) {
      try {
        slos.addAll(SpecLoader.load(p));
      } catch (SloValidationException e) {
        e.problems().forEach(pr -> problems.add(pr.toString()));
      }
    }
    if (!problems.isEmpty()) {
      err.println(problems.size() == 1 ? "Invalid SLO spec:" : problems.size() + " problems in SLO specs:");
      problems.forEach(p -> err.println("  " + p));
      return null;
    }
    return slos;
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
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Explainer explainer;
      try {
        explainer = new Explainer(eventsPerMinute);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      try {
        List<Slo> slos = load(specs, err);
        if (slos == null) {
          return 1;
        }
        out.println(slos.size() + " SLO" + (slos.size() == 1 ? "" : "s") + " in "
            + specs.stream().map(Path::toString).collect(Collectors.joining(", ")) + ": all valid\n");
        slos.forEach(s -> out.println(explainer.explain(s)));
        return 0;
      } catch (IOException e) {
        err.println("cannot read spec: " + e.getMessage());
        return 2;
      }
    }
  }

  /** Options shared by generate and check: which files to write and how to name them. */
  static class Outputs {
    @Parameters(arity = "1..*", paramLabel = "SPEC", description = "spec files (slo4j, Sloth or OpenSLO)")
    List<Path> specs;

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

    @Option(names = "--prometheus-rule", paramLabel = "NAME",
        description = "write a Prometheus-Operator PrometheusRule resource named NAME instead of a plain rule file")
    String resourceName;

    /** Every file to write, with its content, in a stable order (rendered by slo-core's RuleFiles). */
    Map<Path, String> render(List<Slo> slos, String command, PrintWriter err) {
      dev.slo4j.rules.RuleFiles files = dev.slo4j.rules.RuleFiles.builder(slos)
          .rules(directory.resolve(rules).toString())
          .tests(tests == null ? null : directory.resolve(tests).toString())
          .inhibitRules(inhibit == null ? null : directory.resolve(inhibit).toString())
          .dashboard(dashboard == null ? null : directory.resolve(dashboard).toString())
          .prometheusRule(resourceName)
          .source(specs.stream().map(Path::toString).collect(Collectors.joining(", ")))
          .command(command)
          .build();
      files.warnings().forEach(w -> err.println("warning: " + w));
      // Back to the names as given: headers and messages show them, the caller resolves them against -C.
      Map<Path, String> named = new LinkedHashMap<>();
      Map<String, Path> given = new LinkedHashMap<>();
      given.put(directory.resolve(rules).toString(), rules);
      if (tests != null) {
        given.put(directory.resolve(tests).toString(), tests);
      }
      if (inhibit != null) {
        given.put(directory.resolve(inhibit).toString(), inhibit);
      }
      if (dashboard != null) {
        given.put(directory.resolve(dashboard).toString(), dashboard);
      }
      files.files().forEach((path, content) -> named.put(given.get(path), content));
      return named;
    }

    String regenerate() {
      StringBuilder sb = new StringBuilder("java -jar slo4j-cli.jar generate");
      specs.forEach(s -> sb.append(' ').append(s));
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
      return sb.toString();
    }
  }

  /** Loads the specs, renders every file and hands each (path as given, resolved path, content) to the subcommand. */
  abstract static class FileCommand extends Outputs implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try {
        List<Slo> slos = load(specs.stream().map(directory::resolve).toList(), err);
        if (slos == null) {
          return 1;
        }
        int failures = 0;
        for (Map.Entry<Path, String> f : render(slos, regenerate(), err).entrySet()) {
          failures += handle(f.getKey(), directory.resolve(f.getKey()), f.getValue(), out, err) ? 0 : 1;
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

  @Command(name = "check", mixinStandardHelpOptions = true, description = "Fail when the checked-in files differ from what the specs generate.")
  static final class Check extends FileCommand {
    @Override
    boolean handle(Path named, Path target, String content, PrintWriter out, PrintWriter err) throws IOException {
      String current = Files.exists(target) ? Files.readString(target, StandardCharsets.UTF_8) : null;
      if (content.equals(current)) {
        return true;
      }
      err.println((current == null ? "missing: " : "stale: ") + named + "; regenerate with: " + regenerate());
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
