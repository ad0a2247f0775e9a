package dev.slo4j.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and prints durations in the notation SRE tooling shares ({@code 30d}, {@code 5m}, {@code 1h30m}), because
 * SLO windows are read and written by people who also read Prometheus rules. Not part of the public API.
 */
public final class Durations {

  private static final Pattern PART = Pattern.compile("(\\d+)(ms|w|d|h|m|s)");
  private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:ms|w|d|h|m|s))+");

  private Durations() {}

  /**
   * Parses {@code 30d}, {@code 4w}, {@code 1h30m}, {@code 300ms}.
   *
   * @throws IllegalArgumentException naming the value and the accepted form
   */
  public static Duration parse(String text) {
    Objects.requireNonNull(text, "text");
    String s = text.trim().toLowerCase(Locale.ROOT);
    if (!WHOLE.matcher(s).matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration; write a number and a unit (ms, s, m, h, d, w), e.g. 30d, 5m, 300ms or 1h30m");
    }
    Matcher m = PART.matcher(s);
    Duration total = Duration.ZERO;
    while (m.find()) {
      long n = Long.parseLong(m.group(1));
      total = total.plus(switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        case "w" -> Duration.ofDays(7 * n);
        default -> throw new AssertionError(m.group(2));
      });
    }
    return total;
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
