package dev.slo4j.test.spring;

import dev.slo4j.SloRegistry;
import dev.slo4j.test.SloTestExtension;
import dev.slo4j.test.TestClock;
import dev.slo4j.test.TestSlos;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * The beans {@link AutoConfigureSloTest} adds: the test's world, its clock, and its registry as the application's
 * {@code SloRegistry} (slo4j's autoconfiguration then backs off from its own), plus, with slo-resilience present, a
 * post-processor that puts the platform's {@code ResilienceDefaults} on the test's clock.
 */
@Configuration(proxyBeanMethods = false)
public class SloTestConfiguration {

  /** The property naming the seed of the context's fault injectors. */
  public static final String SEED_PROPERTY = "slo4j.test.seed";

  @Bean
  TestSlos slo4jTestSlos(Environment environment) {
    return TestSlos.create(environment.getProperty(SEED_PROPERTY, Long.class, SloTestExtension.DEFAULT_SEED));
  }

  @Bean
  TestClock slo4jTestClock(TestSlos slos) {
    return slos.clock();
  }

  @Bean
  @Primary
  SloRegistry slo4jTestSloRegistry(TestSlos slos) {
    return slos.registry();
  }

  @Bean
  @Conditional(ResiliencePresent.class)
  static BeanPostProcessor slo4jTestResilienceTime(ObjectProvider<TestSlos> slos) {
    return new ResilienceOnTestClock(slos);
  }

  /** slo-resilience is on the class path. */
  static final class ResiliencePresent implements org.springframework.context.annotation.Condition {
    @Override
    public boolean matches(org.springframework.context.annotation.ConditionContext context,
        org.springframework.core.type.AnnotatedTypeMetadata metadata) {
      return ClassUtils.isPresent("dev.slo4j.resilience.ResilienceDefaults", context.getClassLoader());
    }
  }
}
