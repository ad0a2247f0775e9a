/** Grafana dashboards generated from the same SLOs as the rules: {@link dev.slo4j.dashboard.GrafanaDashboard}. */
package dev.slo4j.dashboard;
