package dev.slo4j.test;

import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.SloMeter;
import dev.slo4j.SloRegistry;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One test's SLO world: a {@link TestClock}, a fresh {@link SloRegistry} on that clock that records into memory,
 * seeded {@link FaultInjector}s and a {@link ResilienceEvents} listener. {@link SloTestExtension} gives each test its
 * own; without JUnit, {@link #create(long)} makes one.
 *
 * <p>Thread-safe.
 */
public final class TestSlos {

  private final long seed;
  private final TestClock clock = TestClock.create();
  private final RecordedSlos recorded = RecordedSlos.on(clock);
  private final SloRegistry registry = SloRegistry.builder().recorder(recorded).ticker(clock).build();
  private final ResilienceEvents resilience = ResilienceEvents.create();
  private final Map<String, FaultInjector> faults = new ConcurrentHashMap<>();

  private TestSlos(long seed) {
    this.seed = seed;
  }

  /** A fresh world whose fault injectors draw from {@code seed}. */
  public static TestSlos create(long seed) {
    return new TestSlos(seed);
  }

  /** The seed the fault injectors were derived from: a failing test names it, and the same seed replays it. */
  public long seed() {
    return seed;
  }

  /** The clock every SLO, fault and (if you pass it) policy of this test reads. */
  public TestClock clock() {
    return clock;
  }

  /** The registry, on the test clock, recording into memory. Hand it to the code under test. */
  public SloRegistry registry() {
    return registry;
  }

  /** Registers an SLO and returns its meter (as {@code registry().register(slo)}). */
  public SloMeter register(ServiceLevelObjective slo) {
    return registry.register(slo);
  }

  /** The events of the SLO named {@code name}, for assertions. */
  public SloHistory get(String name) {
    return recorded.get(name);
  }

  /**
   * The fault injector of the dependency {@code name}, created on first use with a seed derived from this test's seed
   * and the name (so adding a dependency does not change the faults of another).
   */
  public FaultInjector faults(String name) {
    Objects.requireNonNull(name, "name");
    return faults.computeIfAbsent(name, n -> FaultInjector.of(n, clock, seed * 31 + n.hashCode()));
  }

  /** The listener to give resilience policies: it counts degraded answers and refused retries. */
  public ResilienceEvents resilience() {
    return resilience;
  }

  /** What happened in this test: the clock, every SLO's events, the faults and the resilience counts. */
  public String report() {
    StringBuilder b = new StringBuilder("SLOs after ").append(Times.relative(clock.elapsed()))
        .append(" of test time (seed ").append(seed).append("):");
    List<SloHistory> all = recorded.all();
    if (all.isEmpty()) {
      b.append("\n  no SLO registered");
    }
    for (SloHistory h : all) {
      b.append("\n  ").append(h.summary());
      for (var window : h.slo().alertPolicy().tiersFor(h.slo().window())) {
        b.append(String.format(java.util.Locale.ROOT, "; burn %s %.2fx, %s %.2fx",
            Times.relative(window.shortWindow()), h.errorRatio(window.shortWindow()) / h.allowedErrorRatio(),
            Times.relative(window.longWindow()), h.errorRatio(window.longWindow()) / h.allowedErrorRatio()));
        break; // the page's windows: the rest is in the SLO's summary
      }
    }
    faults.values().forEach(f -> b.append("\n  ").append(f));
    b.append("\n  resilience: ").append(resilience);
    return b.toString();
  }

  @Override
  public String toString() {
    return report();
  }
}
