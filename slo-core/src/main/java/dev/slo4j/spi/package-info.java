/**
 * The service-provider interface that the other modules implement: {@link dev.slo4j.spi.SloRecorder} registers an SLO
 * and returns the {@link dev.slo4j.spi.EventSink} its events go to. Application code does not call this package; it
 * uses {@link dev.slo4j.SloRegistry} and {@link dev.slo4j.SloMeter}.
 */
package dev.slo4j.spi;
