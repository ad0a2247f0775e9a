package dev.slo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slo4j.EventSink;
import dev.slo4j.testing.FakeClock;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SloMeterTest {

  record Event(boolean good, long nanos, String reason) {}

  private final FakeClock now = new FakeClock();
  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final SloRegistry registry = SloRegistry.builder()
      .recorder((slo, budget) -> (good, nanos, reason) -> events.add(new Event(good, nanos, reason)))
      .ticker(now::nanoTime)
      .build();

  private static ServiceLevelObjective.Builder slo(String name) {
    return ServiceLevelObjective.builder(name).service("shop").objective("99.9");
  }

  @Test
  void onlyBadOnTypesAreBadAndGoodOnTypesAreExempt() throws Exception {
    SloMeter meter = registry.register(slo("files")
        .sli(AvailabilitySli.builder().badOn(IOException.class).goodOn(FileNotFoundException.class).build()).build());
    for (Exception e : List.of(new IOException(), new FileNotFoundException(), new IllegalStateException())) {
      assertThatThrownBy(() -> meter.call(() -> {
        throw e;
      })).isSameAs(e);
    }
    assertThat(events).extracting(Event::good, Event::reason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(false, "java.io.IOException"),
            org.assertj.core.groups.Tuple.tuple(true, null),
            org.assertj.core.groups.Tuple.tuple(true, null));
  }

  @Test
  void aResultThePredicateMarksIsBadWithoutAnException() {
    SloMeter meter = registry.register(slo("lookup")
        .sli(AvailabilitySli.builder().badResult(r -> r instanceof Optional<?> o && o.isEmpty()).build()).build());
    meter.get(() -> Optional.of("found"));
    meter.get(Optional::empty);
    assertThat(events).extracting(Event::good).containsExactly(true, false);
    assertThat(events.get(1).reason()).isEqualTo(EventSink.REASON_BAD_RESULT);
  }

  @Test
  void latencyIsJudgedByTimeOnlyAndTheDurationIsRecorded() {
    SloMeter meter = registry.register(slo("search").sli(LatencySli.of(Duration.ofMillis(300))).build());
    meter.run(() -> now.advance(Duration.ofMillis(300)));
    assertThatThrownBy(() -> meter.run(() -> {
      now.advance(Duration.ofMillis(301));
      throw new IllegalStateException("slow and failed");
    })).hasMessage("slow and failed");
    assertThat(events).containsExactly(new Event(true, 300_000_000L, null),
        new Event(false, 301_000_000L, EventSink.REASON_OVER_THRESHOLD));
  }

  @Test
  void asyncCallsAreJudgedAtCompletionByTheCauseOfTheFailure() {
    SloMeter meter = registry.register(slo("async").sli(
        AvailabilitySli.builder().goodOn(IllegalArgumentException.class).build()).build());
    CompletableFuture<String> f = new CompletableFuture<>();
    assertThat(meter.stage(() -> f)).isSameAs(f);
    assertThat(events).isEmpty();
    now.advanceNanos(5_000);
    f.completeExceptionally(new java.util.concurrent.CompletionException(new UncheckedIOException(new IOException())));
    assertThat(events).containsExactly(new Event(false, 5_000, UncheckedIOException.class.getName()));
  }

  @Test
  void byHandRecordingFeedsTheSinkAndTheLocalBudget() {
    SloMeter meter = registry.register(slo("consumer").build());
    meter.recordGood(Duration.ofMillis(3));
    meter.recordBad(Duration.ofMillis(4), "timeout");
    meter.recordFailure(Duration.ofMillis(5), new IllegalStateException());
    meter.recordResult(Duration.ofMillis(6), "fine");
    assertThat(events).containsExactly(new Event(true, 3_000_000, null), new Event(false, 4_000_000, "timeout"),
        new Event(false, 5_000_000, IllegalStateException.class.getName()), new Event(true, 6_000_000, null));
    assertThat(meter.budget().burnRate(Duration.ofMinutes(5))).isEqualTo(0.5 / 0.001);
    assertThat(registry.recordingFailures()).isZero();
    meter.recordGood(Duration.ofMillis(-1));
    assertThat(events).last().isEqualTo(new Event(true, 0, null));
    assertThat(registry.recordingFailures()).as("a negative duration is counted, not thrown").isEqualTo(1);
  }

  @Test
  void aBrokenRecorderIsCountedAndTheCallerGetsItsResult() {
    SloRegistry broken = SloRegistry.builder().recorder((slo, budget) -> (good, nanos, reason) -> {
      throw new IllegalStateException("registry closed");
    }).ticker(now::nanoTime).build();
    SloMeter meter = broken.register(slo("checkout").build());
    assertThat(meter.get(() -> 42)).isEqualTo(42);
    meter.recordGood(Duration.ZERO);
    assertThat(broken.recordingFailures()).isEqualTo(2);
    assertThat(meter.budget().burnRate(Duration.ofMinutes(5))).as("the local budget still counted").isZero();
  }

  @Test
  void registeringTwiceReturnsTheSameMeterButAnotherSloMayNotTakeTheName() {
    SloMeter first = registry.register(slo("checkout").build());
    assertThat(registry.register(slo("checkout").build())).isSameAs(first);
    assertThat(registry.find("checkout")).containsSame(first);
    assertThatThrownBy(() -> registry.register(ServiceLevelObjective.builder("checkout").service("shop").objective("99").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SLO 'checkout' is already registered")
        .hasMessageContaining("give one of them another name");
    assertThat(registry.meters()).containsExactly(first);
  }

  @Test
  void anSloOverExistingMetricsIsNotRecorded() {
    ServiceLevelObjective queries = slo("http").sli(AvailabilitySli.fromQueries(PromQlEvents.badOverTotal(
        "sum(rate(http_requests_total{code=~\"5..\"}[{{.window}}]))", "sum(rate(http_requests_total[{{.window}}]))")))
        .build();
    assertThatThrownBy(() -> registry.register(queries))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("takes its events from PromQL queries");
  }
}
