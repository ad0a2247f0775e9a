package dev.slo4j.format;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Prints ratios and percentages exactly ({@code 0.001}, {@code 99.9%}), never as the binary-float noise
 * ({@code 0.0009999999999999432}) that makes generated rules hard to review. Not part of the public API.
 */
public final class Decimals {

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private Decimals() {}

  /** Plain decimal without trailing zeros or exponent: {@code 0.001}, {@code 14.4}, {@code 6}. */
  public static String plain(BigDecimal value) {
    Objects.requireNonNull(value, "value");
    BigDecimal v = value.stripTrailingZeros();
    if (v.scale() < 0) {
      v = v.setScale(0);
    }
    return v.toPlainString();
  }

  /** A ratio as a percentage: {@code 0.999} prints {@code 99.9%}. */
  public static String percent(BigDecimal ratio) {
    return plain(ratio.multiply(HUNDRED)) + "%";
  }
}
