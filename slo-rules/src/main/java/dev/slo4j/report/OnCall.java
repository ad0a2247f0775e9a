package dev.slo4j.report;

import java.time.Duration;
import java.util.List;

/**
 * The on-call load of a period, measured from the alerts slo4j generates that fired (burn rate, absent SLI, budget exhaustion): how often people were paged or
 * ticketed, for how long, how many alerts resolved within 5 minutes (possible noise), and the budget spent while no
 * alert fired (possible missed detection). What "alert quality is measured" needs.
 *
 * @param pages page episodes
 * @param tickets ticket episodes
 * @param weeks the period's length in weeks
 * @param pagesWithin5Minutes pages resolved within 5 minutes
 * @param ticketsWithin5Minutes tickets resolved within 5 minutes
 * @param pageTime the time pages fired, summed
 * @param ticketTime the time tickets fired, summed
 */
public record OnCall(int pages, int tickets, double weeks, int pagesWithin5Minutes, int ticketsWithin5Minutes,
    Duration pageTime, Duration ticketTime) {

  static OnCall of(Report report) {
    List<SloReport.AlertEpisode> pages = report.slos().stream().flatMap(s -> s.alerts("page").stream()).toList();
    List<SloReport.AlertEpisode> tickets = report.slos().stream().flatMap(s -> s.alerts("ticket").stream()).toList();
    return new OnCall(pages.size(), tickets.size(), report.period().length().toSeconds() / (7 * 86400.0),
        (int) pages.stream().filter(SloReport.AlertEpisode::resolvedWithin5Minutes).count(),
        (int) tickets.stream().filter(SloReport.AlertEpisode::resolvedWithin5Minutes).count(),
        pages.stream().map(SloReport.AlertEpisode::duration).reduce(Duration.ZERO, Duration::plus),
        tickets.stream().map(SloReport.AlertEpisode::duration).reduce(Duration.ZERO, Duration::plus));
  }

  /** Pages per week. */
  public double pagesPerWeek() {
    return pages / weeks;
  }

  /** Tickets per week. */
  public double ticketsPerWeek() {
    return tickets / weeks;
  }
}
