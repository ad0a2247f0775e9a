/** Annotations that declare SLOs in application code. */
package dev.slo4j.annotation;
