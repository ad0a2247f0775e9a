package dev.slo4j.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void readsTheSharedNotation() {
    assertThat(Durations.parse("30d")).isEqualTo(Duration.ofDays(30));
    assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse(" 300MS ")).isEqualTo(Duration.ofMillis(300));
    assertThat(Durations.parse("0010d")).isEqualTo(Duration.ofDays(10));
    assertThat(Durations.parse("3650d")).isEqualTo(Durations.MAX);
    assertThat(Durations.parse("521w3d")).isEqualTo(Durations.MAX);
  }

  @Test
  void overflowingDurationsAreTooLongNeverWrappedOrThrown() {
    // 7905747460161236407w used to wrap around the long range to exactly 1 day.
    for (String s : new String[] {"9223372036854775807d", "7905747460161236407w", "3651d", "3650d1ms",
        "999999999999999999999999999999ms", "1000000000000w"}) {
      assertThatThrownBy(() -> Durations.parse(s)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("'" + s + "' is too long: a duration may be at most 3650d (10 years); SLO windows are days or "
              + "weeks, e.g. 30d");
    }
  }

  @Test
  void notADurationNamesTheForm() {
    assertThatThrownBy(() -> Durations.parse("30 days")).hasMessage("'30 days' is not a duration; write a number "
        + "and a unit (ms, s, m, h, d, w), e.g. 30d, 5m, 300ms or 1h30m");
    assertThatThrownBy(() -> Durations.parse("1s".repeat(500_000))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'1s1s1s1s1s1s1s1s1s1s... (1000000 characters)' is not a duration");
  }

  @Property(tries = 2000)
  void anyTextParsesInRangeOrIsAnIllegalArgument(@ForAll("durationLike") String text) {
    check(text);
  }

  @Property(tries = 1000)
  void anyStringAtAll(@ForAll String text) {
    check(text);
  }

  private static void check(String text) {
    try {
      Duration d = Durations.parse(text);
      assertThat(d).isBetween(Duration.ZERO, Durations.MAX);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).isNotBlank().contains("duration");
    }
  }

  @Provide
  Arbitrary<String> durationLike() {
    Arbitrary<String> part = Arbitraries.strings().withCharRange('0', '9').ofMinLength(0).ofMaxLength(22)
        .flatMap(n -> Arbitraries.of("ms", "s", "m", "h", "d", "w", "", "x", " ").map(u -> n + u));
    return part.list().ofMinSize(1).ofMaxSize(5).map(l -> String.join("", l));
  }
}
