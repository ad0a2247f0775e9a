/**
 * What slo-rules' packages share and users do not: the Prometheus HTTP API client and the escaping of declared
 * text for Markdown and HTML. Not API.
 */
package dev.slo4j.rules.internal;
