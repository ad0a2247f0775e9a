package dev.slo4j.test;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Gives each test a fresh {@link TestSlos} (clock, registry, faults, resilience events) as a parameter, and when the
 * test fails (here, or in a Spring test with {@code @AutoConfigureSloTest}, whose {@code TestSlos} is a bean), adds what the SLOs saw (events, budget, burn rates, faults injected) to the failure, so the report says
 * why without a rerun.
 *
 * <pre>{@code
 * @ExtendWith(SloTestExtension.class)
 * class CheckoutSloTest {
 *   @Test void staysWithinItsSlo(TestSlos slos) { ... }
 * }
 * // or, to choose the seed:
 * @RegisterExtension static SloTestExtension slo = SloTestExtension.withSeed(7);
 * }</pre>
 */
public final class SloTestExtension implements ParameterResolver, TestExecutionExceptionHandler {

  /** The seed unless one is chosen: fixed, so that a test sees the same faults on every run. */
  public static final long DEFAULT_SEED = 42;

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SloTestExtension.class);

  private final long seed;

  /** An extension with {@link #DEFAULT_SEED}: for {@code @ExtendWith}. */
  public SloTestExtension() {
    this(DEFAULT_SEED);
  }

  private SloTestExtension(long seed) {
    this.seed = seed;
  }

  /** An extension whose tests draw their faults from {@code seed}: for {@code @RegisterExtension}. */
  public static SloTestExtension withSeed(long seed) {
    return new SloTestExtension(seed);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == TestSlos.class || type == TestClock.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    TestSlos slos = slos(context);
    if (type == TestSlos.class) {
      return slos;
    }
    if (type == TestClock.class) {
      return slos.clock();
    }
    throw new ParameterResolutionException("slo4j cannot resolve a parameter of type " + type.getName());
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
    TestSlos slos = context.getStore(NAMESPACE).get(TestSlos.class, TestSlos.class);
    if (slos == null) {
      slos = SpringSlos.of(context); // an @AutoConfigureSloTest test's world lives in its application context
    }
    if (slos != null) {
      String report = slos.report();
      failure.addSuppressed(new SloReport(report));
      context.publishReportEntry("slo4j", report);
    }
    throw failure;
  }

  private TestSlos slos(ExtensionContext context) {
    return context.getStore(NAMESPACE).getOrComputeIfAbsent(TestSlos.class, k -> TestSlos.create(seed),
        TestSlos.class);
  }

  /** The SLOs' state at a test's failure, attached to it as a suppressed exception. */
  static final class SloReport extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SloReport(String report) {
      super(report, null, false, false);
    }
  }
}
