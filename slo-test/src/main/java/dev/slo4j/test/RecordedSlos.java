package dev.slo4j.test;

import dev.slo4j.EventSink;
import dev.slo4j.LocalBudget;
import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.SloRecorder;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A recorder that keeps every event in memory, time-stamped by the test's clock: register it with an
 * {@code SloRegistry} (the {@link SloTestExtension} does) and read each SLO's {@link SloHistory}.
 *
 * <p>Thread-safe.
 */
public final class RecordedSlos implements SloRecorder {

  private final TestClock clock;
  private final Map<String, SloHistory> histories = new ConcurrentHashMap<>();
  private final java.util.List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();

  private RecordedSlos(TestClock clock) {
    this.clock = clock;
  }

  /** A recorder on {@code clock}. */
  public static RecordedSlos on(TestClock clock) {
    return new RecordedSlos(Objects.requireNonNull(clock, "clock"));
  }

  @Override
  public EventSink register(ServiceLevelObjective slo, LocalBudget budget) {
    SloHistory history = histories.computeIfAbsent(slo.name(), n -> {
      order.add(n);
      return new SloHistory(slo, clock);
    });
    return (good, durationNanos, reason) -> history.add(good, reason);
  }

  /**
   * The events of the SLO named {@code name}.
   *
   * @throws IllegalArgumentException naming the SLOs recorded, if none has that name
   */
  public SloHistory get(String name) {
    SloHistory h = histories.get(Objects.requireNonNull(name, "name"));
    if (h == null) {
      throw new IllegalArgumentException("no SLO named '" + name + "' was registered in this test; registered: "
          + order);
    }
    return h;
  }

  /** Every SLO's events, in the order the SLOs were registered. */
  public List<SloHistory> all() {
    return order.stream().map(histories::get).toList();
  }
}
