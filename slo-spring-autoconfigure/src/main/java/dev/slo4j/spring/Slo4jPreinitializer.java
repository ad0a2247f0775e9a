package dev.slo4j.spring;

import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.SloRegistry;
import dev.slo4j.declare.SloDeclaration;
import dev.slo4j.declare.SloDefaults;
import dev.slo4j.declare.SloResolver;
import dev.slo4j.micrometer.MicrometerSloRecorder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.CountDownLatch;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.event.SpringApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.NativeDetector;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Loads and initializes, on a background thread while Spring Boot prepares the context, the classes slo4j's
 * autoconfiguration will need: the SLO model and its validation, the resolver, the rolling budget, the Micrometer
 * recorder's meter builders and the proxy generator.
 *
 * <p>Why: issue 17 measured slo4j's share of a start on the main thread as mostly first-time work (loading about 200
 * classes through Boot's nested-jar class loader, initializing them, linking lambdas), which the main thread did one
 * class at a time long after the second core had gone idle between JIT compilations. Spring Boot's own
 * {@code BackgroundPreinitializer} does the same for Boot's classes. The work here builds throwaway objects (two SLOs,
 * a registry recording into a {@link SimpleMeterRegistry} nobody reads) and has no effect outside them: it starts no
 * thread of slo4j's and registers nothing anywhere. Any failure is ignored; the autoconfiguration then does the work
 * itself, as it would without this class.
 *
 * <p>Initializing classes on two threads at once can deadlock when the static initializers of two classes need each
 * other (each thread holding one). None of the classes initialized here does: their static initializers reach only
 * their own builders and enums ({@code StaticInitializersTest} checks every slo4j class). The resilience classes are
 * left out on purpose: {@code ResilienceListener.LOGGING} is an instance of an implementing class, the one such pair.
 *
 * <p>Like Boot's, it does nothing in a native image (nothing to load), with one CPU or when
 * {@code spring.backgroundpreinitializer.ignore} is true, nor when {@code slo4j.enabled} is false; and the
 * application's ready (or failed) event waits for it to end, so that no thread of slo4j's outlives the start.
 */
final class Slo4jPreinitializer implements ApplicationListener<SpringApplicationEvent> {

  /** Classes the proxies of {@code @Slo} beans need, loaded and initialized by name. */
  static final java.util.List<String> PRELOADED = java.util.List.of("dev.slo4j.spring.SloProxies",
      "dev.slo4j.spring.SloProxyClasses", "dev.slo4j.spring.internal.SloCall", "dev.slo4j.spring.MeasuredMethod",
      "org.springframework.asm.ClassWriter", "org.springframework.asm.MethodWriter", "org.springframework.asm.Frame");

  /** One run per JVM: a second application in the same JVM finds the classes loaded. */
  private static volatile CountDownLatch done;

  @Override
  public void onApplicationEvent(SpringApplicationEvent event) {
    if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
      start(prepared.getEnvironment());
    } else if (event instanceof ApplicationReadyEvent || event instanceof ApplicationFailedEvent) {
      CountDownLatch latch = done;
      if (latch != null) {
        try {
          latch.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /** Whether a run started in this JVM and has ended. */
  static boolean finished() {
    CountDownLatch latch = done;
    return latch != null && latch.getCount() == 0;
  }

  private static synchronized void start(ConfigurableEnvironment environment) {
    if (done != null || NativeDetector.inNativeImage() || Runtime.getRuntime().availableProcessors() <= 1
        || environment.getProperty("spring.backgroundpreinitializer.ignore", Boolean.class, false)
        || !environment.getProperty(Slo4jProperties.PREFIX + ".enabled", Boolean.class, true)) {
      return;
    }
    CountDownLatch latch = new CountDownLatch(1);
    done = latch;
    Thread thread = new Thread(() -> {
      try {
        preinitialize();
      } catch (RuntimeException | LinkageError e) {
        // Nothing to do: the autoconfiguration loads what it needs itself.
      } finally {
        latch.countDown();
      }
    }, "slo4j-preinit");
    thread.setDaemon(true);
    thread.start();
  }

  /** What a start with slo4j runs for the first time, on throwaway objects. */
  static void preinitialize() {
    SloResolver resolver = SloResolver.of("preinit", SloDefaults.builder().build());
    ServiceLevelObjective availability = resolver.resolve(SloDeclaration.builder("preinit", "preinit").build());
    ServiceLevelObjective latency = resolver.resolve(
        SloDeclaration.builder("preinit-latency", "preinit").latency("300ms").build());
    SloRegistry registry = SloRegistry.create(new MicrometerSloRecorder(new SimpleMeterRegistry()));
    registry.register(availability);
    registry.register(latency);
    ClassLoader loader = Slo4jPreinitializer.class.getClassLoader();
    for (String name : PRELOADED) {
      try {
        Class.forName(name, true, loader);
      } catch (ClassNotFoundException e) {
        // a class renamed or absent: nothing preloaded (Slo4jPreinitializerTest keeps the names current)
      }
    }
  }
}
