/** Compile-time collection of {@code @Slo} annotations into a spec file, for rule generation without a running app. */
package dev.slo4j.processor;
