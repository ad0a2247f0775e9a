package dev.slo4j.cli;

import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.report.Period;
import dev.slo4j.report.Report;
import dev.slo4j.report.ReportException;
import dev.slo4j.report.Reporter;
import dev.slo4j.report.SloReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code slo4j report} and {@code slo4j postmortem}: read the SLOs' recorded series and alerts from Prometheus over a
 * period and write the report or a postmortem draft. Exit 0 written, 1 invalid input, 2 Prometheus unreachable or
 * its answer unusable.
 */
final class ReportCommands {

  /** The clock "now" is read from (the default end of the period; Period.parse is tested on fixed instants). */
  private static final Clock CLOCK = Clock.systemUTC();

  private ReportCommands() {}

  /** What both commands read: the specs, Prometheus and the period. */
  abstract static class Reading implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PrometheusOptions source;

    @Option(names = "--from", paramLabel = "TIME",
        description = "start of the period: 2026-11-01T00:00:00Z or 2026-11-01 (UTC); default: --to minus the"
            + " longest SLO window")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "end of the period, as --from; default: now")
    String to;

    @Option(names = "--timeout", defaultValue = "30s", paramLabel = "DURATION",
        description = "timeout of each Prometheus request (default: ${DEFAULT-VALUE})")
    String timeout;

    /** Set once the input is valid. */
    Reporter reporter;
    List<ServiceLevelObjective> slos;

    @Override
    public Integer call() {
      return Slo4jCommand.guarded(spec.commandLine().getErr(), this::run);
    }

    private int run() throws IOException {
      PrintWriter err = spec.commandLine().getErr();
      List<ServiceLevelObjective> slos;
      try {
        slos = Slo4jCommand.load(source.specs, err);
      } catch (IOException e) {
        err.println(Slo4jCommand.cannotReadSpec(e));
        return 1;
      }
      if (slos == null) {
        return 1;
      }
      this.slos = slos;
      if (slos.isEmpty()) {
        err.println("invalid input: the specs declare no SLO");
        return 1;
      }
      Period period;
      try {
        reporter = Reporter.of(source.url(), dev.slo4j.format.Durations.parse(timeout));
        Duration longest = slos.stream().map(ServiceLevelObjective::window).max(Duration::compareTo).orElseThrow();
        period = Period.parse(from, to, longest, CLOCK.instant());
        checkOutputs();
      } catch (IllegalArgumentException e) {
        err.println("invalid input: " + e.getMessage());
        return 1;
      }
      Report report = read(period, err);
      return report == null ? 2 : write(report, spec.commandLine().getOut(), err);
    }

    /** The report of the period, or null after saying why Prometheus could not give it (exit 2). */
    Report read(Period period, PrintWriter err) {
      try {
        return reporter.read(slos, period);
      } catch (ReportException e) {
        err.println("cannot report: " + e.getMessage());
        return null;
      }
    }

    /** Refuses outputs that cannot be written before Prometheus is asked. */
    abstract void checkOutputs();

    abstract int write(Report report, PrintWriter out, PrintWriter err) throws IOException;

    static void write(String file, String content, PrintWriter out) throws IOException {
      if (file.equals("-")) {
        out.print(content);
        out.flush();
        return;
      }
      Path target = Path.of(file);
      Path parent = target.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(target, content, StandardCharsets.UTF_8);
    }
  }

  @Command(name = "report", mixinStandardHelpOptions = true,
      description = "Write an SLO report of a period from Prometheus: attainment, error budget spent and left, burn"
          + " episodes, on-call load; as Markdown, JSON and a self-contained HTML page. Exit 0 written, 1 invalid"
          + " input, 2 Prometheus unreachable or its answer unusable.")
  static final class ReportCommand extends Reading {
    @Option(names = "--markdown", paramLabel = "FILE", description = "write Markdown to FILE ('-' for stdout)")
    String markdown;

    @Option(names = "--json", paramLabel = "FILE", description = "write JSON to FILE ('-' for stdout)")
    String json;

    @Option(names = "--html", paramLabel = "FILE", description = "write the HTML page to FILE ('-' for stdout)")
    String html;

    @Override
    void checkOutputs() {
      if (markdown == null && json == null && html == null) {
        markdown = "-";
      }
    }

    @Override
    int write(Report report, PrintWriter out, PrintWriter err) throws IOException {
      if (markdown != null) {
        write(markdown, report.toMarkdown(), out);
      }
      if (json != null) {
        write(json, report.toJson() + "\n", out);
      }
      if (html != null) {
        write(html, report.toHtml(), out);
      }
      long noData = report.slos().stream().filter(s -> !s.hasData()).count();
      err.println("report of " + report.slos().size() + " SLOs from " + report.period().from() + " to "
          + report.period().to() + (noData == 0 ? "" : "; " + noData + " without data in the period"));
      return 0;
    }
  }

  @Command(name = "postmortem", mixinStandardHelpOptions = true,
      description = "Write a blameless postmortem draft (Markdown) of an incident's period (or of a burn episode) from"
          + " Prometheus: the"
          + " timeline (first burn, page, mitigation, resolution), the impact in bad events and budget, the SLOs and"
          + " alerts involved, and the template's sections to fill in. Exit 0 written, 1 invalid input, 2 Prometheus"
          + " unreachable or its answer unusable.")
  static final class PostmortemCommand extends Reading {
    /** How much before and after a chosen burn episode the draft covers. */
    static final Duration MARGIN = Duration.ofMinutes(30);

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "-",
        description = "write the draft to FILE (default: stdout)")
    String output;

    @Option(names = "--episode", paramLabel = "N",
        description = "draft the N-th burn episode (1 the first) of the SLOs in the period, all SLOs in time order,"
            + " from 30 minutes before it to 30 minutes after it and its alerts")
    Integer episode;

    @Override
    void checkOutputs() {
      if (episode == null && (from == null || to == null)) {
        throw new IllegalArgumentException("a postmortem needs the incident's period: give --from and --to, or"
            + " --episode N for a burn episode of the period");
      }
      if (episode != null && (episode < 1 || episode > 10_000)) {
        throw new IllegalArgumentException("--episode " + episode + " is outside [1, 10000]");
      }
    }

    @Override
    int write(Report report, PrintWriter out, PrintWriter err) throws IOException {
      if (episode == null) {
        write(output, report.toPostmortem(), out);
        return 0;
      }
      List<SloReport.BurnEpisode> episodes = report.slos().stream().flatMap(s -> s.burnEpisodes().stream())
          .sorted(java.util.Comparator.comparing(SloReport.BurnEpisode::start)).toList();
      if (episode > episodes.size()) {
        err.println("invalid input: --episode " + episode + ": the period from " + report.period().from() + " to "
            + report.period().to() + " has " + episodes.size() + " burn episode" + (episodes.size() == 1 ? "" : "s"));
        return 1;
      }
      SloReport.BurnEpisode chosen = episodes.get(episode - 1);
      Instant end = chosen.alerts().stream().map(SloReport.AlertEpisode::end).filter(chosen.end()::isBefore)
          .max(Instant::compareTo).orElse(chosen.end()).plus(MARGIN);
      Instant start = chosen.start().minus(MARGIN);
      Period around = new Period(start.isBefore(report.period().from()) ? report.period().from() : start,
          end.isAfter(report.period().to()) ? report.period().to() : end);
      Report draft = read(around, err);
      if (draft == null) {
        return 2;
      }
      write(output, draft.toPostmortem(), out);
      return 0;
    }
  }
}
