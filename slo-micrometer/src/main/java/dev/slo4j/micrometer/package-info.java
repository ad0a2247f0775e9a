/**
 * SLI recording and error-budget gauges through Micrometer: {@link dev.slo4j.micrometer.MicrometerSloRecorder} is the
 * {@link dev.slo4j.SloRecorder} to hand to a {@link dev.slo4j.SloRegistry}.
 */
package dev.slo4j.micrometer;
