package dev.slo4j.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.SloMeter;
import dev.slo4j.SloRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class OpenTelemetrySloEventsTest {

  private final InMemoryLogRecordExporter logs = InMemoryLogRecordExporter.create();
  private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
      .setLoggerProvider(SdkLoggerProvider.builder().addLogRecordProcessor(SimpleLogRecordProcessor.create(logs)).build())
      .setTracerProvider(SdkTracerProvider.builder().build())
      .build();

  @Test
  void aBadEventIsAnEventOfTheTraceItHappenedIn() {
    SloMeter meter = SloRegistry.create(OpenTelemetrySloEvents.using(otel))
        .register(ServiceLevelObjective.builder("checkout").service("shop").objective("99.9").build());
    Tracer tracer = otel.getTracer("test");
    Span span = tracer.spanBuilder("POST /checkout").startSpan();
    try (Scope ignored = span.makeCurrent()) {
      meter.get(() -> "fine");
      try {
        meter.get(() -> {
          throw new UncheckedIOException(new IOException("payment provider down"));
        });
      } catch (UncheckedIOException expected) {
        // business code sees its exception unchanged
      }
    } finally {
      span.end();
    }

    assertThat(logs.getFinishedLogRecordItems()).as("good events emit nothing").hasSize(1);
    LogRecordData event = logs.getFinishedLogRecordItems().get(0);
    assertThat(event.getEventName()).isEqualTo("slo4j.slo.bad_event");
    assertThat(event.getSpanContext().getTraceId()).isEqualTo(span.getSpanContext().getTraceId());
    assertThat(event.getSpanContext().getSpanId()).isEqualTo(span.getSpanContext().getSpanId());
    assertThat(event.getAttributes().get(OpenTelemetrySloEvents.SLO)).isEqualTo("checkout");
    assertThat(event.getAttributes().get(OpenTelemetrySloEvents.SERVICE)).isEqualTo("shop");
    assertThat(event.getAttributes().get(OpenTelemetrySloEvents.ERROR_TYPE))
        .isEqualTo("java.io.UncheckedIOException");
  }

  @Test
  void aDegradedAnswerIsAnEventOfItsTraceToo() {
    dev.slo4j.resilience.ResiliencePolicy<String> prices = dev.slo4j.resilience.ResiliencePolicy.<String>builder("prices")
        .listener(OpenTelemetryResilienceListener.using(otel, new dev.slo4j.ResilienceListener() {}))
        .fallbackValue("cached").build();
    Span span = otel.getTracer("test").spanBuilder("GET /price").startSpan();
    try (Scope ignored = span.makeCurrent()) {
      assertThat(prices.get(() -> {
        throw new UncheckedIOException(new IOException("down"));
      })).isEqualTo("cached");
    } finally {
      span.end();
    }
    LogRecordData event = logs.getFinishedLogRecordItems().get(0);
    assertThat(event.getEventName()).isEqualTo("slo4j.resilience.degraded");
    assertThat(event.getSpanContext().getSpanId()).isEqualTo(span.getSpanContext().getSpanId());
    assertThat(event.getAttributes().get(OpenTelemetryResilienceListener.POLICY)).isEqualTo("prices");
    assertThat(event.getAttributes().get(OpenTelemetryResilienceListener.DEGRADATION)).isEqualTo("fallback");
  }
}
