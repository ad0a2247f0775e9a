package dev.slo4j.benchmarks;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import dev.slo4j.micrometer.MicrometerSloRecorder;
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
 * A successful call through a slo4j policy (circuit breaker + retry + SLO recorded through Micrometer on a Prometheus
 * registry) against what a user writes by hand without slo4j: the same resilience4j Retry and CircuitBreaker
 * decorators, and a good or bad counter on a Prometheus registry incremented around the call. Both sides record to a
 * real registry; nothing of slo4j is on the baseline's side.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar Resilience -prof gc -t 1   (then -t 2, -t 4)</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class ResilienceBenchmark {

  private final Supplier<String> call = () -> "42";
  private ResiliencePolicy<String> policy;
  private Supplier<String> byHand;
  private Counter good;
  private Counter bad;

  @Setup
  public void setUp() {
    ServiceLevelObjective slo = ServiceLevelObjective.builder("prices").service("shop").objective("99.9").build();
    SloMeter meter = SloRegistry.create(new MicrometerSloRecorder(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)))
        .register(slo);
    policy = ResiliencePolicy.<String>builder("prices")
        .retry(3, Backoff.fullJitter(Duration.ofMillis(50), Duration.ofSeconds(2)))
        .circuitBreaker(CircuitBreaker.of("prices", SloCircuitBreakers.configFor(slo)))
        .slo(meter)
        .build();

    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    good = Counter.builder("prices.calls").tag("outcome", "good").register(registry);
    bad = Counter.builder("prices.calls").tag("outcome", "bad").register(registry);
    Retry retry = Retry.of("prices-by-hand", RetryConfig.custom().maxAttempts(3)
        .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(50), 2.0, 0.5,
            Duration.ofSeconds(2)))
        .retryOnException(e -> e instanceof IOException || e instanceof UncheckedIOException).build());
    CircuitBreaker breaker = CircuitBreaker.of("prices-by-hand", CircuitBreakerConfig.custom()
        .failureRateThreshold(100).slidingWindowSize(100).minimumNumberOfCalls(50)
        .waitDurationInOpenState(Duration.ofSeconds(5)).build());
    byHand = Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(breaker, call));
  }

  @Benchmark
  public String slo4jPolicy() {
    return policy.get(call);
  }

  @Benchmark
  public String resilience4jAndCountersByHand() {
    try {
      String result = byHand.get();
      good.increment();
      return result;
    } catch (RuntimeException e) {
      bad.increment();
      throw e;
    }
  }
}
