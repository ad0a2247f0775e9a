package dev.slo4j.opentelemetry;

import dev.slo4j.Degradation;
import dev.slo4j.MetricNames;
import dev.slo4j.ResilienceListener;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.LogRecordBuilder;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.context.Context;
import java.util.Objects;

/**
 * Emits each degraded answer of a resilience policy as an OpenTelemetry event in the current trace, so a trace shows
 * that the user got a fallback, a stale value or nothing (shed) and why. Then passes the event on (by default to the
 * logging listener). Same API rules as {@link OpenTelemetrySloEvents}: opentelemetry-api only, injected instance.
 */
public final class OpenTelemetryResilienceListener implements ResilienceListener {

  /** The event name of a degraded answer. */
  public static final String EVENT_NAME = MetricNames.OTEL_EVENT_DEGRADED;
  /** The policy's name. */
  public static final AttributeKey<String> POLICY = AttributeKey.stringKey(MetricNames.OTEL_POLICY);
  /** {@code fallback}, {@code stale} or {@code shed}. */
  public static final AttributeKey<String> DEGRADATION = AttributeKey.stringKey(MetricNames.OTEL_DEGRADATION);

  private final Logger logger;
  private final ResilienceListener next;

  private OpenTelemetryResilienceListener(OpenTelemetry openTelemetry, ResilienceListener next) {
    this.logger = openTelemetry.getLogsBridge().loggerBuilder("dev.slo4j").build();
    this.next = next;
  }

  /** Events through the application's OpenTelemetry instance, then on to {@code next}. */
  public static OpenTelemetryResilienceListener using(OpenTelemetry openTelemetry, ResilienceListener next) {
    return new OpenTelemetryResilienceListener(Objects.requireNonNull(openTelemetry, "openTelemetry"),
        Objects.requireNonNull(next, "next"));
  }

  @Override
  public void onDegraded(String policy, Degradation how, Throwable cause) {
    LogRecordBuilder record = logger.logRecordBuilder();
    record = OpenTelemetrySloEvents.HAS_EVENT_NAME ? record.setEventName(EVENT_NAME)
        : record.setAttribute(OpenTelemetrySloEvents.LEGACY_EVENT_NAME, EVENT_NAME);
    record.setContext(Context.current())
        .setSeverity(Severity.WARN)
        .setAttribute(POLICY, policy)
        .setAttribute(DEGRADATION, how.label())
        .setAttribute(OpenTelemetrySloEvents.ERROR_TYPE, cause == null ? dev.slo4j.SloMeter.REASON_OTHER : cause.getClass().getName())
        .emit();
    next.onDegraded(policy, how, cause);
  }

  @Override
  public void onRetryBudgetExhausted(String policy, Throwable cause) {
    next.onRetryBudgetExhausted(policy, cause);
  }

  @Override
  public void onDeadlineExceeded(String policy, Throwable cause) {
    next.onDeadlineExceeded(policy, cause);
  }
}
