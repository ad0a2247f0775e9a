package dev.slo4j.report;

import static dev.slo4j.rules.internal.MarkupText.html;

import dev.slo4j.format.Decimals;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report as one self-contained HTML page: inline CSS and SVG, no script, nothing fetched (no CDN, no font), so
 * it reads the same offline, from a CI artifact or an e-mail. Per SLO three charts: the budget burn-down against the
 * ideal line, the error ratio against the objective's, and the alert and burn episodes on a timeline. Every declared
 * string goes through {@code MarkupText.html}.
 */
final class HtmlReport {

  /** Chart size in SVG user units. */
  static final int WIDTH = 960;
  static final int HEIGHT = 200;
  static final int LEFT = 60;
  static final int RIGHT = 20;
  static final int TOP = 16;
  static final int BOTTOM = 28;
  /** The most points drawn per line: steps are merged beyond it (a 400-day period at 5 minutes has 115,200). */
  static final int MAX_DRAWN = 1200;

  private HtmlReport() {}

  static String render(Report r) {
    StringBuilder b = new StringBuilder(64 * 1024);
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
        .append("<title>SLO report ").append(Fmt.time(r.period().from())).append(" to ")
        .append(Fmt.time(r.period().to())).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
    b.append("<h1>SLO report</h1>\n<p class=\"period\">").append(Fmt.time(r.period().from())).append(" to ")
        .append(Fmt.time(r.period().to())).append(" (").append(Fmt.duration(r.period().length())).append(")</p>\n");
    b.append("<table>\n<tr><th>SLO</th><th>objective</th><th>attainment</th><th>budget spent</th>"
        + "<th>full outage</th><th>budget left at end</th><th>burn episodes</th></tr>\n");
    for (SloReport s : r.slos()) {
      b.append("<tr><td><a href=\"#slo-").append(r.slos().indexOf(s)).append("\">").append(id(s)).append("</a></td><td>")
          .append(Decimals.percent(s.slo().objective().ratio())).append("</td><td class=\"")
          .append(!s.hasData() ? "nodata" : s.attainment() >= s.slo().objective().ratio().doubleValue() ? "met"
              : "missed").append("\">").append(Fmt.percent(s.attainment(), 3)).append("</td><td>")
          .append(Fmt.percent(s.budgetSpent(), 1)).append("</td><td>").append(Fmt.minutes(s.outageMinutes()))
          .append("</td><td>").append(Fmt.percent(s.budgetRemainingAtEnd(), 1)).append("</td><td>")
          .append(s.hasData() ? Integer.toString(s.burnEpisodes().size()) : Fmt.NO_DATA).append("</td></tr>\n");
    }
    b.append("</table>\n");
    OnCall o = r.onCall();
    b.append("<h2>On-call load</h2>\n<table>\n<tr><th></th><th>count</th><th>per week</th><th>fired in all</th>"
        + "<th>resolved within 5 min</th></tr>\n");
    b.append("<tr><td>pages</td><td>").append(o.pages()).append("</td><td>").append(Fmt.number(o.pagesPerWeek(), 1))
        .append("</td><td>").append(Fmt.duration(o.pageTime())).append("</td><td>").append(o.pagesWithin5Minutes())
        .append("</td></tr>\n<tr><td>tickets</td><td>").append(o.tickets()).append("</td><td>")
        .append(Fmt.number(o.ticketsPerWeek(), 1)).append("</td><td>").append(Fmt.duration(o.ticketTime()))
        .append("</td><td>").append(o.ticketsWithin5Minutes()).append("</td></tr>\n</table>\n");
    for (SloReport s : r.slos()) {
      section(b, r, s, r.slos().indexOf(s));
    }
    return b.append("</body>\n</html>\n").toString();
  }

