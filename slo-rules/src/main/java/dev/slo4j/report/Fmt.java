package dev.slo4j.report;

import dev.slo4j.format.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** Numbers, times and durations as every format of the report writes them. */
final class Fmt {

  static final String NO_DATA = "no data";

  private Fmt() {}

  static String percent(Double ratio, int decimals) {
    return ratio == null || ratio.isNaN() || ratio.isInfinite() ? NO_DATA
        : String.format(Locale.ROOT, "%." + decimals + "f%%", ratio * 100);
  }

  static String number(double d, int decimals) {
    return String.format(Locale.ROOT, "%,." + decimals + "f", d);
  }

  static String minutes(Double m) {
    return m == null ? NO_DATA : String.format(Locale.ROOT, "%.1f min", m);
  }

  static String rate(double burn) {
    return Double.isNaN(burn) ? NO_DATA : String.format(Locale.ROOT, "%.1fx", burn);
  }

  static String time(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  static String duration(Duration d) {
    return d.isZero() ? "0s" : Durations.format(d.truncatedTo(ChronoUnit.SECONDS).isZero() ? Duration.ofSeconds(1)
        : d.truncatedTo(ChronoUnit.SECONDS));
  }
}
