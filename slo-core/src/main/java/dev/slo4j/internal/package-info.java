/**
 * Implementation helpers shared by slo4j's modules. Not API: anything here may change without notice.
 */
package dev.slo4j.internal;
