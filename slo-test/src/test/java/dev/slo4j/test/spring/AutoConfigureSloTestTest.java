package dev.slo4j.test.spring;

import static dev.slo4j.test.SloAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slo4j.SloRegistry;
import dev.slo4j.annotation.Slo;
import dev.slo4j.resilience.ResilienceDefaults;
import dev.slo4j.resilience.ResiliencePolicy;
import dev.slo4j.spring.Slo4jAutoConfiguration;
import dev.slo4j.test.TestSlos;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code @AutoConfigureSloTest} in a context that loads no autoconfiguration of its own, as a test slice
 * ({@code @WebMvcTest}) is: the annotation itself brings slo4j's {@code @Slo} advisor, the proxy creator that applies
 * it and the platform's resilience defaults, on the test's clock.
 */
class AutoConfigureSloTestTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withPropertyValues("slo4j.rules.verify=off")
      .withUserConfiguration(SliceOfTheApplication.class);

  @AutoConfigureSloTest
  @Configuration(proxyBeanMethods = false)
  static class SliceOfTheApplication {
    @Bean
    Checkout checkout() {
      return new Checkout();
    }
  }

  /** A bean with an SLO, as a controller has. */
  public static class Checkout {
    @Slo(name = "checkout", service = "shop", badOn = IOException.class)
    public String pay(boolean fail) throws IOException {
      if (fail) {
        throw new IOException("card network down");
      }
      return "paid";
    }
  }

  @Test
  void anSloMethodRecordsIntoTheTestsSlosWithoutAnyOtherAutoconfiguration() {
    runner.run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(Slo4jAutoConfiguration.class);
      Checkout checkout = context.getBean(Checkout.class);
      TestSlos slos = context.getBean(TestSlos.class);
      assertThat(AopUtils.isAopProxy(checkout)).as("the @Slo bean is proxied").isTrue();

      assertThat(checkout.pay(false)).isEqualTo("paid");
      assertThatThrownBy(() -> checkout.pay(true)).isInstanceOf(IOException.class);
      assertThat(checkout.pay(false)).isEqualTo("paid");

      assertThat(slos.get("checkout")).recorded(2, 1);
      assertThat(context.getBean(SloRegistry.class)).isSameAs(slos.registry());
    });
  }

  @Test
  void thePlatformsResilienceDefaultsRunOnTheTestClock() {
    runner.run(context -> {
      TestSlos slos = context.getBean(TestSlos.class);
      ResiliencePolicy<String> policy = context.getBean(ResilienceDefaults.class).<String>policy("payments").build();
      AtomicInteger attempts = new AtomicInteger();
      long before = slos.clock().read();

      assertThatThrownBy(() -> policy.get(() -> {
        attempts.incrementAndGet();
        throw new UncheckedIOException(new IOException("card network down"));
      })).isInstanceOf(UncheckedIOException.class);

      assertThat(attempts).as("attempts").hasValueGreaterThan(1);
      assertThat(slos.clock().read() - before).as("the backoff between them, slept on the test clock").isPositive();
    });
  }

  @Test
  void withoutSlo4jsAutoconfigurationTheTestsWorldIsStillThere() {
    // As if slo-spring-autoconfigure were not on the class path: neither its classes nor their files.
    FilteredClassLoader withoutIt = new FilteredClassLoader(
        name -> name.startsWith("dev.slo4j.spring.") || name.startsWith("dev/slo4j/spring/"));
    runner.withClassLoader(withoutIt).run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean(Slo4jAutoConfiguration.class).hasSingleBean(TestSlos.class);
      assertThat(AopUtils.isAopProxy(context.getBean(Checkout.class))).as("no @Slo advisor, no proxy").isFalse();
    });
  }
}
