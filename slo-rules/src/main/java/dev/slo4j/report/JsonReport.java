package dev.slo4j.report;

import dev.slo4j.format.JsonText;
import java.time.Instant;

/** The report as JSON: ratios as numbers (null for no data), times as ISO-8601, strings escaped by JsonText. */
final class JsonReport {

  private JsonReport() {}

  static String render(Report r) {
    StringBuilder b = new StringBuilder("{\"from\":").append(time(r.period().from())).append(",\"to\":")
        .append(time(r.period().to()));
    OnCall o = r.onCall();
    b.append(",\"onCall\":{\"pages\":").append(o.pages()).append(",\"tickets\":").append(o.tickets())
        .append(",\"pagesPerWeek\":").append(num(o.pagesPerWeek())).append(",\"ticketsPerWeek\":")
        .append(num(o.ticketsPerWeek())).append(",\"pagesResolvedWithin5m\":").append(o.pagesWithin5Minutes())
        .append(",\"ticketsResolvedWithin5m\":").append(o.ticketsWithin5Minutes())
        .append(",\"pageSeconds\":").append(o.pageTime().toSeconds())
        .append(",\"ticketSeconds\":").append(o.ticketTime().toSeconds()).append("},\"slos\":[");
    String sep = "";
    for (SloReport s : r.slos()) {
      b.append(sep).append("{\"service\":").append(JsonText.quote(s.slo().service()))
          .append(",\"slo\":").append(JsonText.quote(s.slo().name()))
          .append(",\"description\":").append(JsonText.quote(s.slo().description()))
          .append(",\"labels\":{").append(String.join(",", s.slo().labels().entrySet().stream()
              .map(l -> JsonText.quote(l.getKey()) + ":" + JsonText.quote(l.getValue())).toList())).append('}')
          .append(",\"objective\":").append(s.slo().objective().ratio().toPlainString())
          .append(",\"windowSeconds\":").append(s.slo().window().toSeconds())
          .append(",\"hasData\":").append(s.hasData())
          .append(",\"stepSeconds\":").append(s.step().toSeconds())
          .append(",\"badEvents\":").append(s.hasData() ? num(s.badEvents()) : "null")
          .append(",\"totalEvents\":").append(s.hasData() ? num(s.totalEvents()) : "null")
          .append(",\"attainment\":").append(num(s.attainment()))
          .append(",\"budgetSpent\":").append(num(s.budgetSpent()))
          .append(",\"outageMinutes\":").append(num(s.outageMinutes()))
          .append(",\"budgetRemainingAtEnd\":").append(num(s.budgetRemainingAtEnd()))
          .append(",\"budgetSpentUnalerted\":").append(num(s.budgetSpentUnalerted()))
          .append(",\"burnEpisodes\":[");
      String sep2 = "";
      for (SloReport.BurnEpisode e : s.burnEpisodes()) {
        b.append(sep2).append("{\"start\":").append(time(e.start())).append(",\"end\":").append(time(e.end()))
            .append(",\"peakBurnRate\":").append(num(e.peakBurnRate())).append(",\"badEvents\":")
            .append(num(e.badEvents())).append(",\"budgetSpent\":").append(num(e.budgetSpent()))
            .append(",\"alerts\":").append(e.alerts().size()).append('}');
        sep2 = ",";
      }
      b.append("],\"alerts\":[");
      sep2 = "";
      for (SloReport.AlertEpisode a : s.alerts()) {
        b.append(sep2).append("{\"alert\":").append(JsonText.quote(a.alertname())).append(",\"severity\":")
            .append(JsonText.quote(a.severity())).append(",\"start\":")
            .append(time(a.start())).append(",\"end\":").append(time(a.end())).append(",\"seconds\":")
            .append(a.duration().toSeconds()).append(",\"resolvedWithin5m\":").append(a.resolvedWithin5Minutes())
            .append('}');
        sep2 = ",";
      }
      b.append("]}");
      sep = ",";
    }
    return b.append("]}").toString();
  }

  private static String time(Instant t) {
    return JsonText.quote(Fmt.time(t));
  }

  static String num(Double d) {
    return d == null || d.isNaN() || d.isInfinite() ? "null" : Double.toString(d);
  }
}
