package dev.slo4j;

import dev.slo4j.budget.RollingBudget;
import dev.slo4j.internal.RecordingFailures;
import dev.slo4j.spi.EventSink;
import dev.slo4j.spi.SloRecorder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The SLOs a service measures, each with its {@link SloMeter}: one per application, created with the recorders its
 * metrics go to. Registering an SLO creates its series at zero right away, so the generated rules see them before the
 * first request; registering the same SLO again returns the same meter, and a different SLO under a taken name is
 * rejected, because two definitions would silently share one set of series.
 *
 * <pre>{@code
 * SloRegistry slos = SloRegistry.create(new MicrometerSloRecorder(meterRegistry));
 * SloMeter checkout = slos.register(Slo.builder("checkout").service("shop").objective("99.9").build());
 * Receipt r = checkout.call(() -> payments.charge(order));
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class SloRegistry {

  private final SloRecorder recorder;
  private final Ticker ticker;
  private final RecordingFailures failures = new RecordingFailures();
  private final ConcurrentMap<String, SloMeter> meters = new ConcurrentHashMap<>();
  private final List<SloMeter> inOrder = new ArrayList<>();

  private SloRegistry(Builder b) {
    List<SloRecorder> recorders = b.recorders.isEmpty() ? List.of(SloRecorder.NOOP) : List.copyOf(b.recorders);
    this.recorder = recorders.size() == 1 ? recorders.get(0) : compose(recorders);
    this.ticker = b.ticker;
  }

  /** A registry whose events go to {@code recorder}, on the JVM's clock. */
  public static SloRegistry create(SloRecorder recorder) {
    return builder().recorder(recorder).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Registers an SLO, creating its series at zero, and returns its meter.
   *
   * @throws IllegalArgumentException if another SLO with the same name is registered, or the SLO takes its events from
   *     PromQL queries (slo4j does not record those: the rules read the metrics the service already has)
   */
  public SloMeter register(Slo slo) {
    Objects.requireNonNull(slo, "slo");
    if (slo.sli().events().isPresent()) {
      throw new IllegalArgumentException("SLO '" + slo.name() + "' takes its events from PromQL queries, so slo4j"
          + " does not record it; generate its rules from the spec instead, or remove the queries to let slo4j record it");
    }
    synchronized (inOrder) {
      SloMeter existing = meters.get(slo.name());
      if (existing != null) {
        if (!existing.slo().equals(slo)) {
          throw new IllegalArgumentException("SLO '" + slo.name() + "' is already registered as " + existing.slo()
              + ", so it cannot also be " + slo + "; give one of them another name");
        }
        return existing;
      }
      RollingBudget budget = RollingBudget.of(slo, ticker);
      EventSink sink = Objects.requireNonNull(recorder.register(slo, budget), "the recorder returned no sink");
      SloMeter meter = new SloMeter(slo, sink, budget, ticker, failures);
      meters.put(slo.name(), meter);
      inOrder.add(meter);
      return meter;
    }
  }

  /** The meter of the SLO with this name, if it is registered. */
  public Optional<SloMeter> find(String name) {
    return Optional.ofNullable(meters.get(Objects.requireNonNull(name, "name")));
  }

  /** Every registered SLO's meter, in the order they were registered. */
  public List<SloMeter> meters() {
    synchronized (inOrder) {
      return List.copyOf(inOrder);
    }
  }

  /** How many events could not be recorded because a recorder failed (the calls themselves were unaffected). */
  public long recordingFailures() {
    return failures.count();
  }

  private static SloRecorder compose(List<SloRecorder> recorders) {
    return (slo, budget) -> {
      List<EventSink> sinks = new ArrayList<>();
      for (SloRecorder r : recorders) {
        sinks.add(Objects.requireNonNull(r.register(slo, budget), "a recorder returned no sink"));
      }
      return EventSink.of(sinks);
    };
  }

  /** Collects the recorders and the clock. */
  public static final class Builder {
    private final List<SloRecorder> recorders = new ArrayList<>();
    private Ticker ticker = Ticker.system();

    private Builder() {}

    /** Adds a recorder; events go to every recorder added, in order. None at all records only the local budget. */
    public Builder recorder(SloRecorder recorder) {
      recorders.add(Objects.requireNonNull(recorder, "recorder"));
      return this;
    }

    /** The clock for durations and budget windows: {@link Ticker#system()} unless a test moves time by hand. */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    public SloRegistry build() {
      return new SloRegistry(this);
    }
  }
}