  private static void section(StringBuilder b, Report r, SloReport s, int index) {
    b.append("<section id=\"slo-").append(index).append("\">\n<h2>").append(id(s)).append("</h2>\n");
    if (!s.slo().description().isEmpty()) {
      b.append("<p class=\"description\">").append(html(s.slo().description())).append("</p>\n");
    }
    if (!s.slo().labels().isEmpty()) {
      b.append("<p class=\"labels\">Labels: ").append(String.join(", ", s.slo().labels().entrySet().stream()
          .map(l -> html(l.getKey()) + " = " + html(l.getValue())).toList())).append("</p>\n");
    }
    b.append("<p>Objective ").append(Decimals.percent(s.slo().objective().ratio())).append(" over ")
        .append(Fmt.duration(s.slo().window())).append(": a budget of ").append(Fmt.minutes(s.budgetMinutes()))
        .append(" of full outage.</p>\n");
    if (!s.hasData()) {
      b.append("<p class=\"nodata\"><strong>No data</strong>: Prometheus recorded no events for this SLO in the"
          + " period. No attainment is claimed.</p>\n</section>\n");
      return;
    }
    b.append("<p>Attainment <strong>").append(Fmt.percent(s.attainment(), 3)).append("</strong> (")
        .append(Fmt.number(s.badEvents(), 0)).append(" bad of ").append(Fmt.number(s.totalEvents(), 0))
        .append(" events); budget spent ").append(Fmt.percent(s.budgetSpent(), 1)).append(" (")
        .append(Fmt.minutes(s.outageMinutes())).append(" of full outage); left at the end ")
        .append(Fmt.percent(s.budgetRemainingAtEnd(), 1)).append("; spent while no alert fired ")
        .append(Fmt.percent(s.budgetSpentUnalerted(), 1)).append(".</p>\n");
    Chart time = new Chart(r.period().from(), r.period().to());
    burnDown(b, s, time);
    errorRatio(b, s, time);
    timeline(b, s, time);
    b.append("</section>\n");
  }

  /** The time axis shared by an SLO's charts. */
  record Chart(Instant from, Instant to) {
    double x(Instant t) {
      double span = Math.max(1, Duration.between(from, to).toMillis());
      return LEFT + (WIDTH - LEFT - RIGHT) * Duration.between(from, t).toMillis() / span;
    }

