package dev.slo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.slo4j.testing.FakeClock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Issue 15: {@link ResilienceListener#LOGGING} logs at most one line per policy and kind per interval. */
class LoggingResilienceListenerTest {

  private final FakeClock now = new FakeClock(123_456_789L);
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final LoggingResilienceListener listener =
      new LoggingResilienceListener(Duration.ofSeconds(10), now::nanoTime, lines::add, () -> true);

  private void degrade(String policy, Degradation how, int times) {
    for (int i = 0; i < times; i++) {
      listener.onDegraded(policy, how, new IOException("connection refused"));
      now.advanceNanos(1_000_000); // 1 ms apart
    }
  }

  @Test
  void twoHundredTwentyDegradedAnswersMakeOneLineAndTheNextAfterTheIntervalCountsThem() {
    degrade("payments", Degradation.FALLBACK, 220);
    assertThat(lines).containsExactly("payments: answered with fallback because of java.io.IOException: connection"
        + " refused (further degraded answers are summarized at most once every 10s)");

    now.setNanos(123_456_789L + Duration.ofSeconds(10).toNanos() - 1);
    degrade("payments", Degradation.FALLBACK, 1);
    assertThat(lines).as("still inside the interval").hasSize(1);

    now.setNanos(123_456_789L + Duration.ofSeconds(10).toNanos());
    degrade("payments", Degradation.FALLBACK, 1);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1)).isEqualTo("payments: 221 degraded answers (fallback) in the last 10s, latest because of"
        + " java.io.IOException: connection refused");

    now.advance(Duration.ofMinutes(5));
    degrade("payments", Degradation.FALLBACK, 1);
    assertThat(lines).hasSize(3);
    assertThat(lines.get(2)).startsWith("payments: 1 degraded answer (fallback) in the last 5m, latest because of");
  }

  @Test
  void concurrentDegradedAnswersMakeOneLineAndNoneIsLostFromTheCount() throws Exception {
    int threads = 4;
    int each = 5_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          go.await();
          for (int i = 0; i < each; i++) {
            listener.onDegraded("payments", Degradation.FALLBACK, null);
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(lines).hasSize(1);
    now.advance(Duration.ofSeconds(10));
    listener.onDegraded("payments", Degradation.FALLBACK, null);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1)).startsWith("payments: " + (threads * each) + " degraded answers (fallback) in the last 10s");
  }

  @Test
  void policiesAndKindsAreRateLimitedApart() {
    degrade("payments", Degradation.FALLBACK, 50);
    degrade("payments", Degradation.SHED, 50);
    degrade("search", Degradation.STALE, 50);
    assertThat(lines).hasSize(3);
    assertThat(lines).extracting(l -> l.substring(0, l.indexOf(" because"))).containsExactly(
        "payments: answered with fallback", "payments: answered with shed", "search: answered with stale");
  }

  @Test
  void badArgumentsAndAThrowingCauseNeverFailTheAnswer() {
    Throwable hostile = new RuntimeException() {
      @Override
      public String toString() {
        throw new IllegalStateException("toString broke");
      }
    };
    assertThatCode(() -> {
      listener.onDegraded(null, null, null);
      listener.onDegraded("payments", Degradation.FALLBACK, hostile);
    }).doesNotThrowAnyException();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("null: answered with unknown because of null");
    assertThat(lines.get(1)).startsWith("payments: answered with fallback because of dev.slo4j.LoggingResilienceListenerTest$1");

    LoggingResilienceListener broken = new LoggingResilienceListener(Duration.ofSeconds(10), now::nanoTime, line -> {
      throw new StackOverflowError();
    }, () -> true);
    assertThatCode(() -> broken.onDegraded("payments", Degradation.FALLBACK, null)).doesNotThrowAnyException();
  }

  @Test
  void policyNamesBeyondTheCapShareOneLine() {
    for (int i = 0; i < LoggingResilienceListener.MAX_POLICIES + 100; i++) {
      listener.onDegraded("policy-" + i, Degradation.FALLBACK, null);
    }
    assertThat(lines).hasSize(LoggingResilienceListener.MAX_POLICIES + 1);
    assertThat(lines).last().asString().startsWith(LoggingResilienceListener.OTHER_POLICIES + ": answered with");
  }

  @Test
  void nothingIsCountedWhenWarnIsOff() {
    LoggingResilienceListener off =
        new LoggingResilienceListener(Duration.ofSeconds(10), now::nanoTime, lines::add, () -> false);
    off.onDegraded("payments", Degradation.FALLBACK, null);
    assertThat(lines).isEmpty();
    assertThat(ResilienceListener.LOGGING).isInstanceOf(LoggingResilienceListener.class);
  }
}
