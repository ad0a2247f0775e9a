package dev.slo4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slo4j.testing.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Issue 17: a call reads the clock only as often as what records it needs. */
class ClockReadsTest {

  private final FakeClock clock = new FakeClock();
  private final AtomicInteger reads = new AtomicInteger();
  private final Ticker counting = () -> {
    reads.incrementAndGet();
    return clock.nanoTime();
  };
  private final List<Long> durations = new ArrayList<>();
  private final SloRecorder counter = (slo, budget) -> EventSink.withoutDuration((good, nanos, reason) -> {});
  private final SloRecorder timer = (slo, budget) -> (good, nanos, reason) -> durations.add(nanos);

  private SloMeter meter(Sli sli, SloRecorder... recorders) {
    SloRegistry.Builder b = SloRegistry.builder().ticker(counting);
    for (SloRecorder r : recorders) {
      b.recorder(r);
    }
    return b.build().register(ServiceLevelObjective.builder("s").service("shop").objective("99.9").sli(sli).build());
  }

  @Test
  void anAvailabilitySloThatOnlyCountsReadsTheClockOncePerCallForItsBudget() {
    SloMeter m = meter(AvailabilitySli.ofDefaults(), counter);
    reads.set(0);
    assertThat(m.get(() -> "ok")).isEqualTo("ok");
    assertThat(reads).as("no start reading; one at the end, for the rolling budget's bucket").hasValue(1);
    long start = m.start();
    assertThat(start).isZero();
    m.stop(start, "ok", null);
    assertThat(reads).hasValue(2);
    assertThat(m.budget().burnRate(Duration.ofMinutes(5))).isZero();
  }

  @Test
  void onTheSystemClockAnAvailabilitySloThatOnlyCountsStampsItsEventsWithTheCoarseClock() {
    SloMeter m = SloRegistry.builder().recorder(counter).build()
        .register(ServiceLevelObjective.builder("s").service("shop").objective("99.9").build());
    for (int i = 0; i < 10; i++) {
      m.get(() -> "ok");
    }
    assertThat(m.budget().burnRate(Duration.ofMinutes(5))).isZero();
    assertThat(CoarseTicker.shared().isRunning()).as("the events were stamped by the shared coarse clock").isTrue();
  }

  @Test
  void aSinkThatRecordsDurationsOrALatencySliStillGetsTheRealDuration() {
    SloMeter availability = meter(AvailabilitySli.ofDefaults(), counter, timer);
    availability.get(() -> {
      clock.advance(Duration.ofMillis(7));
      return "ok";
    });
    SloMeter latency = meter(LatencySli.of(Duration.ofMillis(5)), counter);
    reads.set(0);
    long start = latency.start();
    clock.advance(Duration.ofMillis(7));
    latency.stop(start, "ok", null);
    assertThat(reads).hasValue(2);
    assertThat(durations).containsExactly(Duration.ofMillis(7).toNanos());
    assertThat(latency.budget().burnRate(Duration.ofMinutes(5))).as("7 ms over a 5 ms threshold is bad").isPositive();
  }
}
