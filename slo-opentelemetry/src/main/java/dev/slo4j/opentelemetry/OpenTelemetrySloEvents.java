package dev.slo4j.opentelemetry;

import dev.slo4j.MetricNames;
import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.LocalBudget;
import dev.slo4j.EventSink;
import dev.slo4j.SloRecorder;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.context.Context;
import java.util.Objects;

/**
 * Emits every bad SLO event as an OpenTelemetry event (a log record with an event name, through the Logs API),
 * correlated with the trace the event happened in, so that a trace explains an SLO miss and an SLO miss leads to its
 * trace. It carries the SLO, its service and a low-cardinality reason in the {@code error.type} convention (the
 * exception's class name, {@code bad_result}, {@code over_threshold}).
 *
 * <p>Why events and not span attributes or span events: span events are deprecated in favour of log-based events
 * (OTEP 4430), and a library must not put attributes on spans it did not create. Only {@code opentelemetry-api} is
 * needed (no SDK), and only API present in 1.55, the version Spring Boot 4.0 manages; the {@link OpenTelemetry}
 * instance is injected (the application's, or {@link OpenTelemetry#noop()}), never looked up globally.
 * Good events emit nothing. Thread-safe.
 */
public final class OpenTelemetrySloEvents implements SloRecorder {

  /** The event name of a bad SLO event. */
  public static final String EVENT_NAME = MetricNames.OTEL_EVENT_BAD;
  /** The attribute holding the SLO's name. */
  public static final AttributeKey<String> SLO = AttributeKey.stringKey(MetricNames.OTEL_SLO);
  /** The attribute holding the SLO's service. */
  public static final AttributeKey<String> SERVICE = AttributeKey.stringKey(MetricNames.OTEL_SERVICE);
  /** The semantic-convention attribute holding why the event was bad. */
  public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  /** How long the call took, in seconds. */
  public static final AttributeKey<Double> DURATION = AttributeKey.doubleKey(MetricNames.OTEL_DURATION);

  /** Where {@code setEventName} is missing (opentelemetry-api before 1.50, e.g. Spring Boot 3.5's 1.49). */
  static final AttributeKey<String> LEGACY_EVENT_NAME = AttributeKey.stringKey("event.name");
  static final boolean HAS_EVENT_NAME = hasEventName();

  private final Logger logger;

  private OpenTelemetrySloEvents(OpenTelemetry openTelemetry) {
    this.logger = openTelemetry.getLogsBridge().loggerBuilder("dev.slo4j").build();
  }

  private static boolean hasEventName() {
    try {
      io.opentelemetry.api.logs.LogRecordBuilder.class.getMethod("setEventName", String.class);
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  /** Events through the application's OpenTelemetry instance. */
  public static OpenTelemetrySloEvents using(OpenTelemetry openTelemetry) {
    return new OpenTelemetrySloEvents(Objects.requireNonNull(openTelemetry, "openTelemetry"));
  }

  @Override
  public EventSink register(ServiceLevelObjective slo, LocalBudget budget) {
    String name = slo.name();
    String service = slo.service();
    // Bad events only, with their duration: a good call is not handed to this sink at all.
    return new EventSink() {
      @Override
      public boolean recordsGood() {
        return false;
      }

      @Override
      public void record(boolean good, long durationNanos, String reason) {
        if (good) {
          return;
        }
        io.opentelemetry.api.logs.LogRecordBuilder record = logger.logRecordBuilder();
        record = HAS_EVENT_NAME ? record.setEventName(EVENT_NAME) : record.setAttribute(LEGACY_EVENT_NAME, EVENT_NAME);
        record.setContext(Context.current())
            .setSeverity(Severity.WARN)
            .setAttribute(SLO, name)
            .setAttribute(SERVICE, service)
            .setAttribute(ERROR_TYPE, reason == null ? dev.slo4j.SloMeter.REASON_OTHER : reason)
            .setAttribute(DURATION, durationNanos / 1e9)
            .emit();
      }
    };
  }
}
