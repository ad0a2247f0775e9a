package dev.slo4j.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** --from and --to: strict forms, bounded length, never the future; defaults from the SLO window and "now". */
class PeriodTest {

  private static final Instant NOW = Instant.parse("2026-12-03T07:31:42.123Z");

  @Test
  void defaultsAreTheWindowUpToNowToTheMinute() {
    Period p = Period.parse(null, null, Duration.ofDays(30), NOW);
    assertThat(p.to()).isEqualTo(Instant.parse("2026-12-03T07:31:00Z"));
    assertThat(p.from()).isEqualTo(Instant.parse("2026-11-03T07:31:00Z"));
  }

  @Test
  void instantsAndUtcDatesAreAccepted() {
    Period p = Period.parse("2026-11-01", "2026-11-08T12:00:00Z", Duration.ofDays(30), NOW);
    assertThat(p.from()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    assertThat(p.length()).isEqualTo(Duration.ofDays(7).plusHours(12));
  }

  @Test
  void hostileOrImpossiblePeriodsAreRefusedWithTheOptionAndTheForm() {
    assertThatThrownBy(() -> Period.parse("yesterday", null, Duration.ofDays(1), NOW))
        .hasMessage("--from 'yesterday' is neither an instant such as 2026-11-01T00:00:00Z nor a date such as"
            + " 2026-11-01 (UTC)");
    assertThatThrownBy(() -> Period.parse("9".repeat(100_000), null, Duration.ofDays(1), NOW))
        .hasMessageStartingWith("--from '9999999999999999999999999999999999999999...' is neither");
    assertThatThrownBy(() -> Period.parse(null, "2026-12-04", Duration.ofDays(1), NOW))
        .hasMessageContaining("is in the future");
    assertThatThrownBy(() -> Period.parse("2026-11-02", "2026-11-01", Duration.ofDays(1), NOW))
        .hasMessageContaining("shorter than 5 minutes (--from must be before --to)");
    assertThatThrownBy(() -> Period.parse("2020-01-01", "2026-01-01", Duration.ofDays(1), NOW))
        .hasMessageContaining("longer than 400 days");
    assertThatThrownBy(() -> Period.parse("+1000000000-01-01T00:00:00Z", null, Duration.ofDays(1), NOW))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aStepIsAWholeNumberOfTilesAndAQueryAtMost11000Points() {
    assertThat(Reporter.step(Duration.ofMinutes(5), new Period(NOW.minus(Duration.ofDays(30)), NOW)))
        .isEqualTo(Duration.ofMinutes(5));
    Duration step = Reporter.step(Duration.ofMinutes(5), new Period(NOW.minus(Period.MAX), NOW));
    assertThat(step).isEqualTo(Duration.ofMinutes(55));
    assertThat(Period.MAX.dividedBy(step)).isLessThanOrEqualTo(11_000);
    assertThat(Reporter.step(Duration.ofSeconds(280), new Period(NOW.minus(Duration.ofDays(90)), NOW)))
        .isEqualTo(Duration.ofSeconds(840));
    // A 90-day window scales the tile to 15 minutes: a 5-minute period is one step of a tile.
    assertThat(Reporter.step(Duration.ofMinutes(15), new Period(NOW.minus(Period.MIN), NOW)))
        .isEqualTo(Duration.ofMinutes(15));
  }
}
