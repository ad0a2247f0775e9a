package dev.slo4j.benchmarks;

import dev.slo4j.annotation.Slo;
import dev.slo4j.spring.Slo4jAutoConfiguration;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.core.env.MapPropertySource;

/**
 * The {@code @Slo} path exactly as a Spring service runs it: a call through the proxy that slo4j's autoconfiguration
 * puts on a bean, so the interceptor's method resolution, the meter lookup, the judging, the local budget and the
 * Micrometer recorder (on a real Prometheus registry) are all measured. One SLO per method, as {@code @Slo} allows.
 *
 * <p>The baselines are what a user writes by hand without slo4j, on a Prometheus registry too: for availability, a
 * try/catch that increments a good or a bad counter; for latency, a {@code Timer} with the same SLO bucket around
 * the call. The work inside is the same small computation on both sides. A bean proxied only for {@code @Slo} gets
 * slo4j's dedicated proxy; {@code availabilitySlo4jInSpringsProxy} is a bean Spring proxies for another concern, where
 * slo4j's advisor joins Spring's chain, and {@code springProxyWithEmptyAdvice} is what that chain costs alone. Setup
 * fails if slo4j's Micrometer meters are missing, so the figure always includes the recording.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar Interceptor -prof gc -t 1   (then -t 2, -t 4)</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class InterceptorBenchmark {

  /** The service a user writes: one method per SLO kind, plus the same methods measured by hand. */
  public static class Search {
    private long state = 17;

    long work() {
      state = state * 6364136223846793005L + 1442695040888963407L; // a few ns of real work, not eliminated
      return state;
    }

    @Slo(name = "search", objective = "99.9")
    public long availability() {
      return work();
    }

    /** The same work, answering an object the caller already has (no boxing): what most service methods return. */
    @Slo(name = "search-object", objective = "99.9")
    public Search availabilityObject() {
      work();
      return this;
    }

    /** A method with parameters, as most are: a proxy that packs them in an array pays for it when the array escapes. */
    @Slo(name = "search-lookup", objective = "99.9")
    public Search lookup(String sku, int quantity) {
      state += sku.length() + quantity;
      work();
      return this;
    }

    @Slo(name = "search-latency", objective = "99", latency = "300ms")
    public long latency() {
      return work();
    }
  }

  /** Marks a method that another concern advises (as {@code @Transactional} would), so Spring proxies the bean. */
  @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
  public @interface Audited {}

  /** A bean that Spring proxies for another concern: slo4j's advisor joins that proxy's chain. */
  public static class AuditedSearch extends Search {
    @Audited
    public void audited() {}
  }

  /**
   * As a Boot application gets them: imported as autoconfigurations (after the application's own beans), so slo4j's
   * Micrometer recorder sees the registry. A plain {@code @Import} would evaluate slo4j's conditions before the
   * registry bean exists and leave the SLOs without a recorder (the 2026-12-03 figures had that defect).
   */
  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration({Slo4jAutoConfiguration.class, AopAutoConfiguration.class})
  static class App {
    @Bean
    @org.springframework.context.annotation.Role(org.springframework.beans.factory.config.BeanDefinition.ROLE_INFRASTRUCTURE)
    static org.springframework.aop.Advisor audit() {
      return new org.springframework.aop.support.DefaultPointcutAdvisor(
          org.springframework.aop.support.annotation.AnnotationMatchingPointcut.forMethodAnnotation(Audited.class),
          (org.aopalliance.intercept.MethodInterceptor) invocation -> invocation.proceed());
    }

    @Bean
    AuditedSearch auditedSearch() {
      return new AuditedSearch();
    }

    @Bean
    PrometheusMeterRegistry meterRegistry() {
      return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    @Bean
    Search search() {
      return new Search();
    }
  }

  /** Another service of the same application, with its own {@code @Slo} method and so its own proxy class. */
  public static class Orders {
    private long state = 3;

    @Slo(name = "orders", objective = "99.9")
    public Orders find() {
      state = state * 31 + 7;
      return this;
    }
  }

  /** A third. */
  public static class Payments {
    private long state = 5;

    @Slo(name = "payments", objective = "99.9")
    public Payments find() {
      state = state * 37 + 11;
      return this;
    }
  }

  /** A fourth. */
  public static class Stock {
    private long state = 7;

    @Slo(name = "stock", objective = "99.9")
    public Stock find() {
      state = state * 41 + 13;
      return this;
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration({Slo4jAutoConfiguration.class, AopAutoConfiguration.class})
  static class FourServices {
    @Bean
    PrometheusMeterRegistry meterRegistry() {
      return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    @Bean
    Search search() {
      return new Search();
    }

    @Bean
    Orders orders() {
      return new Orders();
    }

    @Bean
    Payments payments() {
      return new Payments();
    }

    @Bean
    Stock stock() {
      return new Stock();
    }
  }

  /**
   * Not a baseline: the proxy slo4j generates for {@code Search}, written by hand. Its {@code @Slo} method calls the
   * same meter around a direct call to the bean, a call site of its own, with no argument array: the floor against
   * which the generated class ({@code SloProxyClasses}) is checked.
   */
  static final class DirectSearch extends Search {
    private final Search target;
    private final dev.slo4j.SloMeter meter;

    DirectSearch(Search target, dev.slo4j.SloMeter meter) {
      this.target = target;
      this.meter = meter;
    }

    @Override
    public Search lookup(String sku, int quantity) {
      long start = meter.start();
      Search result;
      try {
        result = target.lookup(sku, quantity);
      } catch (Throwable t) {
        meter.stop(start, null, t);
        throw t;
      }
      meter.stop(start, result, null);
      return result;
    }
  }

  /**
   * An application with four {@code @Slo} services, each called before the JIT compiles, as an application calls its
   * services: dispatch code that every proxy shared (CGLIB's invoker, before slo4j generated a class per bean class)
   * then has seen four classes, not one, and the JIT cannot inline a call it has seen go to four places. The
   * benchmarks above have one {@code @Slo} bean class, the best case for any shared dispatch.
   */
  @State(Scope.Benchmark)
  public static class FourServiceClasses {
    AnnotationConfigApplicationContext context;
    Search search;
    Search direct;

    @Setup
    public void setUp() {
      context = new AnnotationConfigApplicationContext();
      context.getEnvironment().getPropertySources()
          .addFirst(new MapPropertySource("benchmark", Map.of("spring.application.name", "shop")));
      context.register(FourServices.class);
      context.refresh();
      search = context.getBean(Search.class);
      Orders orders = context.getBean(Orders.class);
      Payments payments = context.getBean(Payments.class);
      Stock stock = context.getBean(Stock.class);
      if (search.getClass() == Search.class || orders.getClass() == Orders.class) {
        throw new IllegalStateException("the @Slo beans are not proxied: the benchmark would measure nothing");
      }
      direct = new DirectSearch(new Search(),
          context.getBean(dev.slo4j.SloRegistry.class).find("search-lookup").orElseThrow());
      for (int i = 0; i < 200_000; i++) {
        search.availabilityObject();
        search.lookup("sku", 3);
        direct.lookup("sku", 3);
        orders.find();
        payments.find();
        stock.find();
      }
      if (context.getBean(PrometheusMeterRegistry.class).find("slo4j.events").tags("slo", "stock").functionCounters()
          .isEmpty()) {
        throw new IllegalStateException("slo4j records no Micrometer meters here: the benchmark would miss the recording");
      }
    }

    @TearDown
    public void tearDown() {
      context.close();
    }
  }

  private AnnotationConfigApplicationContext context;
  private Search proxied;
  private Search inSpringsProxy;
  private Search plain;
  private Search noOpProxy;
  private Counter good;
  private Counter bad;
  private Timer timer;
  private dev.slo4j.SloMeter plainJavaMeter;

  @Setup
  public void setUp() {
    context = new AnnotationConfigApplicationContext();
    context.getEnvironment().getPropertySources()
        .addFirst(new MapPropertySource("benchmark", Map.of("spring.application.name", "shop")));
    context.register(App.class);
    context.refresh();
    proxied = context.getBean("search", Search.class);
    inSpringsProxy = context.getBean(AuditedSearch.class);
    if (!(inSpringsProxy instanceof org.springframework.aop.framework.Advised)) {
      throw new IllegalStateException("the audited bean is not in Spring's proxy: the benchmark would measure nothing");
    }
    if (proxied.getClass() == Search.class) {
      throw new IllegalStateException("the @Slo bean is not proxied: the benchmark would measure nothing of slo4j");
    }
    // The figure must include the Micrometer recording a service pays: refuse to measure a context without it.
    MeterRegistry recorded = context.getBean(PrometheusMeterRegistry.class);
    if (recorded.find("slo4j.events").tags("slo", "search").counters().isEmpty()
        || recorded.find("slo4j.latency").tags("slo", "search-latency").timer() == null) {
      throw new IllegalStateException("slo4j records no Micrometer meters here: the benchmark would miss the recording");
    }
    plain = new Search();
    org.springframework.aop.framework.ProxyFactory factory = new org.springframework.aop.framework.ProxyFactory(
        new Search());
    factory.setProxyTargetClass(true);
    factory.addAdvice((org.aopalliance.intercept.MethodInterceptor) invocation -> invocation.proceed());
    noOpProxy = (Search) factory.getProxy();
    MeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    good = Counter.builder("bare.events").tag("slo", "search").tag("outcome", "good").register(registry);
    bad = Counter.builder("bare.events").tag("slo", "search").tag("outcome", "bad").register(registry);
    // The plain-Java API (examples/plain-java): a registry on a Micrometer recorder, a meter held by the caller.
    dev.slo4j.SloRegistry slos = dev.slo4j.SloRegistry.create(
        new dev.slo4j.micrometer.MicrometerSloRecorder(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
    plainJavaMeter = slos.register(dev.slo4j.ServiceLevelObjective.builder("search").service("shop").objective("99.9")
        .build());
    timer = Timer.builder("bare.latency").tag("slo", "search-latency").serviceLevelObjectives(Duration.ofMillis(300))
        .register(registry);
  }

  @TearDown
  public void tearDown() {
    context.close();
  }

  @Benchmark
  public long availabilityBareCounter() {
    try {
      long r = plain.availability();
      good.increment();
      return r;
    } catch (RuntimeException e) {
      bad.increment();
      throw e;
    }
  }

  /** Not a baseline: what Spring AOP costs any annotation-driven advice (a CGLIB proxy with an empty interceptor). */
  @Benchmark
  public long springProxyWithEmptyAdvice() {
    return noOpProxy.availability();
  }

  @Benchmark
  public long availabilitySlo4j() {
    return proxied.availability();
  }

  /** {@code @Slo} on a method answering an object (no boxing of a primitive result), against the same by hand. */
  @Benchmark
  public Search availabilityObjectSlo4j() {
    return proxied.availabilityObject();
  }

  /** {@code @Slo} on a bean that Spring already proxies for another concern: slo4j's advisor in Spring's chain. */
  @Benchmark
  public long availabilitySlo4jInSpringsProxy() {
    return inSpringsProxy.availability();
  }

  /**
   * The same availability SLO through the plain-Java API, without Spring's proxy: {@code meter.get(...)} around a
   * method that answers an object (a {@code Supplier<Long>} of a fresh long would add 24 B of boxing to the figure).
   */
  @Benchmark
  public Search availabilityPlainJavaMeter() {
    return plainJavaMeter.get(plain::availabilityObject);
  }

  /** The baseline of {@link #availabilityPlainJavaMeter}: the same method, with a good or a bad counter by hand. */
  @Benchmark
  public Search availabilityPlainJavaBareCounter() {
    try {
      Search r = plain.availabilityObject();
      good.increment();
      return r;
    } catch (RuntimeException e) {
      bad.increment();
      throw e;
    }
  }

  /**
   * {@code availabilityObjectSlo4j} in an application with four {@code @Slo} service classes
   * ({@link FourServiceClasses}): the same call, with the profiles a real application gives the shared dispatch code.
   */
  @Benchmark
  public Search availabilityObjectSlo4jAmongFourServiceClasses(FourServiceClasses app) {
    return app.search.availabilityObject();
  }

  /** {@code @Slo} on a method with parameters. */
  @Benchmark
  public Search availabilityWithArgumentsSlo4j() {
    return proxied.lookup("sku", 3);
  }

  /** The same among four service classes. */
  @Benchmark
  public Search availabilityWithArgumentsSlo4jAmongFourServiceClasses(FourServiceClasses app) {
    return app.search.lookup("sku", 3);
  }

  /**
   * Not a baseline: the same call through a hand-written direct-call proxy ({@link DirectSearch}) among four service
   * classes, the floor of a proxy generated per bean class.
   */
  @Benchmark
  public Search availabilityWithArgumentsDirectProxyAmongFourServiceClasses(FourServiceClasses app) {
    return app.direct.lookup("sku", 3);
  }

  /** The baseline of the three above: the same method with a good or a bad counter by hand. */
  @Benchmark
  public Search availabilityWithArgumentsBareCounter() {
    try {
      Search r = plain.lookup("sku", 3);
      good.increment();
      return r;
    } catch (RuntimeException e) {
      bad.increment();
      throw e;
    }
  }

  @Benchmark
  public long latencyBareTimer() {
    long start = System.nanoTime();
    try {
      return plain.latency();
    } finally {
      timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
  }

  @Benchmark
  public long latencySlo4j() {
    return proxied.latency();
  }
}
