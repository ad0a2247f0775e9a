package dev.slo4j.report;

/** The report as one self-contained HTML page. */
final class HtmlReport {

  private HtmlReport() {}

  static String render(Report r) {
    throw new UnsupportedOperationException("not yet");
  }
}
