package dev.slo4j.report;

import java.util.List;
import java.util.Objects;

/**
 * An SLO report over a period, read from Prometheus by {@link Reporter}: per SLO the attainment, the budget spent
 * and left, the burn episodes; the on-call load of slo4j's alerts; written as Markdown (a repository or a
 * wiki), JSON (other tools), one self-contained HTML page with inline SVG charts (people), or a postmortem draft.
 * Every declared string is escaped for the format it is written in. Immutable.
 *
 * @param period the period read
 * @param slos one report per SLO, in the order given
 */
public record Report(Period period, List<SloReport> slos) {

  /** Copies the list. */
  public Report {
    Objects.requireNonNull(period, "period");
    slos = List.copyOf(slos);
  }

  /** The on-call load of the period, over every SLO. */
  public OnCall onCall() {
    return OnCall.of(this);
  }

  /** The report as Markdown. */
  public String toMarkdown() {
    return MarkdownReport.render(this);
  }

  /** The report as JSON. */
  public String toJson() {
    return JsonReport.render(this);
  }

  /** The report as one self-contained HTML page (inline CSS and SVG, no script, nothing fetched). */
  public String toHtml() {
    return HtmlReport.render(this);
  }

  /** A blameless postmortem draft of the period, as Markdown: the measured timeline and impact, sections to fill. */
  public String toPostmortem() {
    return PostmortemDraft.render(this);
  }
}
