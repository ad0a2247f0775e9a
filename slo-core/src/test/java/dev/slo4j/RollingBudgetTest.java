package dev.slo4j;

import dev.slo4j.budget.BudgetStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.slo4j.LatencySli;
import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.testing.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class RollingBudgetTest {

  private static final Duration M5 = Duration.ofMinutes(5);
  private static final Duration M30 = Duration.ofMinutes(30);
  private static final Duration H1 = Duration.ofHours(1);
  private static final Duration H6 = Duration.ofHours(6);
  private static final Duration D3 = Duration.ofDays(3);

  private final FakeClock now = new FakeClock(7_000_000_000_000L);
  private final RollingBudget budget = RollingBudget.of(ServiceLevelObjective.builder("checkout").service("shop").objective("99.9").build(), now::nanoTime);

  /** {@code perMinute} events a minute for {@code minutes}, {@code badPerMinute} of them bad, spread evenly. */
  private void traffic(int minutes, int perMinute, int badPerMinute) {
    long step = Duration.ofMinutes(1).toNanos() / perMinute;
    for (int m = 0; m < minutes; m++) {
      for (int i = 0; i < perMinute; i++) {
        budget.record(i >= badPerMinute);
        now.advanceNanos(step);
      }
    }
  }

  @Test
  void theWindowsAreThoseOfTheAlertPolicy() {
    assertThat(budget.windows()).containsExactly(M5, M30, H1, H6, D3);
    ServiceLevelObjective daily = ServiceLevelObjective.builder("daily").service("shop").objective("99").window("1d").sli(LatencySli.of(Duration.ofMillis(100))).build();
    assertThat(RollingBudget.of(daily, now::nanoTime).windows())
        .containsExactly(Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(12),
            Duration.ofMinutes(144));
  }

  @Test
  void noTrafficIsNoBurnAndAnUntouchedBudget() {
    assertThat(budget.burnRate(M5)).isZero();
    assertThat(budget.remaining()).isEqualTo(1.0);
    assertThat(budget.status()).isEqualTo(BudgetStatus.HEALTHY);
  }

  @Test
  void aSteadyErrorRatioBurnsEveryWindowAlike() {
    traffic(8 * 60, 100, 1); // 1% errors for 8 hours: 10x a 99.9% budget
    // The one bad event of each minute is its first: the worst case for the oldest slot, which is weighted as if its
    // events were spread evenly. The error is at most one slot's events: a fine slot (1 minute) for windows up to
    // 6 hours, a coarse one (1 hour) beyond.
    for (Duration w : List.of(M5, M30, H1, H6)) {
      assertThat(budget.burnRate(w)).as(w.toString()).isCloseTo(10.0, within(10.0 * 60 / w.toSeconds()));
    }
    assertThat(budget.burnRate(D3)).isCloseTo(10.0, within(1e-6)); // less than 3 days of traffic: no edge
    // 48,000 events with 480 bad spend 10x the 0.1% budget: 9 budgets overspent.
    assertThat(budget.remaining()).isCloseTo(-9.0, within(1e-6));
    assertThat(budget.status()).isEqualTo(BudgetStatus.EXHAUSTED);
  }

  @Test
  void anOutageBurnsTheShortWindowsFirstAndLeavesThemAfterRecovery() {
    // A week of clean traffic first, so that the budget is not exhausted by the outage.
    traffic(7 * 24 * 60, 10, 0);
    assertThat(budget.status()).isEqualTo(BudgetStatus.HEALTHY);

    traffic(10, 10, 10); // 10 minutes of full outage
    assertThat(budget.burnRate(M5)).isCloseTo(1000.0, within(1e-6));
    // 100 bad of the last hour's 600 events: 1/6 error ratio, 166.7x; within one fine slot (1 minute) of that.
    assertThat(budget.burnRate(H1)).isCloseTo(1000.0 / 6, within(1000.0 / 60));
    assertThat(budget.status()).isEqualTo(BudgetStatus.BURNING);
    assertThat(budget.remaining()).isCloseTo(1 - (100.0 / (7 * 24 * 60 * 10 + 100)) / 0.001, within(1e-3));

    traffic(6, 10, 0); // recovered: the 5-minute window holds good events only, the 30-minute one still burns
    assertThat(budget.burnRate(M5)).isZero();
    assertThat(budget.burnRate(H1)).isGreaterThan(14.4);
    assertThat(budget.burnRate(M30)).isGreaterThan(6.0);
    assertThat(budget.status()).as("the 6h/30m page tier still holds").isEqualTo(BudgetStatus.BURNING);

    traffic(30, 10, 0); // both page tiers' short windows are clean; the ticket tier (3d/6h at 1x) still holds
    assertThat(budget.burnRate(M30)).isZero();
    assertThat(budget.burnRate(H6)).isGreaterThan(1.0);
    assertThat(budget.status()).isEqualTo(BudgetStatus.BURNING);

    traffic(6 * 60, 10, 0); // six clean hours: no tier's short window burns any more
    assertThat(budget.burnRate(H6)).isZero();
    assertThat(budget.burnRate(D3)).isGreaterThan(1.0);
    assertThat(budget.status()).isEqualTo(BudgetStatus.HEALTHY);
  }

  @Test
  void aThirtyDayWindowForgetsWhatIsOlder() {
    traffic(60, 100, 100); // an hour of outage: the budget is exhausted
    assertThat(budget.status()).isEqualTo(BudgetStatus.EXHAUSTED);
    // 30 days and one coarse slot (an hour) later, the outage has left even the oldest, partly weighted slot.
    now.advance(Duration.ofDays(30).plusHours(1));
    traffic(1, 100, 0);
    assertThat(budget.remaining()).isEqualTo(1.0);
    assertThat(budget.burnRate(D3)).isZero();
    now.advance(Duration.ofSeconds(1));
    assertThat(budget.status()).isEqualTo(BudgetStatus.HEALTHY);
  }

  @Test
  void thirtyDaysOfTrafficReadFromTheCoarseRing() {
    // One event a minute for 30 days, one bad a day: 30 of 43,200, a 0.069% error ratio, 69% of the budget spent.
    for (int minute = 0; minute < 30 * 24 * 60; minute++) {
      budget.record(minute % (24 * 60) != 0);
      now.advance(Duration.ofMinutes(1));
    }
    // Each bad event opens its hour, the worst case for the oldest, partly weighted coarse slot: within one bad event.
    assertThat(budget.remaining()).isCloseTo(1 - (30.0 / 43_200) / 0.001, within((1.0 / 43_200) / 0.001));
    assertThat(budget.burnRate(D3)).isCloseTo((3.0 / 4320) / 0.001, within((1.0 / 4320) / 0.001));
  }

  /**
   * Four threads record {@code PER_THREAD} events each, two only good and two only bad, the fake clock advancing by
   * {@code step} every 1,000 events of a thread so that slots rotate under the writers; {@code whileRunning} runs on
   * this thread until they finish.
   */
  private void recordFromFourThreads(Duration step, Runnable whileRunning) throws InterruptedException {
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      boolean good = t % 2 == 0;
      Thread w = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        for (int i = 0; i < PER_THREAD; i++) {
          budget.record(good);
          if (i % 1000 == 0) {
            now.advance(step);
          }
        }
      });
      workers.add(w);
      w.start();
    }
    start.countDown();
    while (workers.stream().anyMatch(Thread::isAlive)) {
      whileRunning.run();
    }
    for (Thread w : workers) {
      w.join();
    }
  }

  private static final int PER_THREAD = 200_000;

  @Test
  void concurrentRecordingLosesNoEventAcrossSlotBoundaries() throws InterruptedException {
    recordFromFourThreads(Duration.ofMillis(200), Thread::onSpinWait);
    // 800 x 200 ms = 160 s of fake time, inside the 30-minute window: exactly half the events are bad.
    assertThat(budget.burnRate(M30)).isCloseTo(500.0, within(1e-9));
    assertThat(budget.remaining()).isCloseTo(1 - 500.0, within(1e-9));
  }

  /**
   * The good-events count that slo-micrometer publishes as its counter: exact once writers stop, and never lower than
   * a previous reading while they write and slots rotate (and the fine ring wraps) under them: a counter that steps
   * down reads as a reset.
   */
  @Test
  void goodEventsAreExactAndNeverStepBackWhileThreadsRecordAcrossSlots() throws InterruptedException {
    List<Long> readings = new ArrayList<>();
    recordFromFourThreads(Duration.ofMinutes(7), () -> readings.add(budget.goodEvents()));
    readings.add(budget.goodEvents());
    assertThat(readings).isSorted();
    assertThat(readings.size()).isGreaterThan(10);
    assertThat(budget.goodEvents()).isEqualTo(2L * PER_THREAD);
  }

  @Test
  void onlyThePolicyWindowsCanBeAsked() {
    assertThatThrownBy(() -> budget.burnRate(Duration.ofMinutes(7)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT7M")
        .hasMessageContaining("'checkout'")
        .hasMessageContaining("ask for one of those");
  }
}
