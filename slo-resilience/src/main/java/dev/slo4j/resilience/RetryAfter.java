package dev.slo4j.resilience;

import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A server's pushback: the {@code Retry-After} delay a failure carries (RFC 9110 §10.2.3: delay-seconds or an
 * HTTP-date). A {@link Backoff} asks {@link #of(Throwable)} by default, so a failure exposes pushback by implementing
 * {@link Aware} (e.g. {@link HttpStatusException}) anywhere in its cause chain; a failure type you do not own is read
 * with {@link Backoff#withPushback}.
 */
public final class RetryAfter {

  /** A failure that knows how long the server asked the client to wait. */
  public interface Aware {
    /** The server's {@code Retry-After}, if it sent one. */
    Optional<Duration> retryAfter();
  }

  private RetryAfter() {}

  /**
   * The pushback of {@code failure}: the first {@link Aware} in its cause chain that has one; empty for none (and for
   * a null failure).
   */
  public static Optional<Duration> of(Throwable failure) {
    Set<Throwable> seen = new HashSet<>();
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof Aware aware) {
        Optional<Duration> delay = aware.retryAfter();
        if (delay != null && delay.isPresent()) {
          return delay;
        }
      }
    }
    return Optional.empty();
  }

  /** The {@code Retry-After} header of a JDK HttpClient response; empty if absent or not understood. */
  public static Optional<Duration> of(HttpResponse<?> response) {
    return of(response.headers());
  }

  /** The {@code Retry-After} header among {@code headers}; empty if absent or not understood. */
  public static Optional<Duration> of(HttpHeaders headers) {
    return headers.firstValue("Retry-After").flatMap(RetryAfter::parse);
  }

  /** {@link #parse(String, Clock)} against the system clock. */
  public static Optional<Duration> parse(String value) {
    return parse(value, Clock.systemUTC());
  }

  /**
   * Parses a {@code Retry-After} value: delay-seconds ({@code "120"}) or an HTTP-date ({@code "Wed, 21 Oct 2015
   * 07:28:00 GMT"}, the wait until then, zero if it has passed). Anything else (a negative number, garbage, an
   * out-of-range number) is ignored: empty, so the backoff's own delay applies.
   */
  public static Optional<Duration> parse(String value, Clock clock) {
    Objects.requireNonNull(clock, "clock");
    if (value == null) {
      return Optional.empty();
    }
    String v = value.strip();
    if (v.isEmpty()) {
      return Optional.empty();
    }
    if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      try {
        return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
      } catch (NumberFormatException | ArithmeticException tooLarge) {
        return Optional.empty();
      }
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration until = Duration.between(clock.instant(), at.toInstant());
      return Optional.of(until.isNegative() ? Duration.ZERO : until);
    } catch (DateTimeParseException garbage) {
      return Optional.empty();
    }
  }
}
