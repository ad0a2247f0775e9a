package dev.slo4j.report;

import static dev.slo4j.rules.internal.MarkupText.markdown;

import dev.slo4j.MetricNames;
import dev.slo4j.format.Decimals;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A blameless postmortem draft of a period as Markdown: the measured parts (timeline, impact, SLOs and alerts
 * involved, time to detect and to mitigate) filled in from Prometheus' records, the rest of the usual template (summary,
 * root causes, trigger, what went well or wrong, action items) left for the people who handled the incident.
 */
final class PostmortemDraft {

  private PostmortemDraft() {}

  /** One line of the timeline. */
  private record Event(Instant at, String what) {}

  static String render(Report r) {
    List<SloReport> involved = r.slos().stream()
        .filter(s -> !s.burnEpisodes().isEmpty() || !s.alerts().isEmpty()).toList();
    StringBuilder b = new StringBuilder("# Postmortem draft: ");
    b.append(involved.isEmpty() ? "no burn in the period" : String.join(", ", involved.stream()
        .map(MarkdownReport::id).toList())).append(", ").append(Fmt.time(r.period().from())).append(" to ")
        .append(Fmt.time(r.period().to())).append("\n\n");
    b.append("> Drafted by `slo4j postmortem` from Prometheus' records of the SLOs' recorded series and `ALERTS`."
        + " The measured sections are filled in; the others are for the people who handled the incident."
        + " Blameless: describe what the system and the process did, not who erred.\n\n");
    b.append("## Summary\n\n_To fill in: what happened and to whom, in two or three sentences._\n\n");

    b.append("## Impact (measured)\n\n");
    b.append("| SLO | objective | bad events | of events | attainment | budget spent | full outage |\n");
    b.append("|---|---|---|---|---|---|---|\n");
    for (SloReport s : r.slos()) {
      b.append("| ").append(MarkdownReport.id(s)).append(" | ").append(Decimals.percent(s.slo().objective().ratio()))
          .append(" | ").append(s.hasData() ? Fmt.number(s.badEvents(), 0) : Fmt.NO_DATA).append(" | ")
          .append(s.hasData() ? Fmt.number(s.totalEvents(), 0) : Fmt.NO_DATA).append(" | ")
          .append(Fmt.percent(s.attainment(), 3)).append(" | ").append(Fmt.percent(s.budgetSpent(), 1))
          .append(s.hasData() ? " of the window's | " : " | ").append(Fmt.minutes(s.outageMinutes())).append(" |\n");
    }
    b.append("\n_To add: the users, customers or revenue affected, and what they saw._\n\n");

    b.append("## SLOs and alerts involved\n\n");
    if (involved.isEmpty()) {
      b.append("None: no SLO burnt its budget faster than its objective allows and no burn-rate alert fired in this"
          + " period. Is it the incident's period?\n\n");
    }
    for (SloReport s : involved) {
      b.append("- **").append(MarkdownReport.id(s)).append("** (").append(Decimals.percent(s.slo().objective()
          .ratio())).append(" over ").append(Fmt.duration(s.slo().window())).append(")");
      if (!s.slo().description().isEmpty()) {
        b.append(": ").append(markdown(s.slo().description()));
      }
      b.append('\n');
      for (SloReport.BurnEpisode e : s.burnEpisodes()) {
        b.append("  - burn ").append(Fmt.time(e.start())).append(" to ").append(Fmt.time(e.end())).append(", peak ")
            .append(Fmt.rate(e.peakBurnRate())).append(", ").append(Fmt.number(e.badEvents(), 0))
            .append(" bad events, ").append(Fmt.percent(e.budgetSpent(), 1)).append(" of the budget\n");
      }
      for (SloReport.AlertEpisode a : s.alerts()) {
        b.append("  - alert `").append(markdown(a.alertname())).append("` ").append(markdown(a.severity()))
            .append(" fired ")
            .append(Fmt.time(a.start())).append(", resolved ").append(Fmt.time(a.end())).append(" (")
            .append(Fmt.duration(a.duration())).append(")\n");
      }
    }

    List<Event> events = new ArrayList<>();
    for (SloReport s : involved) {
      String id = MarkdownReport.id(s);
      for (SloReport.BurnEpisode e : s.burnEpisodes()) {
        events.add(new Event(e.start(), id + ": starts burning its budget (burn rate over 1x)"));
        s.steps().stream().filter(st -> st.end().isAfter(e.start()) && !st.end().isAfter(e.end()))
            .max(Comparator.comparingDouble(s::burnRate))
            .ifPresent(st -> events.add(new Event(st.end().minus(s.step()), id + ": peak burn rate "
                + Fmt.rate(s.burnRate(st)) + " (over " + Fmt.duration(s.step()) + ")")));
        events.add(new Event(e.end(), id + ": burn back under 1x (mitigation took effect?)"));
      }
      for (SloReport.AlertEpisode a : s.alerts()) {
        String alert = a.alertname().equals(MetricNames.BURN_ALERT) ? markdown(a.severity())
            : markdown(a.alertname()) + " " + markdown(a.severity());
        events.add(new Event(a.start(), id + ": " + alert + " fires"));
        events.add(new Event(a.end(), id + ": " + alert + " resolves"));
      }
    }
    events.sort(Comparator.comparing(Event::at));
    b.append("\n## Timeline (UTC, measured)\n\n| time | event |\n|---|---|\n");
    for (Event e : events) {
      b.append("| ").append(Fmt.time(e.at())).append(" | ").append(e.what()).append(" |\n");
    }
    if (events.isEmpty()) {
      b.append("| | nothing measured in the period |\n");
    }
    b.append("\n_To add: the deploys and changes before it, when people were engaged, what they did (rollback,"
        + " failover, scaling) and when, and the communication to users._\n\n");

    Instant firstBurn = involved.stream().flatMap(s -> s.burnEpisodes().stream()).map(SloReport.BurnEpisode::start)
        .min(Comparator.naturalOrder()).orElse(null);
    Instant firstPage = involved.stream().flatMap(s -> s.alerts("page").stream())
        .map(SloReport.AlertEpisode::start).min(Comparator.naturalOrder()).orElse(null);
    Instant burnOver = involved.stream().flatMap(s -> s.burnEpisodes().stream()).map(SloReport.BurnEpisode::end)
        .max(Comparator.naturalOrder()).orElse(null);
    Instant resolved = involved.stream().flatMap(s -> s.alerts().stream()).map(SloReport.AlertEpisode::end)
        .max(Comparator.naturalOrder()).orElse(burnOver);
    b.append("## Detection\n\n");
    b.append("- first burn: ").append(firstBurn == null ? "none measured" : Fmt.time(firstBurn)).append('\n');
    b.append("- page: ").append(firstPage == null ? "**no page fired**" : Fmt.time(firstPage));
    if (firstBurn != null && firstPage != null) {
      b.append(" (").append(Fmt.duration(Duration.between(firstBurn, firstPage).abs()))
          .append(firstPage.isBefore(firstBurn) ? " before" : " after").append(" the first burn)");
    }
    b.append("\n- mitigation (burn back under 1x): ").append(burnOver == null ? "none measured" : Fmt.time(burnOver))
        .append("\n- resolution (last alert resolved): ").append(resolved == null ? "none measured"
            : Fmt.time(resolved)).append("\n\n");
    b.append("_To fill in: how the problem was noticed (the page, a customer, a colleague) and how detection could"
        + " have been faster._\n\n");
    for (String section : List.of("Root causes", "Trigger", "Resolution", "What went well", "What went wrong",
        "Where we got lucky")) {
      b.append("## ").append(section).append("\n\n_To fill in._\n\n");
    }
    b.append("## Action items\n\n| action | type (prevent, mitigate, detect) | owner | issue |\n|---|---|---|---|\n"
        + "| | | | |\n\n## Lessons learned\n\n_To fill in._\n");
    return b.toString();
  }
}
