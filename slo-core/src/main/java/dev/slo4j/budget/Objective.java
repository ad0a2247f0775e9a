package dev.slo4j.budget;

import dev.slo4j.format.Decimals;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The share of events that must be good, kept as an exact decimal. Exactness matters because the objective ends up in
 * alert thresholds that people review: {@code 1 - 0.999} must print {@code 0.001}, not the binary-float
 * {@code 0.0009999999999999432} that peers emit.
 *
 * <p>Immutable and thread-safe. A ratio strictly between 0 and 1: an objective of 100% leaves no error budget and
 * every error would page.
 */
public final class Objective implements Comparable<Objective> {

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private final BigDecimal ratio;

  private Objective(BigDecimal ratio) {
    this.ratio = ratio.stripTrailingZeros();
  }

  /**
   * From a ratio such as {@code 0.999}.
   *
   * @throws IllegalArgumentException if the ratio is not strictly between 0 and 1
   */
  public static Objective ratio(BigDecimal ratio) {
    Objects.requireNonNull(ratio, "ratio");
    checkRange(ratio);
    return new Objective(ratio);
  }

  /** From a ratio such as {@code 0.999}; the double is read by its shortest decimal form, so 0.999 stays 0.999. */
  public static Objective ratio(double ratio) {
    if (!Double.isFinite(ratio)) {
      throw new IllegalArgumentException("objective " + ratio + " is not a number; use a ratio such as 0.999");
    }
    return ratio(BigDecimal.valueOf(ratio));
  }

  /** From a percentage such as {@code 99.9}. */
  public static Objective percent(double percent) {
    if (!Double.isFinite(percent)) {
      throw new IllegalArgumentException("objective " + percent + " is not a number; use a percentage such as 99.9%");
    }
    return ratio(BigDecimal.valueOf(percent).divide(HUNDRED, MathContext.DECIMAL64));
  }

  /**
   * The finest objective: {@value #MAX_PERCENT_DECIMALS} decimals of a percentage, up to 99.99999%. Over 30 days its
   * error budget is 0.26 s of full outage, already below a Prometheus scrape interval; a finer objective cannot be
   * measured, only mistyped.
   */
  public static final int MAX_PERCENT_DECIMALS = 5;
  /** The longest number text read, checked before any decimal arithmetic so an absurd exponent costs nothing. */
  private static final int MAX_NUMBER_LENGTH = 32;
  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]{1,2})?");
  private static final Pattern LONG_EXPONENT = Pattern.compile(".*[eE][+-]?[0-9]{3,}");

  /**
   * Parses the spellings a spec may use: {@code 99.9%} or {@code 99.9} (a plain number is a percentage, as in Sloth).
   * A plain number below 1 is rejected because {@code 0.999} almost always means 99.9%, not 0.999%.
   *
   * @throws IllegalArgumentException naming the value and the accepted spellings; never another exception
   */
  public static Objective parse(String text) {
    Objects.requireNonNull(text, "text");
    String s = text.trim();
    boolean percentSign = s.endsWith("%");
    String number = percentSign ? s.substring(0, s.length() - 1).trim() : s;
    BigDecimal value = number(number, text, "a percentage such as 99.9 or 99.9%");
    if (!percentSign && value.signum() > 0 && value.compareTo(BigDecimal.ONE) < 0) {
      throw new IllegalArgumentException("objective " + text + " reads as " + text
          + "%, which is almost certainly meant as a ratio; a plain number is a percentage: write "
          + Decimals.plain(value.multiply(HUNDRED)) + " or " + Decimals.plain(value.multiply(HUNDRED)) + "%");
    }
    return ratio(value.divide(HUNDRED, MathContext.DECIMAL64));
  }

  /**
   * Parses a ratio such as {@code 0.999} (OpenSLO's {@code target}), bounded as {@link #parse} is.
   *
   * @throws IllegalArgumentException naming the value; never another exception
   */
  public static Objective parseRatio(String text) {
    Objects.requireNonNull(text, "text");
    return ratio(number(text.trim(), text, "a ratio such as 0.999"));
  }

  /**
   * A decimal of at most {@value #MAX_NUMBER_LENGTH} characters with an exponent of at most two digits, checked in
   * constant time before {@link BigDecimal} reads it: {@code 5e-999999999} would otherwise be read, then expanded
   * into a billion digits when printed.
   */
  private static BigDecimal number(String number, String text, String example) {
    if (number.length() > MAX_NUMBER_LENGTH) {
      throw new IllegalArgumentException("objective '" + text.substring(0, 20) + "...' (" + text.length()
          + " characters) is too long to be an objective; write " + example);
    }
    if (!NUMBER.matcher(number).matches()) {
      if (LONG_EXPONENT.matcher(number).matches()) {
        throw new IllegalArgumentException("objective '" + text + "' has an exponent out of range (at most 2 "
            + "digits); write " + example);
      }
      throw new IllegalArgumentException("objective '" + text + "' is not a number; write " + example);
    }
    return new BigDecimal(number);
  }

  private static void checkRange(BigDecimal ratio) {
    String shown = shown(ratio);
    if (ratio.compareTo(BigDecimal.ONE) == 0) {
      throw new IllegalArgumentException(
          "objective " + shown + " leaves no error budget; use a value below 100%, e.g. 99.9%");
    }
    if (ratio.compareTo(BigDecimal.ONE) > 0) {
      throw new IllegalArgumentException(
          "objective " + shown + " is above 100%; use a value below 100%, e.g. 99.9%");
    }
    if (ratio.signum() <= 0) {
      throw new IllegalArgumentException(
          "objective " + shown + " promises nothing; use a value between 0% and 100%, e.g. 99.9%");
    }
    if (ratio.stripTrailingZeros().scale() > MAX_PERCENT_DECIMALS + 2) {
      throw new IllegalArgumentException("objective " + shown + " is finer than can be measured: at most "
          + MAX_PERCENT_DECIMALS + " decimals, up to 99.99999% (over 30d a budget of 0.26 s of full outage); "
          + "use e.g. 99.999%");
    }
  }

  /** The ratio as a percentage, in scientific notation when its plain form would be absurdly long. */
  private static String shown(BigDecimal ratio) {
    BigDecimal r = ratio.stripTrailingZeros();
    long integerDigits = (long) r.precision() - r.scale();
    return r.scale() > 30 || integerDigits > 30 ? r.scaleByPowerOfTen(2) + "%" : Decimals.percent(r);
  }

  /** The objective as a ratio, e.g. {@code 0.999}. */
  public BigDecimal ratio() {
    return ratio;
  }

  /** The share of events allowed to be bad, {@code 1 - ratio}, exactly: {@code 0.001} for 99.9%. */
  public BigDecimal allowedErrorRatio() {
    return BigDecimal.ONE.subtract(ratio);
  }

  /** {@code 99.9%}. */
  public String toPercentString() {
    return Decimals.percent(ratio);
  }

  @Override
  public int compareTo(Objective o) {
    return ratio.compareTo(o.ratio);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Objective other && ratio.compareTo(other.ratio) == 0;
  }

  @Override
  public int hashCode() {
    return ratio.hashCode();
  }

  @Override
  public String toString() {
    return toPercentString();
  }
}
