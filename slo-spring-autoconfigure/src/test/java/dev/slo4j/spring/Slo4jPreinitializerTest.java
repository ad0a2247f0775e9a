package dev.slo4j.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.context.ApplicationListener;

/**
 * {@link Slo4jPreinitializer}: registered where Spring Boot finds it, side-effect free, and a start through
 * {@link SpringApplication} (which runs it) ends with its thread gone.
 */
class Slo4jPreinitializerTest {

  private static Set<Thread> slo4jThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("slo4j-")).collect(Collectors.toSet());
  }

  @Test
  void bootFindsItAmongItsApplicationListeners() {
    assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(ApplicationListener.class))
        .anyMatch(Slo4jPreinitializer.class::isInstance);
  }

  @Test
  void theWorkStartsNoThreadOfSlo4jsAndEveryClassItNamesExists() {
    Set<Thread> before = slo4jThreads();
    assertThatCode(Slo4jPreinitializer::preinitialize).doesNotThrowAnyException();
    Set<Thread> after = slo4jThreads();
    after.removeAll(before);
    assertThat(after).as("threads slo4j started (the coarse clock starts only when read)").isEmpty();
    for (String name : Slo4jPreinitializer.PRELOADED) {
      assertThat(org.springframework.util.ClassUtils.isPresent(name, getClass().getClassLoader())).as(name).isTrue();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Empty {}

  @Test
  void aStartEndsWithThePreinitializerDone() {
    SpringApplication application = new SpringApplication(Empty.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    try (ConfigurableApplicationContext context = application.run("--spring.main.banner-mode=off")) {
      assertThat(Slo4jPreinitializer.finished()).as("started by this start or an earlier one, and ended").isTrue();
      assertThat(Thread.getAllStackTraces().keySet()).as("the ready event waited for it")
          .noneMatch(t -> t.isAlive() && t.getName().equals("slo4j-preinit"));
    }
  }
}
