package dev.slo4j.report;

import static dev.slo4j.rules.internal.MarkupText.markdown;

import dev.slo4j.format.Decimals;

/** The report as Markdown: a summary table, on-call load, then one section per SLO. */
final class MarkdownReport {

  private MarkdownReport() {}

  static String render(Report r) {
    StringBuilder b = new StringBuilder("# SLO report\n\n");
    b.append("Period: ").append(Fmt.time(r.period().from())).append(" to ").append(Fmt.time(r.period().to()))
        .append(" (").append(Fmt.duration(r.period().length())).append(").\n\n");
    b.append("| SLO | objective | attainment | budget spent | full outage | budget left at end | burn episodes |\n");
    b.append("|---|---|---|---|---|---|---|\n");
    for (SloReport s : r.slos()) {
      b.append("| ").append(id(s)).append(" | ").append(Decimals.percent(s.slo().objective().ratio()))
          .append(" | ").append(Fmt.percent(s.attainment(), 3))
          .append(" | ").append(Fmt.percent(s.budgetSpent(), 1))
          .append(" | ").append(Fmt.minutes(s.outageMinutes()))
          .append(" | ").append(Fmt.percent(s.budgetRemainingAtEnd(), 1))
          .append(" | ").append(s.hasData() ? Integer.toString(s.burnEpisodes().size()) : Fmt.NO_DATA)
          .append(" |\n");
    }
    OnCall o = r.onCall();
    b.append("\n## On-call load\n\n");
    b.append("| | count | per week | fired in all | resolved within 5 min |\n|---|---|---|---|---|\n");
    b.append("| pages | ").append(o.pages()).append(" | ").append(Fmt.number(o.pagesPerWeek(), 1)).append(" | ")
        .append(Fmt.duration(o.pageTime())).append(" | ").append(o.pagesWithin5Minutes()).append(" |\n");
    b.append("| tickets | ").append(o.tickets()).append(" | ").append(Fmt.number(o.ticketsPerWeek(), 1))
        .append(" | ").append(Fmt.duration(o.ticketTime())).append(" | ").append(o.ticketsWithin5Minutes())
        .append(" |\n\n");
    b.append("Budget spent while no alert fired (possible missed detection):\n\n");
    for (SloReport s : r.slos()) {
      b.append("- ").append(id(s)).append(": ").append(Fmt.percent(s.budgetSpentUnalerted(), 1))
          .append(s.hasData() ? " of the window's budget\n" : "\n");
    }
    for (SloReport s : r.slos()) {
      b.append("\n## ").append(id(s)).append("\n\n");
      if (!s.slo().description().isEmpty()) {
        // After a word, so that no declared text starts a line (four spaces would open a code block).
        b.append("Promise: ").append(markdown(s.slo().description())).append("\n\n");
      }
      if (!s.slo().labels().isEmpty()) {
        b.append("Labels: ").append(String.join(", ", s.slo().labels().entrySet().stream()
            .map(l -> markdown(l.getKey()) + " = " + markdown(l.getValue())).toList())).append(".\n\n");
      }
      b.append("Objective ").append(Decimals.percent(s.slo().objective().ratio())).append(" over ")
          .append(Fmt.duration(s.slo().window())).append(" (a budget of ").append(Fmt.minutes(s.budgetMinutes()))
          .append(" of full outage).\n\n");
      if (!s.hasData()) {
        b.append("**No data**: Prometheus recorded no events for this SLO in the period (are its rules loaded, did"
            + " the service report?). No attainment is claimed.\n");
        continue;
      }
      b.append("- attainment: ").append(Fmt.percent(s.attainment(), 3)).append(" (")
          .append(Fmt.number(s.badEvents(), 0)).append(" bad of ").append(Fmt.number(s.totalEvents(), 0))
          .append(" events)\n");
      b.append("- budget spent: ").append(Fmt.percent(s.budgetSpent(), 1)).append(" of the window's, ")
          .append(Fmt.minutes(s.outageMinutes())).append(" of full outage\n");
      b.append("- budget left at the end: ").append(Fmt.percent(s.budgetRemainingAtEnd(), 1)).append('\n');
      b.append("- data: ").append(Fmt.duration(s.covered())).append(" of the period, in steps of ")
          .append(Fmt.duration(s.step())).append("\n\n");
      b.append("| burn episode | start | end | peak burn rate | bad events | budget spent | alerts |\n");
      b.append("|---|---|---|---|---|---|---|\n");
      int i = 1;
      for (SloReport.BurnEpisode e : s.burnEpisodes()) {
        b.append("| ").append(i++).append(" | ").append(Fmt.time(e.start())).append(" | ").append(Fmt.time(e.end()))
            .append(" | ").append(Fmt.rate(e.peakBurnRate())).append(" | ").append(Fmt.number(e.badEvents(), 0))
            .append(" | ").append(Fmt.percent(e.budgetSpent(), 1)).append(" | ").append(alerts(e)).append(" |\n");
      }
      if (s.burnEpisodes().isEmpty()) {
        b.append("| none | | | | | | |\n");
      }
      b.append("\n| alert | fired | resolved | for |\n|---|---|---|---|\n");
      for (SloReport.AlertEpisode a : s.alerts()) {
        b.append("| ").append(markdown(a.alertname())).append(' ').append(markdown(a.severity())).append(" | ")
            .append(Fmt.time(a.start())).append(" | ")
            .append(Fmt.time(a.end())).append(" | ").append(Fmt.duration(a.duration()))
            .append(a.resolvedWithin5Minutes() ? " (within 5 min)" : "").append(" |\n");
      }
      if (s.alerts().isEmpty()) {
        b.append("| none | | | |\n");
      }
    }
    return b.toString();
  }

  static String id(SloReport s) {
    return markdown(s.slo().service()) + " / " + markdown(s.slo().name());
  }

  private static String alerts(SloReport.BurnEpisode e) {
    return e.alerts().isEmpty() ? "none" : String.join(", ", e.alerts().stream()
        .map(a -> markdown(a.severity()) + " at " + Fmt.time(a.start())).toList());
  }
}
