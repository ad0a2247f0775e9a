package dev.slo4j.test;

import java.time.Duration;

/** Durations in failure messages and reports: {@code 1h12m}, {@code 5m}, {@code 30s}, {@code 250ms}. */
final class Times {

  private Times() {}

  static String relative(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder b = new StringBuilder();
    long s = d.getSeconds();
    if (s >= 86_400) {
      b.append(s / 86_400).append('d');
      s %= 86_400;
    }
    if (s >= 3_600) {
      b.append(s / 3_600).append('h');
      s %= 3_600;
    }
    if (s >= 60) {
      b.append(s / 60).append('m');
      s %= 60;
    }
    if (s > 0) {
      b.append(s).append('s');
    }
    int millis = d.getNano() / 1_000_000;
    if (millis > 0 || b.length() == 0) {
      b.append(millis).append("ms");
    }
    return b.toString();
  }
}
