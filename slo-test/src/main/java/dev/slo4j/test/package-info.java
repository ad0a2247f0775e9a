/**
 * SLO regression tests for a service's own test suite: seeded fault injection on a fake clock, a JUnit 5 extension
 * that hands each test a fresh registry, assertions on SLOs and resilience in AssertJ's style, and alert scenarios
 * evaluated by the real {@code promtool}. Add it in test scope.
 */
package dev.slo4j.test;