    void axis(StringBuilder b) {
      int y = HEIGHT - BOTTOM;
      b.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" y1=\"").append(y).append("\" x2=\"")
          .append(WIDTH - RIGHT).append("\" y2=\"").append(y).append("\"/>\n");
      for (int i = 0; i <= 4; i++) {
        Instant t = from.plusMillis(Duration.between(from, to).toMillis() * i / 4);
        double x = x(t);
        b.append("<text class=\"tick\" x=\"").append(f(x)).append("\" y=\"").append(HEIGHT - 8)
            .append("\" text-anchor=\"").append(i == 0 ? "start" : i == 4 ? "end" : "middle").append("\">")
            .append(Fmt.time(t).replace('T', ' ').replace("Z", "")).append("</text>\n");
      }
    }
  }

  private static void burnDown(StringBuilder b, SloReport s, Chart c) {
    double budget = s.windowBudgetEvents();
    List<double[]> remaining = new ArrayList<>();
    double spent = 0;
    remaining.add(new double[] {c.x(c.from()), 1});
    for (SloReport.Step st : s.steps()) {
      spent += st.bad();
      remaining.add(new double[] {c.x(st.end()), 1 - spent / budget});
    }
    double windowShare = (double) Duration.between(c.from(), c.to()).toMillis() / s.slo().window().toMillis();
    double ideal = 1 - windowShare;
    double min = Math.min(0, Math.min(ideal, remaining.stream().mapToDouble(p -> p[1]).min().orElse(0)));
    Scale y = new Scale(min, 1, 4);
    open(b, "burn-down", "Error budget left (share of the " + Fmt.duration(s.slo().window())
        + " window's budget) against the ideal line that spends it evenly");
    y.grid(b, v -> Fmt.percent(v, 0));
    b.append("<path class=\"ideal\" d=\"M").append(f(c.x(c.from()))).append(' ').append(f(y.y(1))).append(" L")
        .append(f(c.x(c.to()))).append(' ').append(f(y.y(ideal))).append("\"/>\n");
    path(b, "budget", thin(remaining, false), y);
    c.axis(b);
    legend(b, "budget", "budget left", "ideal", "ideal burn-down");
    b.append("</svg>\n");
  }

  private static void errorRatio(StringBuilder b, SloReport s, Chart c) {
    double allowed = s.allowedErrorRatio();
    List<double[]> points = new ArrayList<>();
    for (SloReport.Step st : s.steps()) {
      if (st.total() > 0) {
        points.add(new double[] {c.x(st.end()), st.bad() / st.total()});
      }
    }
    points = thin(points, true);
    // A log scale from a hundredth of the allowed ratio to 100%: the baseline, the objective and an outage all show.
    double floor = Math.pow(10, Math.floor(Math.log10(allowed)) - 2);
    Scale y = new Scale(Math.log10(floor), 0, (int) Math.round(-Math.log10(floor)));
    List<double[]> logged = new ArrayList<>();
    for (double[] p : points) {
      logged.add(new double[] {p[0], Math.log10(Math.max(floor, p[1]))});
    }
    points = logged;
    open(b, "error-ratio", "Error ratio per " + Fmt.duration(s.step()) + " (log scale) against the "
        + Fmt.percent(allowed, 3) + " the objective allows");
    y.grid(b, v -> Fmt.percent(Math.pow(10, v), Math.max(0, (int) Math.round(-v) - 2)));
    b.append("<path class=\"objective\" d=\"M").append(LEFT).append(' ').append(f(y.y(Math.log10(allowed))))
        .append(" L").append(WIDTH - RIGHT).append(' ').append(f(y.y(Math.log10(allowed)))).append("\"/>\n");
    path(b, "ratio", points, y);
    c.axis(b);
    legend(b, "ratio", "error ratio", "objective", "allowed by the objective");
    b.append("</svg>\n");
  }

  private static void timeline(StringBuilder b, SloReport s, Chart c) {
    b.append("<h3>Burn episodes (burn rate over 1x) and alerts</h3>\n");
    b.append("<svg class=\"chart timeline\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(120)
        .append("\" role=\"img\"><title>Burn episodes and alerts</title>\n");
    String[] rows = {"burn", "page", "ticket"};
    for (int i = 0; i < rows.length; i++) {
      int y = TOP + i * 26;
      b.append("<text class=\"tick\" x=\"4\" y=\"").append(y + 14).append("\">").append(rows[i]).append("</text>\n");
      b.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" y1=\"").append(y + 10).append("\" x2=\"")
          .append(WIDTH - RIGHT).append("\" y2=\"").append(y + 10).append("\"/>\n");
    }
    for (SloReport.BurnEpisode e : s.burnEpisodes()) {
      bar(b, c, "burn", 0, e.start(), e.end(), "burn episode " + Fmt.time(e.start()) + " to " + Fmt.time(e.end())
          + ", peak " + Fmt.rate(e.peakBurnRate()) + ", " + Fmt.percent(e.budgetSpent(), 1) + " of the budget");
    }
    for (SloReport.AlertEpisode a : s.alerts()) {
      int row = a.severity().equals("page") ? 1 : 2;
      bar(b, c, a.severity().equals("page") ? "page" : "ticket", row, a.start(), a.end(), a.alertname() + " "
          + a.severity() + " " + Fmt.time(a.start()) + " to " + Fmt.time(a.end()) + " (" + Fmt.duration(a.duration()) + ")");
    }
    int y = TOP + 3 * 26 + 6;
    b.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" y1=\"").append(y).append("\" x2=\"")
        .append(WIDTH - RIGHT).append("\" y2=\"").append(y).append("\"/>\n");
    for (int i = 0; i <= 4; i++) {
      Instant t = c.from().plusMillis(Duration.between(c.from(), c.to()).toMillis() * i / 4);
      b.append("<text class=\"tick\" x=\"").append(f(c.x(t))).append("\" y=\"").append(y + 16)
          .append("\" text-anchor=\"").append(i == 0 ? "start" : i == 4 ? "end" : "middle").append("\">")
          .append(Fmt.time(t).replace('T', ' ').replace("Z", "")).append("</text>\n");
    }
    b.append("</svg>\n");
  }

  private static void bar(StringBuilder b, Chart c, String cls, int row, Instant start, Instant end, String title) {
    double x = c.x(start);
    double w = Math.max(3, c.x(end) - x);
    b.append("<rect class=\"").append(cls).append("\" x=\"").append(f(x)).append("\" y=\"").append(TOP + row * 26)
        .append("\" width=\"").append(f(w)).append("\" height=\"20\"><title>").append(html(title))
        .append("</title></rect>\n");
  }

  /** A linear value axis mapped onto the chart's height. */
  record Scale(double min, double max, int lines) {
    double y(double v) {
      double span = max - min <= 0 ? 1 : max - min;
      return TOP + (HEIGHT - TOP - BOTTOM) * (max - v) / span;
    }

    void grid(StringBuilder b, java.util.function.DoubleFunction<String> label) {
      for (int i = 0; i <= lines; i++) {
        double v = min + (max - min) * i / lines;
        b.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" y1=\"").append(f(y(v))).append("\" x2=\"")
            .append(WIDTH - RIGHT).append("\" y2=\"").append(f(y(v))).append("\"/>\n<text class=\"tick\" x=\"")
            .append(LEFT - 6).append("\" y=\"").append(f(y(v) + 4)).append("\" text-anchor=\"end\">")
            .append(html(label.apply(v))).append("</text>\n");
      }
    }
  }

  private static void open(StringBuilder b, String cls, String title) {
    b.append("<h3>").append(html(title)).append("</h3>\n<svg class=\"chart ").append(cls).append("\" viewBox=\"0 0 ")
        .append(WIDTH).append(' ').append(HEIGHT).append("\" role=\"img\"><title>").append(html(title))
        .append("</title>\n");
  }

  private static void legend(StringBuilder b, String cls1, String text1, String cls2, String text2) {
    b.append("<g class=\"legend\"><rect class=\"key ").append(cls1).append("\" x=\"").append(WIDTH - 330)
        .append("\" y=\"4\" width=\"14\" height=\"4\"/><text class=\"tick\" x=\"").append(WIDTH - 312)
        .append("\" y=\"10\">").append(text1).append("</text><rect class=\"key ").append(cls2).append("\" x=\"")
        .append(WIDTH - 200).append("\" y=\"4\" width=\"14\" height=\"4\"/><text class=\"tick\" x=\"")
        .append(WIDTH - 182).append("\" y=\"10\">").append(text2).append("</text></g>\n");
  }

  private static void path(StringBuilder b, String cls, List<double[]> points, Scale y) {
    if (points.isEmpty()) {
      return;
    }
    b.append("<path class=\"").append(cls).append("\" d=\"");
    for (int i = 0; i < points.size(); i++) {
      b.append(i == 0 ? "M" : " L").append(f(points.get(i)[0])).append(' ').append(f(y.y(points.get(i)[1])));
    }
    b.append("\"/>\n");
  }

  /** At most MAX_DRAWN points: each kept point is the last (or, for peaks, the largest) of the ones it stands for. */
  static List<double[]> thin(List<double[]> points, boolean keepPeaks) {
    if (points.size() <= MAX_DRAWN) {
      return points;
    }
    List<double[]> kept = new ArrayList<>();
    int per = (points.size() + MAX_DRAWN - 1) / MAX_DRAWN;
    for (int i = 0; i < points.size(); i += per) {
      double[] last = points.get(Math.min(points.size(), i + per) - 1);
      double value = last[1];
      if (keepPeaks) {
        for (int j = i; j < Math.min(points.size(), i + per); j++) {
          value = Math.max(value, points.get(j)[1]);
        }
      }
      kept.add(new double[] {last[0], value});
    }
    return kept;
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String id(SloReport s) {
    return html(s.slo().service()) + " / " + html(s.slo().name());
  }

  static final String CSS = """
      body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:1000px;margin:24px auto;\
      padding:0 16px;color:#1f2328;background:#fff}
      h1{margin-bottom:0}.period{color:#59636e;margin-top:4px}
      table{border-collapse:collapse;margin:12px 0}th,td{border:1px solid #d1d9e0;padding:4px 10px;text-align:right}
      th:first-child,td:first-child{text-align:left}th{background:#f6f8fa}
      td.met{color:#1a7f37;font-weight:600}td.missed{color:#cf222e;font-weight:600}td.nodata,p.nodata{color:#9a6700}
      section{border-top:1px solid #d1d9e0;margin-top:28px}h3{font-size:14px;margin:18px 0 4px;color:#59636e}
      .description{font-style:italic}
      svg.chart{width:100%;height:auto;display:block}
      .axis{stroke:#59636e;stroke-width:1}.grid{stroke:#eaeef2;stroke-width:1}
      .tick{font-size:11px;fill:#59636e}
      path{fill:none;stroke-width:2}path.budget{stroke:#0969da}path.ideal{stroke:#8c959f;stroke-dasharray:6 4}
      path.ratio{stroke:#cf222e;stroke-width:1.5}path.objective{stroke:#1a7f37;stroke-dasharray:6 4}
      rect.burn{fill:#fb8f44}rect.page{fill:#cf222e}rect.ticket{fill:#bf8700}
      rect.key.budget{fill:#0969da}rect.key.ideal{fill:#8c959f}rect.key.ratio{fill:#cf222e}
      rect.key.objective{fill:#1a7f37}
      """;
}
