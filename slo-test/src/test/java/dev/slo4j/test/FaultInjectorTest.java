package dev.slo4j.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class FaultInjectorTest {

  private final TestClock clock = TestClock.create();

  private static List<Boolean> pattern(FaultInjector f, int n) {
    Supplier<String> call = f.supplier(() -> "ok");
    List<Boolean> failed = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      try {
        call.get();
        failed.add(false);
      } catch (InjectedFailure e) {
        failed.add(true);
      }
    }
    return failed;
  }

  @Test
  void theSameSeedFailsTheSameCallsAndAnotherSeedOthers() {
    List<Boolean> a = pattern(FaultInjector.of("payment", clock, 7).inject(Fault.errors(0.3)), 200);
    List<Boolean> b = pattern(FaultInjector.of("payment", TestClock.create(), 7).inject(Fault.errors(0.3)), 200);
    List<Boolean> c = pattern(FaultInjector.of("payment", TestClock.create(), 8).inject(Fault.errors(0.3)), 200);
    assertThat(a).isEqualTo(b).isNotEqualTo(c);
  }

  @Test
  void anErrorRateFailsThatShareOfCallsForEverySeedAndRate() {
    for (double rate : new double[] {0, 0.001, 0.05, 0.2, 0.5, 0.99, 1}) {
      for (long seed = 0; seed < 5; seed++) {
        FaultInjector f = FaultInjector.of("payment", clock, seed).inject(Fault.errors(rate));
        long failed = pattern(f, 20_000).stream().filter(x -> x).count();
        // 5 standard deviations of a binomial: fails by chance about once in 3.5 million runs.
        double sd = Math.sqrt(20_000 * rate * (1 - rate));
        assertThat((double) failed).as("rate %s seed %d", rate, seed).isBetween(20_000 * rate - 5 * sd - 1,
            20_000 * rate + 5 * sd + 1);
        assertThat(f.failures()).isEqualTo(failed);
        assertThat(f.calls()).isEqualTo(20_000);
      }
    }
  }

  @Test
  void anOutageForTenMinutesEndsByItselfWhenTheClockPassesIt() {
    FaultInjector f = FaultInjector.of("payment", clock, 1);
    f.inject(Fault.errors(0.0));
    f.inject(Fault.outage(), Duration.ofMinutes(10));
    Supplier<String> call = f.supplier(() -> "ok");
    assertThatThrownBy(call::get).isInstanceOf(InjectedFailure.class).hasMessage("payment: injected outage");
    clock.advance(Duration.ofMinutes(9).plusSeconds(59));
    assertThatThrownBy(call::get).isInstanceOf(InjectedFailure.class);
    clock.advance(Duration.ofSeconds(1));
    assertThat(call.get()).isEqualTo("ok");
    assertThat(f.fault()).hasToString("0% errors");
  }

  @Test
  void latencyMovesTheTestClockInsteadOfSleeping() {
    FaultInjector f = FaultInjector.of("search", clock, 1).inject(Fault.latency(Duration.ofMinutes(30)));
    long before = System.nanoTime();
    assertThat(f.supplier(() -> "ok").get()).isEqualTo("ok");
    assertThat(clock.elapsed()).isEqualTo(Duration.ofMinutes(30));
    assertThat(f.latencyAdded()).isEqualTo(Duration.ofMinutes(30));
    assertThat(System.nanoTime() - before).as("no real sleep").isLessThan(Duration.ofSeconds(5).toNanos());
  }

  @Test
  void aUniformLatencyStaysWithinItsBoundsAndALongTailHitsItsShare() {
    FaultInjector f = FaultInjector.of("search", clock, 3)
        .inject(Fault.latency(Latency.uniform(Duration.ofMillis(10), Duration.ofMillis(20))));
    Supplier<String> call = f.supplier(() -> "ok");
    for (int i = 0; i < 1_000; i++) {
      long at = clock.read();
      call.get();
      assertThat(clock.read() - at).isBetween(Duration.ofMillis(10).toNanos(), Duration.ofMillis(20).toNanos());
    }
    f.inject(Fault.latency(Latency.tail(Duration.ofMillis(5), 0.1, Duration.ofSeconds(2))));
    int slow = 0;
    for (int i = 0; i < 10_000; i++) {
      long at = clock.read();
      call.get();
      slow += clock.read() - at == Duration.ofSeconds(2).toNanos() ? 1 : 0;
    }
    assertThat(slow).isBetween(850, 1150);
  }

  @Test
  void pushbackCarriesItsRetryAfterOrFailsWithTheClientsOwnException() {
    FaultInjector f = FaultInjector.of("payment", clock, 1).inject(Fault.pushback(Duration.ofSeconds(30)));
    assertThatThrownBy(f.supplier(() -> "ok")::get).isInstanceOfSatisfying(InjectedFailure.class,
        e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(30)));
    f.inject(Fault.pushback(Duration.ofSeconds(5), d -> new IOException("503, Retry-After " + d.toSeconds())));
    assertThatThrownBy(f.callable(() -> "ok")::call).isInstanceOf(IOException.class)
        .hasMessage("503, Retry-After 5");
  }

  @Test
  void aSlowStartFadesLinearlyOverItsWarmUp() {
    FaultInjector f = FaultInjector.of("search", clock, 1)
        .inject(Fault.slowStart(Duration.ofMinutes(10), Duration.ofSeconds(2)));
    Supplier<String> call = f.supplier(() -> "ok");
    long at = clock.read();
    call.get();
    assertThat(clock.read() - at).isEqualTo(Duration.ofSeconds(2).toNanos());
    clock.advance(Duration.ofMinutes(5));
    at = clock.read();
    call.get();
    assertThat(clock.read() - at).isBetween(Duration.ofMillis(990).toNanos(), Duration.ofMillis(1010).toNanos());
    clock.advance(Duration.ofMinutes(5));
    at = clock.read();
    call.get();
    assertThat(clock.read() - at).isZero();
  }

  @Test
  void anAsynchronousCallFailsItsStageInsteadOfThrowing() {
    FaultInjector f = FaultInjector.of("payment", clock, 1).inject(Fault.outage());
    var stage = f.stage(() -> CompletableFuture.completedFuture("ok")).get();
    assertThatThrownBy(() -> stage.toCompletableFuture().join()).isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(InjectedFailure.class);
    f.heal();
    assertThat(f.stage(() -> CompletableFuture.completedFuture("ok")).get().toCompletableFuture().join())
        .isEqualTo("ok");
  }

  @Test
  void errorsAndLatencyCombine() {
    Fault both = Fault.errors(0.5).and(Fault.latency(Duration.ofMillis(100)));
    assertThat(both).hasToString("50% errors and 100ms");
    assertThat(both.errorRate()).isEqualTo(0.5);
    assertThat(Fault.errors(0.5).and(Fault.errors(0.5)).errorRate()).isEqualTo(0.75);
    assertThatThrownBy(() -> Fault.latency(Duration.ofMillis(1)).and(Fault.latency(Duration.ofMillis(2))))
        .hasMessageContaining("both faults add latency");
  }

  @Test
  void badFaultsAreRefusedWithTheValueAndTheBound() {
    assertThatThrownBy(() -> Fault.errors(1.5)).hasMessage(
        "error rate 1.5 is outside [0, 1]; give a share of calls, e.g. 0.2 for 20%");
    assertThatThrownBy(() -> Fault.errors(Double.NaN)).hasMessageContaining("error rate NaN is outside [0, 1]");
    assertThatThrownBy(() -> Latency.fixed(Duration.ofHours(2))).hasMessage(
        "latency min PT2H is outside [0, PT1H]");
    assertThatThrownBy(() -> Latency.uniform(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("latency max PT1S is below min PT2S");
    assertThatThrownBy(() -> FaultInjector.of("p", clock, 1).inject(Fault.outage(), Duration.ZERO))
        .hasMessage("a fault lasts more than 0s and at most 400 days, was PT0S");
    assertThatThrownBy(() -> FaultInjector.of(" ", clock, 1)).hasMessageContaining("needs a name");
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).hasMessageContaining("time only moves forward");
  }
}
