package dev.slo4j.benchmarks;

import dev.slo4j.LatencySli;
import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.rules.RuleGenerator;
import dev.slo4j.rules.RuleSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The rule generator at fleet scale: rules for 1,000 SLOs (half availability, half latency; 20 services; objectives
 * from 99% to 99.99%; 30-day and 28-day windows), alone and rendered to a Prometheus rule file, as a CLI or a build
 * plugin runs it for a whole organisation.
 *
 * <p>Its setup also prints the recorded series per SLO, slo4j's against Sloth's (counted in Sloth's rules for its
 * getting-started SLO, {@code reference/sloth/_gen/getting-started.yml}: 15), because every recorded series is kept
 * for the whole retention by every Prometheus that evaluates the rules.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar RuleGeneration -f 1 -wi 2 -i 3} (5-second iterations: one
 * operation takes 10 to 100 ms, and shorter iterations end before the JIT settles). Results and the machine
 * they were taken on are in {@code docs/performance.md}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class RuleGenerationBenchmark {

  static final int SLOS = 1_000;
  static final int SERVICES = 20;
  /** Recording rules Sloth generates for one SLO: {@code record:} in its getting-started {@code _gen} file. */
  static final int SLOTH_RECORDING_RULES_PER_SLO = 15;
  /** Where the Sloth reference is when the benchmark runs from the repository root (overridable). */
  static final String SLOTH_GEN_PROPERTY = "slo4j.sloth.gen";

  private static final RuleSet.Header HEADER =
      new RuleSet.Header("RuleGenerationBenchmark", "java -jar benchmarks/target/benchmarks.jar RuleGeneration");

  private RuleGenerator generator;
  private List<ServiceLevelObjective> slos;
  private RuleSet generated;

  @Setup(Level.Trial)
  public void setUp() {
    generator = RuleGenerator.ofDefaults();
    slos = fleet(SLOS);
    generated = generator.generate(slos);
    printSeriesPerSlo(generated);
  }

  /** Generation alone: the rule model of 1,000 SLOs. */
  @Benchmark
  public RuleSet generate() {
    return generator.generate(slos);
  }

  /** Rendering alone: the rule file of an already generated rule set. */
  @Benchmark
  public String render() {
    return generated.toPrometheusRules(HEADER);
  }

  /** What the CLI does: generate and render the rule file of 1,000 SLOs. */
  @Benchmark
  public String generateAndRender() {
    return generator.generate(slos).toPrometheusRules(HEADER);
  }

  /**
   * {@code count} SLOs over {@link #SERVICES} services: even ones availability, odd ones latency (thresholds 100ms to
   * 2s), objectives cycling through 99%, 99.5%, 99.9%, 99.95% and 99.99%, one in four over 28 days, some with team
   * labels.
   */
  static List<ServiceLevelObjective> fleet(int count) {
    String[] objectives = {"99%", "99.5%", "99.9%", "99.95%", "99.99%"};
    long[] thresholdsMs = {100, 250, 300, 500, 1000, 2000};
    List<ServiceLevelObjective> slos = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String service = "service-" + (i % SERVICES);
      ServiceLevelObjective.Builder b = ServiceLevelObjective.builder((i % 2 == 0 ? "availability-" : "latency-") + i)
          .service(service)
          .objective(objectives[i % objectives.length])
          .window(i % 4 == 3 ? Duration.ofDays(28) : Duration.ofDays(30));
      if (i % 2 == 1) {
        b.sli(LatencySli.of(Duration.ofMillis(thresholdsMs[(i / 2) % thresholdsMs.length])));
      }
      if (i % 3 == 0) {
        b.label("team", "team-" + (i % 7));
      }
      slos.add(b.build());
    }
    return slos;
  }

  static void printSeriesPerSlo(RuleSet rules) {
    long recording = rules.recordingRuleCount();
    double perSlo = (double) recording / rules.slos().size();
    int sloth = slothRecordingRulesPerSlo();
    System.out.printf("%nRecorded series per SLO (per service label set): slo4j %.1f (%d recording rules for %d SLOs,"
        + " %d rule groups, %d warnings), Sloth %d; slo4j records %.0f%% of Sloth's series%n",
        perSlo, recording, rules.slos().size(), rules.groups().size(), rules.warnings().size(), sloth,
        100 * perSlo / sloth);
  }

  /** Counts {@code record:} in Sloth's generated getting-started rules when they are at hand, else the known 15. */
  static int slothRecordingRulesPerSlo() {
    Path gen = Path.of(System.getProperty(SLOTH_GEN_PROPERTY, "../shared/reference/sloth/_gen/getting-started.yml"));
    if (Files.isRegularFile(gen)) {
      try (var lines = Files.lines(gen)) {
        return (int) lines.filter(l -> l.trim().startsWith("- record:")).count();
      } catch (IOException | RuntimeException e) {
        return SLOTH_RECORDING_RULES_PER_SLO;
      }
    }
    return SLOTH_RECORDING_RULES_PER_SLO;
  }
}
