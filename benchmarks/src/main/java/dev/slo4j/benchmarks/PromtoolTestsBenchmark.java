package dev.slo4j.benchmarks;

import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.rules.RuleGenerator;
import dev.slo4j.rules.RuleSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rendering the promtool test file of a fleet, at two sizes: the time per SLO must not grow with the number of SLOs
 * (it grew with its square until each SLO's alerts were indexed once: 8,096 SLOs took 112 s). Compare the two
 * {@code count}s' scores divided by {@code count}.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar PromtoolTests -f 1 -wi 2 -i 3}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class PromtoolTestsBenchmark {

  private static final RuleSet.Header HEADER =
      new RuleSet.Header("PromtoolTestsBenchmark", "java -jar benchmarks/target/benchmarks.jar PromtoolTests");

  @Param({"1000", "4000"})
  public int count;

  private RuleSet generated;

  @Setup(Level.Trial)
  public void setUp() {
    List<ServiceLevelObjective> slos = RuleGenerationBenchmark.fleet(count);
    generated = RuleGenerator.ofDefaults().generate(slos);
  }

  /** The promtool test file of {@code count} SLOs. */
  @Benchmark
  public String renderTests() {
    return generated.toPromtoolTests(HEADER, "rules.yml");
  }
}
