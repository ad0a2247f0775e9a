package dev.slo4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slo4j.SloRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * slo-resilience and slo-opentelemetry are optional: an application without them (or without resilience4j or
 * OpenTelemetry at all) starts, measures its {@code @Slo} methods, and gets none of their beans.
 */
class Slo4jOptionalModulesTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(Slo4jAutoConfiguration.class, AopAutoConfiguration.class))
      .withPropertyValues("spring.application.name=shop")
      .withUserConfiguration(Slo4jAutoConfigurationTest.MeterRegistryConfiguration.class,
          Slo4jAutoConfigurationTest.CheckoutConfiguration.class);

  @Test
  void withoutSloResilienceAndSloOpenTelemetryTheContextStartsWithoutTheirBeans() {
    runner.withClassLoader(new FilteredClassLoader(dev.slo4j.resilience.ResiliencePolicy.class,
            dev.slo4j.opentelemetry.OpenTelemetrySloEvents.class))
        // An OpenTelemetry instance alone would otherwise get the bad SLO events.
        .withBean(io.opentelemetry.api.OpenTelemetry.class, io.opentelemetry.api.OpenTelemetry::noop)
        .run(this::startsWithoutOptionalBeans);
  }

  @Test
  void withoutResilience4jAndOpenTelemetryTheContextStartsWithoutTheirBeans() {
    runner.withClassLoader(new FilteredClassLoader("io.github.resilience4j", "io.opentelemetry"))
        .run(this::startsWithoutOptionalBeans);
  }

  @Test
  void withBothPresentTheirBeansExist() {
    runner.withBean(io.opentelemetry.api.OpenTelemetry.class, io.opentelemetry.api.OpenTelemetry::noop)
        .run(context -> assertThat(context).hasNotFailed()
            .hasSingleBean(dev.slo4j.resilience.ResilienceDefaults.class)
            .hasBean("slo4jResilienceListener")
            .hasSingleBean(dev.slo4j.opentelemetry.OpenTelemetrySloEvents.class));
  }

  private void startsWithoutOptionalBeans(AssertableApplicationContext context) throws Exception {
    assertThat(context).hasNotFailed().hasSingleBean(SloRegistry.class)
        .doesNotHaveBean("resilienceDefaults")
        .doesNotHaveBean("slo4jResilienceListener")
        .doesNotHaveBean("openTelemetrySloEvents")
        .doesNotHaveBean(dev.slo4j.resilience.ResilienceDefaults.class)
        .doesNotHaveBean(dev.slo4j.ResilienceListener.class)
        .doesNotHaveBean(dev.slo4j.opentelemetry.OpenTelemetrySloEvents.class);
    context.getBean(Slo4jAutoConfigurationTest.Checkout.class).pay(false);
    assertThat(context.getBean(SloRegistry.class).find("checkout")).isPresent();
  }
}
