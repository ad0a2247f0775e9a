package dev.slo4j.format;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Parses and prints durations in the notation SRE tooling shares ({@code 30d}, {@code 5m}, {@code 1h30m}), because
 * SLO windows are read and written by people who also read Prometheus rules. Not part of the public API.
 */
public final class Durations {

  /** The longest duration accepted: 10 years, far beyond any SLO window (at most 366d) or latency threshold. */
  public static final Duration MAX = Duration.ofDays(3650);
  /** The longest text accepted: {@code 1w2d3h4m5s600ms} needs 15 characters. */
  static final int MAX_LENGTH = 64;

  private Durations() {}

  /**
   * Parses {@code 30d}, {@code 4w}, {@code 1h30m}, {@code 300ms}, in time linear in the text (at most
   * {@value #MAX_LENGTH} characters), up to {@link #MAX}.
   *
   * @throws IllegalArgumentException naming the value and the accepted form; never another exception
   */
  public static Duration parse(String text) {
    Objects.requireNonNull(text, "text");
    String shown = text.length() > MAX_LENGTH ? text.substring(0, 20) + "... (" + text.length() + " characters)" : text;
    String s = text.strip().toLowerCase(Locale.ROOT);
    if (s.isEmpty() || s.length() > MAX_LENGTH) {
      throw notADuration(shown);
    }
    long totalMillis = 0;
    int i = 0;
    while (i < s.length()) {
      int digits = i;
      while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
      if (i == digits) {
        throw notADuration(shown);
      }
      String number = s.substring(digits, i);
      int unitStart = i;
      while (i < s.length() && s.charAt(i) >= 'a' && s.charAt(i) <= 'z') {
        i++;
      }
      long unitMillis = switch (s.substring(unitStart, i)) {
        case "ms" -> 1L;
        case "s" -> 1_000L;
        case "m" -> 60_000L;
        case "h" -> 3_600_000L;
        case "d" -> 86_400_000L;
        case "w" -> 7 * 86_400_000L;
        default -> throw notADuration(shown);
      };
      // Leading zeros aside, more than 12 digits exceed MAX in any unit (10 years is 3.2e11 ms).
      String significant = number.replaceFirst("^0+(?=.)", "");
      if (significant.length() > 12) {
        throw tooLong(shown);
      }
      long n = Long.parseLong(significant);
      if (n > MAX.toMillis() / unitMillis) {
        throw tooLong(shown);
      }
      totalMillis += n * unitMillis; // both at most MAX: no overflow
      if (totalMillis > MAX.toMillis()) {
        throw tooLong(shown);
      }
    }
    return Duration.ofMillis(totalMillis);
  }

  private static IllegalArgumentException notADuration(String shown) {
    return new IllegalArgumentException("'" + shown + "' is not a duration; write a number and a unit (ms, s, m, h, "
        + "d, w), e.g. 30d, 5m, 300ms or 1h30m");
  }

  private static IllegalArgumentException tooLong(String shown) {
    return new IllegalArgumentException("'" + shown + "' is too long: a duration may be at most " + format(MAX)
        + " (10 years); SLO windows are days or weeks, e.g. 30d");
  }

  /** Compact human form: {@code 30d}, {@code 1h30m}, {@code 300ms}, {@code 2d19h12m}. */
  public static String format(Duration d) {
    Objects.requireNonNull(d, "d");
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    long days = d.toDays();
    long hours = d.toHoursPart();
    long minutes = d.toMinutesPart();
    long seconds = d.toSecondsPart();
    long millis = d.toMillisPart();
    if (days > 0) sb.append(days).append('d');
    if (hours > 0) sb.append(hours).append('h');
    if (minutes > 0) sb.append(minutes).append('m');
    if (seconds > 0) sb.append(seconds).append('s');
    if (millis > 0) sb.append(millis).append("ms");
    return sb.toString();
  }

  /**
   * The single-unit form Prometheus 2.x and 3.x both accept in a range selector: the largest of d, h, m, s, ms that
   * divides the duration exactly, e.g. {@code 4032m} rather than {@code 2d19h12m}.
   */
  public static String prometheus(Duration d) {
    Objects.requireNonNull(d, "d");
    long ms = d.toMillis();
    if (ms <= 0) {
      throw new IllegalArgumentException("a Prometheus range must be positive, got " + d);
    }
    long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1000L, 1L};
    String[] units = {"d", "h", "m", "s", "ms"};
    for (int i = 0; i < sizes.length; i++) {
      if (ms % sizes[i] == 0) {
        return (ms / sizes[i]) + units[i];
      }
    }
    throw new AssertionError();
  }
}
