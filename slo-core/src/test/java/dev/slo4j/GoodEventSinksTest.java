package dev.slo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: a good event reaches only the sinks that record good events; bad events reach every sink, and the
 * budget counts both either way.
 */
class GoodEventSinksTest {

  private final List<String> badReasons = new ArrayList<>();
  private final List<Boolean> everyEvent = new ArrayList<>();
  private final SloRecorder badOnly = (slo, budget) -> EventSink.badEventsOnly(badReasons::add);
  private final SloRecorder all = (slo, budget) -> EventSink.withoutDuration((good, nanos, reason) -> everyEvent.add(good));

  private SloMeter meter(SloRecorder... recorders) {
    SloRegistry.Builder b = SloRegistry.builder();
    for (SloRecorder r : recorders) {
      b.recorder(r);
    }
    return b.build().register(ServiceLevelObjective.builder("s").service("shop").objective("99.9").build());
  }

  @Test
  void aBadEventsOnlySinkGetsEveryBadEventWithItsReasonAndNoGoodOne() {
    SloMeter m = meter(badOnly, all);
    m.get(() -> "ok");
    assertThatThrownBy(() -> m.get(() -> {
      throw new IllegalStateException("down");
    })).isInstanceOf(IllegalStateException.class);
    m.recordGood(Duration.ofMillis(1));
    m.recordBad(Duration.ofMillis(1), "timeout");
    m.recordBad(Duration.ofMillis(1), null);

    assertThat(badReasons).containsExactly(IllegalStateException.class.getName(), "timeout", SloMeter.REASON_OTHER);
    assertThat(everyEvent).as("a sink that records good events still gets them, in order")
        .containsExactly(true, false, true, false, false);
    assertThat(m.budget().goodEvents()).as("the budget counts the good events the bad-only sink never saw")
        .isEqualTo(2);
  }

  @Test
  void flagsOfTheFactoriesAndOfComposedSinks() {
    EventSink badOnlySink = EventSink.badEventsOnly(r -> {});
    EventSink counting = EventSink.withoutDuration((g, n, r) -> {});
    EventSink timing = (g, n, r) -> {};
    assertThat(badOnlySink.recordsGood()).isFalse();
    assertThat(badOnlySink.needsDuration()).isFalse();
    assertThat(counting.recordsGood()).isTrue();
    assertThat(timing.recordsGood()).isTrue();
    assertThat(timing.needsDuration()).isTrue();

    EventSink bothBadOnly = EventSink.of(badOnlySink, EventSink.badEventsOnly(r -> {}));
    assertThat(bothBadOnly.recordsGood()).isFalse();
    assertThat(bothBadOnly.needsDuration()).isFalse();
    EventSink mixed = EventSink.of(badOnlySink, counting);
    assertThat(mixed.recordsGood()).as("any member that records good events makes the whole record them").isTrue();
    assertThat(mixed.needsDuration()).isFalse();
    assertThat(EventSink.of(badOnlySink, timing).needsDuration()).isTrue();
  }

  @Test
  void aComposedSinkOfBadOnlySinksGetsNoGoodEventAndStillEveryBadOne() {
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    SloMeter m = meter((slo, budget) -> EventSink.of(EventSink.badEventsOnly(first::add),
        EventSink.badEventsOnly(second::add)));
    m.get(() -> "ok");
    m.recordBad(Duration.ZERO, "x");
    assertThat(first).containsExactly("x");
    assertThat(second).containsExactly("x");
  }

  @Test
  void aFailingBadOnlySinkIsCountedAndDoesNotStopTheNext() {
    SloRegistry registry = SloRegistry.builder()
        .recorder((slo, budget) -> EventSink.badEventsOnly(r -> {
          throw new IllegalStateException("broken recorder");
        }))
        .recorder(badOnly)
        .build();
    SloMeter m = registry.register(ServiceLevelObjective.builder("s").service("shop").objective("99.9").build());
    m.get(() -> "ok");
    assertThat(registry.recordingFailures()).as("a good event never reaches the failing bad-only sink").isZero();
    m.recordBad(Duration.ZERO, "x");
    assertThat(badReasons).containsExactly("x");
    assertThat(registry.recordingFailures()).isEqualTo(1);
  }
}
