package dev.slo4j.benchmarks;

import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.SloMeter;
import dev.slo4j.SloRegistry;
import dev.slo4j.resilience.Backoff;
import dev.slo4j.resilience.ResiliencePolicy;
import dev.slo4j.resilience.SloCircuitBreakers;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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

/**
 * A successful call through a slo4j policy (circuit breaker + retry + SLO recording) against the same resilience4j
 * decorators applied by hand plus the same SLO recording by hand: the cost of the policy object itself.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar Resilience -prof gc</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ResilienceBenchmark {

  private final Supplier<String> call = () -> "42";
  private ResiliencePolicy<String> policy;
  private Supplier<String> byHand;
  private SloMeter handMeter;

  @Setup
  public void setUp() {
    ServiceLevelObjective slo = ServiceLevelObjective.builder("prices").service("shop").objective("99.9").build();
    SloMeter meter = SloRegistry.builder().build().register(slo);
    policy = ResiliencePolicy.<String>builder("prices")
        .retry(3, Backoff.fullJitter(Duration.ofMillis(50), Duration.ofSeconds(2)))
        .circuitBreaker(CircuitBreaker.of("prices", SloCircuitBreakers.configFor(slo)))
        .slo(meter)
        .build();

    handMeter = SloRegistry.builder().build().register(slo);
    Retry retry = Retry.of("prices-by-hand", RetryConfig.custom().maxAttempts(3)
        .intervalBiFunction(Backoff.fullJitter(Duration.ofMillis(50), Duration.ofSeconds(2)))
        .retryOnException(e -> e instanceof IOException || e instanceof UncheckedIOException).build());
    CircuitBreaker breaker = CircuitBreaker.of("prices-by-hand", SloCircuitBreakers.configFor(slo));
    byHand = Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(breaker, call));
  }

  @Benchmark
  public String slo4jPolicy() {
    return policy.get(call);
  }

  @Benchmark
  public String resilience4jByHand() {
    long start = handMeter.start();
    String result = byHand.get();
    handMeter.stop(start, result, null);
    return result;
  }
}
