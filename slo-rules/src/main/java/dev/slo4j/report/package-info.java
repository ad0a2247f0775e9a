/**
 * SLO reports read from a real Prometheus: attainment, error budget spent and left, burn episodes and the on-call
 * load of slo4j's alerts over a period, as Markdown, JSON, a self-contained HTML page, or a postmortem draft.
 * Start at {@link dev.slo4j.report.Reporter}.
 */
package dev.slo4j.report;
