package dev.slo4j.benchmarks;

import dev.slo4j.budget.Objective;
import dev.slo4j.budget.AlertPolicy;
import dev.slo4j.budget.ErrorBudget;
import dev.slo4j.budget.ScaledTier;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The error-budget math per call, because the in-process budget view and the resilience helpers that read the budget
 * will evaluate it on request paths and on every scrape, where a microsecond per SLO would be noticed; and because
 * {@link AlertPolicy#tiersFor(Duration)} and the budget sizes use exact {@code BigDecimal} arithmetic, whose cost
 * should be known before anyone calls it per request.
 *
 * <ul>
 *   <li>{@code burnRate}: {@link ErrorBudget#burnRate(long, long)}, double arithmetic on two counters.
 *   <li>{@code remainingAndTimeToExhaustion}: what a budget gauge computes: remaining share and when it runs out
 *       ({@code BigDecimal}).
 *   <li>{@code allowedFullOutage}: the budget as outage time ({@code BigDecimal}).
 *   <li>{@code tiersFor}: the Workbook policy scaled to the SLO window (three tiers, exact burn rates).
 * </ul>
 *
 * <p>Counters change between calls (a state field the JIT cannot fold), so {@code burnRate} is not a constant.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar ErrorBudget -f 1 -wi 2 -i 3 -r 1 -w 1}. Results and the
 * machine are in {@code docs/performance.md}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ErrorBudgetBenchmark {

  /** The SLO window; 30d is the policy's reference (scale factor 1), 28d makes every window scale. */
  @Param({"30d", "28d"})
  public String window;

  private ErrorBudget budget;
  private AlertPolicy policy;
  private Duration sloWindow;
  private long bad;
  private long total;

  @Setup
  public void setUp() {
    sloWindow = Duration.ofDays(Long.parseLong(window.substring(0, window.length() - 1)));
    budget = ErrorBudget.of(Objective.parse("99.9%"), sloWindow);
    policy = AlertPolicy.workbook();
    bad = 37;
    total = 43_200_000;
  }

  /** Advances the counters as traffic would, so no call sees the same inputs twice in a row. */
  private void tick() {
    total += 1000;
    bad = (bad + 1) % 43_000;
  }

  @Benchmark
  public double burnRate() {
    tick();
    return budget.burnRate(bad, total);
  }

  @Benchmark
  public Optional<Duration> remainingAndTimeToExhaustion() {
    tick();
    double burn = budget.burnRate(bad, total);
    return budget.timeToExhaustion(budget.remaining(bad, total), burn);
  }

  @Benchmark
  public Duration allowedFullOutage() {
    return budget.allowedFullOutage();
  }

  @Benchmark
  public List<ScaledTier> tiersFor() {
    return policy.tiersFor(sloWindow);
  }
}
