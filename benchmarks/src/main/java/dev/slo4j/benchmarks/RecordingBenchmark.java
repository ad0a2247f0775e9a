package dev.slo4j.benchmarks;

import dev.slo4j.LatencySli;
import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.SloMeter;
import dev.slo4j.SloRegistry;
import dev.slo4j.micrometer.MicrometerSloRecorder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The recording path of a call measured by two SLOs (availability and latency, as an {@code @Slo} interceptor records
 * them) against the same work recorded by bare Micrometer: a {@code Timer} with the same SLO bucket plus a {@code
 * Counter}, on the same Prometheus registry. slo4j adds the judging, the local rolling budget and the failure guard.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar Recording -prof gc            (one thread)
 * java -jar benchmarks/target/benchmarks.jar Recording -prof gc -t 2       (two threads)</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RecordingBenchmark {

  private Timer timer;
  private Counter counter;
  private SloMeter availability;
  private SloMeter latency;

  @Setup
  public void setUp() {
    PrometheusMeterRegistry baseline = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    timer = Timer.builder("bare.latency").tag("slo", "search").serviceLevelObjectives(Duration.ofMillis(300))
        .register(baseline);
    counter = Counter.builder("bare.events").tag("slo", "search").tag("outcome", "good").register(baseline);

    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    SloRegistry slos = SloRegistry.create(new MicrometerSloRecorder(registry));
    availability = slos.register(ServiceLevelObjective.builder("search").service("shop").objective("99.9").build());
    latency = slos.register(ServiceLevelObjective.builder("search-latency").service("shop").objective("99")
        .sli(LatencySli.of(Duration.ofMillis(300))).build());
  }

  private static Object work(Blackhole bh) {
    Blackhole.consumeCPU(10);
    return bh;
  }

  @Benchmark
  public Object bareMicrometer(Blackhole bh) {
    long start = System.nanoTime();
    Object result = work(bh);
    timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    counter.increment();
    return result;
  }

  @Benchmark
  public Object slo4j(Blackhole bh) {
    long start = latency.start();
    Object result = work(bh);
    long end = latency.start();
    latency.stop(start, end, result, null);
    availability.stop(start, end, result, null);
    return result;
  }
}
