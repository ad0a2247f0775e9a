package dev.slo4j;

import dev.slo4j.RollingBudget;
import dev.slo4j.EventSink;
import dev.slo4j.SloRecorder;
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
 * SloMeter checkout = slos.register(ServiceLevelObjective.builder("checkout").service("shop").objective("99.9").build());
 * Receipt r = checkout.call(() -> payments.charge(order));
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class SloRegistry {

  private final List<SloRecorder> recorders;
  private final Ticker ticker;
  private final RecordingFailures failures = new RecordingFailures();
  private final ConcurrentMap<String, SloMeter> meters = new ConcurrentHashMap<>();
  private final List<SloMeter> inOrder = new ArrayList<>();

  private SloRegistry(Builder b) {
    this.recorders = List.copyOf(b.recorders);
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
  public SloMeter register(ServiceLevelObjective slo) {
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
      // One sink per recorder, kept apart so that the meter counts each failing one and still feeds the rest.
      List<EventSink> sinks = new ArrayList<>(recorders.size());
      for (SloRecorder r : recorders) {
        EventSink sink = Objects.requireNonNull(r.register(slo, budget), "a recorder returned no sink");
        if (sink != EventSink.NOOP) {
          sinks.add(sink);
        }
      }
      SloMeter meter = new SloMeter(slo, sinks, budget, ticker, CoarseTicker.forBudget(ticker, budget.slotNanos()), failures);
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

  /**
   * How many recording failures there were (the calls themselves were unaffected): a recorder's sink that threw while
   * recording an event (once per failing sink per event; the other sinks still recorded it), the local budget failing
   * to count an event, and a bad argument to a meter method that never throws (a {@code null}, negative or over 10
   * years duration, a {@code null} failure; the event is still recorded with the argument corrected).
   */
  public long recordingFailures() {
    return failures.count();
  }

  /** Collects the recorders and the clock. */
  public static final class Builder {
    private final BuilderOptions options = new BuilderOptions();
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
      options.once("ticker");
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }


    public SloRegistry build() {
      return new SloRegistry(this);
    }
  }
}
