package dev.slo4j;

import dev.slo4j.budget.Objective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Objectives are bounded before any decimal arithmetic, and to what can be measured. */
class ObjectiveBoundsTest {

  @Test
  void absurdExponentsAreRejectedBeforeBigDecimalReadsThem() {
    assertThatThrownBy(() -> Objective.parse("5e-999999999")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("objective '5e-999999999' has an exponent out of range (at most 2 digits); write a percentage "
            + "such as 99.9 or 99.9%");
    assertThatThrownBy(() -> Objective.parse("1e999999999%")).hasMessageContaining("exponent out of range");
    assertThatThrownBy(() -> Objective.parseRatio("9e-999999999")).hasMessageContaining("exponent out of range");
    assertThatThrownBy(() -> Objective.parse("9".repeat(1_000_000))).hasMessageStartingWith(
        "objective '99999999999999999999...' (1000000 characters) is too long to be an objective");
  }

  @Test
  void atMostFiveDecimalsOfAPercentage() {
    assertThat(Objective.parse("99.99999%").allowedErrorRatio()).isEqualByComparingTo("0.0000001");
    assertThat(Objective.parse("9.99e1").toPercentString()).isEqualTo("99.9%");
    assertThatThrownBy(() -> Objective.parse("99.9999999999%")).hasMessage("objective 99.9999999999% is finer than "
        + "can be measured: at most 5 decimals, up to 99.99999% (over 30d a budget of 0.26 s of full outage); use "
        + "e.g. 99.999%");
    assertThatThrownBy(() -> Objective.parse("99.999999")).hasMessageContaining("finer than can be measured");
    assertThatThrownBy(() -> Objective.ratio(new BigDecimal("0.99999999"))).hasMessageContaining("finer");
  }

  @Test
  void hugeRatiosGivenAsBigDecimalsAreShownShort() {
    assertThatThrownBy(() -> Objective.ratio(new BigDecimal("1e999999999")))
        .hasMessage("objective 1E+1000000001% is above 100%; use a value below 100%, e.g. 99.9%");
    assertThatThrownBy(() -> Objective.ratio(new BigDecimal("-5e-999999999")))
        .hasMessageStartingWith("objective -5E-999999997% promises nothing");
  }

  @Property(tries = 2000)
  void anyNumberLikeTextParsesInRangeOrIsAnIllegalArgument(@ForAll("numberLike") String text) {
    check(text);
  }

  @Property(tries = 1000)
  void anyStringAtAll(@ForAll String text) {
    check(text);
  }

  private static void check(String text) {
    for (boolean ratio : new boolean[] {false, true}) {
      try {
        Objective o = ratio ? Objective.parseRatio(text) : Objective.parse(text);
        assertThat(o.ratio()).isGreaterThan(BigDecimal.ZERO).isLessThan(BigDecimal.ONE);
        assertThat(o.ratio().scale()).isLessThanOrEqualTo(Objective.MAX_PERCENT_DECIMALS + 2);
      } catch (IllegalArgumentException e) {
        assertThat(e.getMessage()).startsWith("objective ");
      }
    }
  }

  @Provide
  Arbitrary<String> numberLike() {
    Arbitrary<String> digits = Arbitraries.strings().withCharRange('0', '9').ofMaxLength(14);
    Arbitrary<String> exponent = Arbitraries.oneOf(Arbitraries.just(""),
        Arbitraries.longs().between(-9_999_999_999L, 9_999_999_999L).map(e -> "e" + e));
    return Combinators.combine(Arbitraries.of("", "-", "+"), digits, Arbitraries.of("", "."), digits, exponent,
        Arbitraries.of("", "%", " %")).as((s, i, p, f, e, pc) -> s + i + p + f + e + pc);
  }
}
