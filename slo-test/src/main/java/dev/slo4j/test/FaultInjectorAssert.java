package dev.slo4j.test;

import org.assertj.core.api.AbstractAssert;

/** Assertions on the calls a dependency received during a test (see {@link SloAssertions}). */
public final class FaultInjectorAssert extends AbstractAssert<FaultInjectorAssert, FaultInjector> {

  FaultInjectorAssert(FaultInjector actual) {
    super(actual, FaultInjectorAssert.class);
  }

  /**
   * The dependency received at most {@code max} attempts per call on average, over {@code callsMade} calls of the code
   * under test: retries amplify load on a failing dependency, and a retry budget bounds it.
   */
  public FaultInjectorAssert receivedAtMostAttemptsPerCall(double max, long callsMade) {
    isNotNull();
    if (callsMade <= 0) {
      throw new IllegalArgumentException("callsMade is the number of calls the test made, > 0; was " + callsMade);
    }
    double perCall = (double) actual.calls() / callsMade;
    if (perCall > max) {
      failWithMessage("expected %s to receive at most %s attempts per call but it received %s (%d attempts for %d"
          + " calls)", actual.name(), SloHistoryAssert.number(max), SloHistoryAssert.number(perCall), actual.calls(),
          callsMade);
    }
    return this;
  }

  /** The dependency received no call at all (every call was shed or answered by a breaker, a cache or a fallback). */
  public FaultInjectorAssert receivedNoCalls() {
    isNotNull();
    if (actual.calls() != 0) {
      failWithMessage("expected %s to receive no calls but it received %d", actual.name(), actual.calls());
    }
    return this;
  }
}
