package dev.slo4j.test;

/**
 * The entry point for assertions on an {@link AlertTimeline}, in AssertJ's style:
 *
 * <pre>{@code
 * assertThat(timeline).page().firesWithin(Duration.ofMinutes(5)).afterPhase(1);
 * assertThat(timeline).ticket().neverFires();
 * }</pre>
 *
 * A class of its own so that a common entry point for all of slo-test's assertions can delegate to it.
 */
public final class AlertAssertions {

  private AlertAssertions() {}

  public static AlertTimelineAssert assertThat(AlertTimeline actual) {
    return new AlertTimelineAssert(actual);
  }
}
