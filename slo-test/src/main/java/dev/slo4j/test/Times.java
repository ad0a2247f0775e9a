package dev.slo4j.test;

import java.time.Duration;

/** Durations in failure messages and reports: {@code 1h12m}, {@code 5m}, {@code 30s}, {@code 250ms}. */
final class Times {

  private Times() {}

  static String relative(Duration d) {
    // slo-core's format, with "0ms" for what it writes as nothing (a non-zero duration under a millisecond).
    String s = dev.slo4j.format.Durations.format(d);
    return s.isEmpty() ? "0ms" : s;
  }
}
