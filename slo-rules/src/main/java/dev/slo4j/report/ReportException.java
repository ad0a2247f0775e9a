package dev.slo4j.report;

/**
 * Prometheus could not be asked, or answered something that is not a usable answer: the report cannot be written
 * (the CLI's exit 2). Its message says what happened for a person; it is never a partial report.
 */
public final class ReportException extends Exception {
  private static final long serialVersionUID = 1L;

  ReportException(String message) {
    super(message);
  }
}
