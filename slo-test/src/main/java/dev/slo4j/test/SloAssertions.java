package dev.slo4j.test;

/**
 * The entry point of slo4j's assertions, in AssertJ's style: {@code import static dev.slo4j.test.SloAssertions.assertThat;}
 * then {@code assertThat(slos.get("checkout")).hasErrorRatioAtMost(0.001).overLast(ofMinutes(5))}.
 */
public final class SloAssertions {

  private SloAssertions() {}

  /** Assertions on one SLO's events during a test. */
  public static SloHistoryAssert assertThat(SloHistory actual) {
    return new SloHistoryAssert(actual);
  }

  /** Assertions on what resilience policies reported during a test. */
  public static ResilienceEventsAssert assertThat(ResilienceEvents actual) {
    return new ResilienceEventsAssert(actual);
  }

  /** Assertions on the calls a dependency received. */
  public static FaultInjectorAssert assertThat(FaultInjector actual) {
    return new FaultInjectorAssert(actual);
  }
}
