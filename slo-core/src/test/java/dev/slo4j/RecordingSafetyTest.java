package dev.slo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slo4j.EventSink;
import dev.slo4j.testing.FakeClock;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 15: recording never throws into business code. A sink that throws anything but a fatal VM error is counted
 * and the next recorder still gets the event; bad arguments to the "never throws" methods are counted and corrected.
 */
class RecordingSafetyTest {

  record Event(boolean good, long nanos, String reason) {}

  /** A custom Error, as a buggy library might define. */
  static final class SinkError extends Error {
    SinkError() {
      super("sink broke");
    }
  }

  private static final long TEN_YEARS = Duration.ofDays(3650).toNanos();

  private final FakeClock now = new FakeClock(1_000_000_000L);
  private final List<Event> events = new CopyOnWriteArrayList<>();

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> void sneakyThrow(Throwable t) throws E {
    throw (E) t;
  }

  private static int recurse(int depth) {
    return recurse(depth + 1) + 1;
  }

  static List<Supplier<Throwable>> sinkFailures() {
    return List.of(SinkError::new, StackOverflowError::new, () -> new IOException("sneaky"),
        () -> new AssertionError("assert"), () -> new IllegalStateException("closed"));
  }

  /** A registry whose first recorder throws {@code failure} and whose second records into {@link #events}. */
  private SloRegistry brokenFirst(Runnable failure) {
    return SloRegistry.builder()
        .recorder((slo, budget) -> (good, nanos, reason) -> failure.run())
        .recorder((slo, budget) -> (good, nanos, reason) -> events.add(new Event(good, nanos, reason)))
        .ticker(now::nanoTime)
        .build();
  }

  private static ServiceLevelObjective.Builder slo(String name) {
    return ServiceLevelObjective.builder(name).service("shop").objective("99.9");
  }

