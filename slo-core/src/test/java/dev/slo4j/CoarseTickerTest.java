package dev.slo4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slo4j.testing.Await;
import dev.slo4j.testing.FakeClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The coarse clock that stamps untimed events for the rolling budget (issue 17: no clock read per call). */
class CoarseTickerTest {

  private final FakeClock clock = new FakeClock();
  private final AtomicInteger sourceReads = new AtomicInteger();
  private final Ticker source = () -> {
    sourceReads.incrementAndGet();
    return clock.nanoTime();
  };
  private final AtomicInteger threadsStarted = new AtomicInteger();

  private CoarseTicker ticker(int idleTicks) {
    return new CoarseTicker(source, 1_000_000L, idleTicks, r -> {
      threadsStarted.incrementAndGet();
      Thread t = new Thread(r, "test-coarse-clock");
      t.setDaemon(true);
      return t;
    });
  }

  @Test
  void theFirstReadTakesTheSourceAndStartsTheThreadWhichThenFollowsTheSource() throws Exception {
    CoarseTicker t = ticker(Integer.MAX_VALUE);
    long first = clock.nanoTime();
    assertThat(t.read()).isEqualTo(first);
    assertThat(t.isRunning()).isTrue();
    clock.advance(Duration.ofSeconds(3));
    long later = clock.nanoTime();
    Await.until(Duration.ofSeconds(10), "the coarse clock follows its source", () -> t.read() == later);
    assertThat(threadsStarted).as("one thread, however many reads").hasValue(1);
  }

  @Test
  void readsBetweenTicksDoNotTouchTheSource() throws Exception {
    CoarseTicker t = ticker(Integer.MAX_VALUE);
    t.read();
    Await.until(Duration.ofSeconds(10), "a tick", () -> sourceReads.get() >= 2);
    int before = sourceReads.get();
    for (int i = 0; i < 1_000; i++) {
      t.read();
    }
    // 1,000 reads take well under the 1 ms tick... on a loaded machine a few ticks may pass, never one per read.
    assertThat(sourceReads.get() - before).isLessThan(100);
  }

  @Test
  void theThreadEndsWhenNobodyReadsAndTheNextReadRestartsItWithAFreshReading() throws Exception {
    CoarseTicker t = ticker(3);
    t.read();
    Await.until(Duration.ofSeconds(10), "the idle thread ends", () -> !t.isRunning());
    clock.advance(Duration.ofMinutes(5));
    assertThat(t.read()).as("not the stale copy: the source itself").isEqualTo(clock.nanoTime());
    Await.until(Duration.ofSeconds(10), "restarted", () -> threadsStarted.get() == 2);
  }

  @Test
  void withoutAThreadEveryReadFallsBackToTheSource() {
    CoarseTicker t = new CoarseTicker(source, 1_000_000L, 10, r -> {
      throw new SecurityException("no threads here");
    });
    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofSeconds(1));
      assertThat(t.read()).isEqualTo(clock.nanoTime());
    }
    assertThat(t.isRunning()).isFalse();
  }

  @Test
  void onlyTheSystemClockWithSlotsOfSecondsGetsTheSharedCoarseClock() {
    assertThat(CoarseTicker.forBudget(Ticker.system(), Duration.ofMinutes(1).toNanos())).isSameAs(CoarseTicker.shared());
    assertThat(CoarseTicker.forBudget(Ticker.system(), Duration.ofMillis(100).toNanos()))
        .as("a slot shorter than 100 ticks keeps the exact clock").isSameAs(Ticker.system());
    assertThat(CoarseTicker.forBudget(source, Duration.ofMinutes(1).toNanos()))
        .as("a test's clock stays exact").isSameAs(source);
  }
}
