package dev.slo4j.test;

import org.junit.jupiter.api.extension.ExtensionContext;

/** The {@link TestSlos} of a Spring test's application context, read only when spring-test is on the class path. */
final class SpringSlos {

  private static final String AUTO_CONFIGURE = "dev.slo4j.test.spring.AutoConfigureSloTest";
  private static final boolean SPRING_TEST =
      OptionalClasses.isPresent("org.springframework.test.context.junit.jupiter.SpringExtension");

  private SpringSlos() {}

  static TestSlos of(ExtensionContext context) {
    if (!SPRING_TEST) {
      return null;
    }
    try {
      return Reader.of(context);
    } catch (RuntimeException | LinkageError e) {
      return null; // no Spring context for this test, or one that failed to start: nothing to report
    }
  }

  /** Loaded only when spring-test is present. */
  private static final class Reader {
    static TestSlos of(ExtensionContext context) {
      // By name: dev.slo4j.test.spring depends on this package, not the other way round.
      if (context.getTestClass().map(c -> java.util.Arrays.stream(c.getAnnotations())
          .noneMatch(a -> a.annotationType().getName().equals(AUTO_CONFIGURE))).orElse(true)) {
        return null;
      }
      return org.springframework.test.context.junit.jupiter.SpringExtension.getApplicationContext(context)
          .getBeanProvider(TestSlos.class).getIfAvailable();
    }
  }
}