  @ParameterizedTest
  @MethodSource("sinkFailures")
  void aSinkThrowingAnythingNonFatalNeitherReachesTheCallerNorSilencesTheNextRecorder(Supplier<Throwable> failure)
      throws Exception {
    SloRegistry slos = brokenFirst(() -> sneakyThrow(failure.get()));
    SloMeter meter = slos.register(slo("checkout").build());

    assertThat(meter.get(() -> "business result")).isEqualTo("business result");
    assertThat(meter.call(() -> 42)).isEqualTo(42);
    IllegalStateException business = new IllegalStateException("business failure");
    assertThatThrownBy(() -> meter.run(() -> {
      throw business;
    })).isSameAs(business);

    assertThat(events).extracting(Event::good).containsExactly(true, true, false);
    assertThat(slos.recordingFailures()).isEqualTo(3);
    assertThat(meter.budget().burnRate(Duration.ofMinutes(5))).as("the local budget still counted")
        .isEqualTo((1.0 / 3) / 0.001, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void aRealStackOverflowInASinkIsCaughtAndCounted() {
    SloRegistry slos = brokenFirst(() -> recurse(0));
    SloMeter meter = slos.register(slo("checkout").build());
    assertThat(meter.get(() -> "ok")).isEqualTo("ok");
    assertThat(events).containsExactly(new Event(true, 0, null));
    assertThat(slos.recordingFailures()).isEqualTo(1);
  }

  @Test
  void everyRecordingPathSurvivesASneakyCheckedException() {
    SloRegistry slos = brokenFirst(() -> sneakyThrow(new IOException("sneaky")));
    SloMeter meter = slos.register(slo("checkout").build());
    meter.recordGood(Duration.ofMillis(1));
    meter.recordBad(Duration.ofMillis(2), "timeout");
    meter.recordFailure(Duration.ofMillis(3), new IllegalStateException());
    meter.recordResult(Duration.ofMillis(4), "fine");
    meter.stop(meter.start(), "fine", null);
    meter.stop(meter.start(), meter.start(), null, new IllegalStateException());
    CompletableFuture<String> f = new CompletableFuture<>();
    assertThat(meter.stage(() -> f)).isSameAs(f);
    assertThat(f.complete("async")).isTrue();
    assertThat(f.join()).isEqualTo("async");
    assertThat(events).hasSize(7);
    assertThat(slos.recordingFailures()).isEqualTo(7);
  }

  @Test
  void fatalVmErrorsAreNotSwallowed() {
    SloMeter oom = brokenFirst(() -> {
      throw new OutOfMemoryError("heap");
    }).register(slo("checkout").build());
    assertThatThrownBy(() -> oom.get(() -> "ok")).isInstanceOf(OutOfMemoryError.class);
    SloMeter internal = brokenFirst(() -> {
      throw new InternalError("jvm");
    }).register(slo("checkout").build());
    assertThatThrownBy(() -> internal.recordGood(Duration.ZERO)).isInstanceOf(InternalError.class);
  }

  @Test
  void aThrowingResultPredicateCountsTheCallAsGoodAndIsCounted() {
    SloRegistry slos = brokenFirst(() -> {});
    SloMeter meter = slos.register(slo("lookup").sli(AvailabilitySli.builder().badResult(r -> {
      throw new IllegalStateException("predicate bug");
    }).build()).build());
    assertThat(meter.get(() -> "value")).isEqualTo("value");
    assertThat(events).containsExactly(new Event(true, 0, null));
    assertThat(slos.recordingFailures()).isEqualTo(1);
  }

  @Test
  void eventSinkOfRunsEverySinkAndRethrowsTheFirstFailureUnchanged() {
    List<String> ran = new CopyOnWriteArrayList<>();
    IOException sneaky = new IOException("sneaky");
    EventSink all = EventSink.of((g, n, r) -> sneakyThrow(sneaky), (g, n, r) -> {
      throw new StackOverflowError();
    }, (g, n, r) -> ran.add("third"));
    assertThatThrownBy(() -> all.record(true, 0, null)).isSameAs(sneaky)
        .satisfies(t -> assertThat(t.getSuppressed()).singleElement().isInstanceOf(StackOverflowError.class));
    assertThat(ran).containsExactly("third");
  }

  // ---- bad arguments to the methods documented "never throws" ----

  private final SloRegistry registry = SloRegistry.builder()
      .recorder((slo, budget) -> (good, nanos, reason) -> events.add(new Event(good, nanos, reason)))
      .ticker(now::nanoTime)
      .build();

  record BadCall(String name, Consumer<SloMeter> call, Event recorded) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<BadCall> badArguments() {
    Duration huge = Duration.ofSeconds(Long.MAX_VALUE);
    Duration overflowingNanos = Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L + 1);
    return List.of(
        new BadCall("recordGood(null)", m -> m.recordGood(null), new Event(true, 0, null)),
        new BadCall("recordGood(-1ms)", m -> m.recordGood(Duration.ofMillis(-1)), new Event(true, 0, null)),
        new BadCall("recordGood(MIN)", m -> m.recordGood(Duration.ofSeconds(Long.MIN_VALUE)),
            new Event(true, 0, null)),
        new BadCall("recordGood(huge)", m -> m.recordGood(huge), new Event(true, TEN_YEARS, null)),
        new BadCall("recordGood(nanos overflow)", m -> m.recordGood(overflowingNanos),
            new Event(true, TEN_YEARS, null)),
        new BadCall("recordBad(null, null)", m -> m.recordBad(null, null),
            new Event(false, 0, SloMeter.REASON_OTHER)),
        new BadCall("recordBad(-1ms)", m -> m.recordBad(Duration.ofMillis(-1), "timeout"),
            new Event(false, 0, "timeout")),
        new BadCall("recordBad(huge)", m -> m.recordBad(huge, "timeout"), new Event(false, TEN_YEARS, "timeout")),
        new BadCall("recordFailure(1ms, null)", m -> m.recordFailure(Duration.ofMillis(1), null),
            new Event(false, 1_000_000, SloMeter.REASON_OTHER)),
        new BadCall("recordFailure(null, e)", m -> m.recordFailure(null, new IllegalStateException()),
            new Event(false, 0, IllegalStateException.class.getName())),
        new BadCall("recordFailure(-1ms, e)", m -> m.recordFailure(Duration.ofMillis(-1), new IllegalStateException()),
            new Event(false, 0, IllegalStateException.class.getName())),
        new BadCall("recordFailure(huge, e)", m -> m.recordFailure(huge, new IllegalStateException()),
            new Event(false, TEN_YEARS, IllegalStateException.class.getName())),
        new BadCall("recordResult(null, r)", m -> m.recordResult(null, "r"), new Event(true, 0, null)),
        new BadCall("recordResult(-1ms, r)", m -> m.recordResult(Duration.ofMillis(-1), "r"), new Event(true, 0, null)),
        new BadCall("recordResult(huge, r)", m -> m.recordResult(huge, "r"), new Event(true, TEN_YEARS, null)),
        new BadCall("stop(start in the future)", m -> m.stop(m.start() + 5, "r", null), new Event(true, 0, null)),
        new BadCall("stop(start, end before start)", m -> m.stop(100, 50, "r", null), new Event(true, 0, null)),
        new BadCall("stop(start, end 20 years on)", m -> m.stop(0, 2 * TEN_YEARS, "r", null),
            new Event(true, TEN_YEARS, null)),
        new BadCall("stopOnCompletion(start, null)", m -> m.stopOnCompletion(m.start(), null),
            new Event(true, 0, null)));
  }

  @ParameterizedTest
  @MethodSource("badArguments")
  void aBadArgumentIsCountedNotThrownAndTheEventStillRecorded(BadCall bad) {
    SloMeter meter = registry.register(slo("consumer").build());
    bad.call().accept(meter);
    assertThat(events).containsExactly(bad.recorded());
    assertThat(registry.recordingFailures()).isEqualTo(1);
    assertThat(meter.budget().burnRate(Duration.ofMinutes(5))).as("the local budget counted it too")
        .isEqualTo(bad.recorded().good() ? 0.0 : 1 / 0.001);
  }

  @Test
  void aLatencySloJudgesACorrectedDurationByTime() {
    SloMeter meter = registry.register(slo("search").sli(LatencySli.of(Duration.ofMillis(300))).build());
    meter.recordFailure(Duration.ofMillis(5), null);
    meter.recordResult(Duration.ofSeconds(Long.MAX_VALUE), "r");
    meter.recordResult(Duration.ofMillis(-5), "r");
    assertThat(events).containsExactly(new Event(true, 5_000_000, null),
        new Event(false, TEN_YEARS, EventSink.REASON_OVER_THRESHOLD), new Event(true, 0, null));
    assertThat(registry.recordingFailures()).isEqualTo(3);
  }

  @Test
  void aGoodArgumentIsNotCounted() {
    SloMeter meter = registry.register(slo("consumer").build());
    meter.recordGood(Duration.ZERO);
    meter.recordGood(Duration.ofDays(3650));
    meter.stop(meter.start(), null, null);
    // nanoTime-style readings: the difference is right across a wrap of the long.
    meter.stop(Long.MAX_VALUE, Long.MIN_VALUE, null, null);
    assertThat(events).extracting(Event::nanos).containsExactly(0L, TEN_YEARS, 0L, 1L);
    assertThat(registry.recordingFailures()).isZero();
  }
}
