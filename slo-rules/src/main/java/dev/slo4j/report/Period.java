package dev.slo4j.report;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The period a report covers, {@code from} (exclusive) to {@code to} (inclusive), bounded so that a report can never
 * ask Prometheus for more than it keeps: between 5 minutes and {@link #MAX} long. A record so that a report says
 * exactly what it read.
 *
 * @param from the start
 * @param to the end
 */
public record Period(Instant from, Instant to) {

  /** The shortest period: one tile of the generated rules. */
  public static final Duration MIN = Duration.ofMinutes(5);
  /** The longest period: more than a year of history is beyond any usual retention. */
  public static final Duration MAX = Duration.ofDays(400);

  /** Validates the bounds. */
  public Period {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Duration length = Duration.between(from, to);
    if (length.compareTo(MIN) < 0) {
      throw new IllegalArgumentException("the period from " + from + " to " + to + " is shorter than "
          + MIN.toMinutes() + " minutes (--from must be before --to)");
    }
    if (length.compareTo(MAX) > 0) {
      throw new IllegalArgumentException("the period from " + from + " to " + to + " is longer than "
          + MAX.toDays() + " days");
    }
  }

  /** Its length. */
  public Duration length() {
    return Duration.between(from, to);
  }

  /**
   * The period given on a command line: {@code from} and {@code to} as an instant ({@code 2026-11-01T00:00:00Z}) or a
   * UTC date ({@code 2026-11-01}, its midnight); {@code to} defaults to {@code now} (to the minute) and {@code from}
   * to {@code defaultLength} before {@code to}. A {@code to} more than 5 minutes after {@code now} is refused: the
   * future has no data.
   *
   * @throws IllegalArgumentException naming the option, the value and the expected form
   */
  public static Period parse(String from, String to, Duration defaultLength, Instant now) {
    Instant end = to == null ? now.truncatedTo(ChronoUnit.MINUTES) : instant("--to", to);
    if (end.isAfter(now.plus(MIN))) {
      throw new IllegalArgumentException("--to " + to + " is in the future (now is " + now + "): a report reads"
          + " history");
    }
    Instant start = from == null ? end.minus(defaultLength) : instant("--from", from);
    return new Period(start, end);
  }

  private static Instant instant(String option, String text) {
    String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
    if (text.length() <= 40) {
      try {
        return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
            : Instant.parse(text);
      } catch (DateTimeException e) {
        // refused below
      }
    }
    throw new IllegalArgumentException(option + " '" + shown + "' is neither an instant such as 2026-11-01T00:00:00Z"
        + " nor a date such as 2026-11-01 (UTC)");
  }
}
