package dev.slo4j.spring;

import dev.slo4j.LatencySli;
import dev.slo4j.SloMeter;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Gives SLOs to instrumentation the service already has, from properties alone: every observation named in a {@code
 * slo4j.slos.<name>.observation} property (Spring MVC and WebFlux's {@code http.server.requests}, an {@code @Observed}
 * method) whose low-cardinality key values match the SLO's {@code match} entries is judged against that SLO.
 *
 * <p>A plain {@link ObservationHandler}, not a {@code MeterObservationHandler}: Spring Boot groups meter handlers so
 * that only the first matching one runs, which would silently starve either Boot's own timers or this handler.
 *
 * <p>An event is bad when its {@code status} key value is 5xx (a 404 is the service working), or, for observations
 * without a status, when it ended with an error. Latency SLOs judge the observed duration against their threshold.
 */
final class SloObservationHandler implements ObservationHandler<Observation.Context> {

  /** One SLO over one observation. */
  record Binding(String observation, Map<String, String> match, SloMeter meter) {

    /** Whether this SLO judges observation {@code name} whose low-cardinality tags {@code tag} gives (null: absent). */
    boolean watches(String name, java.util.function.Function<String, String> tag) {
      if (!observation.equals(name)) {
        return false;
      }
      for (Map.Entry<String, String> e : match.entrySet()) {
        if (!e.getValue().equals(tag.apply(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
  }

  private static final String START = SloObservationHandler.class.getName() + ".start";

  private final List<Binding> bindings;
  private final Set<String> names;

  SloObservationHandler(List<Binding> bindings) {
    this.bindings = List.copyOf(bindings);
    this.names = bindings.stream().map(Binding::observation).collect(Collectors.toUnmodifiableSet());
  }

  /**
   * Whether to follow this observation. Handlers are chosen when an observation is created, often before its
   * convention has named it (Spring MVC's {@code http.server.requests} has no name yet at that point), so an unnamed
   * context is followed and the name is checked again at start.
   */
  @Override
  public boolean supportsContext(Observation.Context context) {
    String name = context.getName();
    return !bindings.isEmpty() && (name == null || names.contains(name));
  }

  @Override
  public void onStart(Observation.Context context) {
    try {
      String name = context.getName();
      if (name != null && names.contains(name)) {
        context.put(START, bindings.get(0).meter().start());
      }
    } catch (RuntimeException e) {
      // Never break the request being observed; an unmeasured event is the lesser harm.
    }
  }

  @Override
  public void onStop(Observation.Context context) {
    try {
      Long start = context.get(START);
      if (start == null) {
        return;
      }
      for (Binding b : bindings) {
        if (b.watches(context.getName(), key -> {
          KeyValue kv = context.getLowCardinalityKeyValue(key);
          return kv == null ? null : kv.getValue();
        })) {
          judge(b.meter(), start, context);
        }
      }
    } catch (RuntimeException e) {
      // As in onStart: SloMeter never throws; this guards the matching itself.
    }
  }

  private static void judge(SloMeter meter, long start, Observation.Context context) {
    if (meter.slo().sli().latencyThreshold().isPresent()) {
      meter.stop(start, null, null);
      return;
    }
    KeyValue status = context.getLowCardinalityKeyValue("status");
    if (status != null && !"UNKNOWN".equals(status.getValue())) {
      if (status.getValue().startsWith("5")) {
        meter.recordBad(Duration.ofNanos(Math.max(0, meter.start() - start)), "http_" + status.getValue());
      } else {
        meter.stop(start, null, null);
      }
      return;
    }
    meter.stop(start, null, context.getError());
  }
}
