package dev.slo4j.test.spring;

import dev.slo4j.resilience.ResilienceDefaults;
import dev.slo4j.test.TestClock;
import dev.slo4j.test.TestSlos;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Replaces the application's {@link ResilienceDefaults} with the same defaults on the test's clock, reporting to the
 * test's resilience events: retries sleep on the test clock, open breakers wait on it, and the test can count
 * degraded answers. Loaded only when slo-resilience is present.
 */
final class ResilienceOnTestClock implements BeanPostProcessor {

  private final ObjectProvider<TestSlos> slos;

  ResilienceOnTestClock(ObjectProvider<TestSlos> slos) {
    this.slos = slos;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof ResilienceDefaults defaults) {
      TestSlos world = slos.getObject();
      TestClock clock = world.clock();
      return defaults.toBuilder().time(clock, clock::sleep, clock.asClock()).listener(world.resilience()).build();
    }
    return bean;
  }
}
