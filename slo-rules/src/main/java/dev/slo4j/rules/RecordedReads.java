package dev.slo4j.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The recorded series a generated expression reads: every selector {@code name:with:colons{...}}, keyed by its name
 * and its {@code service} and {@code slo} matchers as written (escaped PromQL strings). One reader for the one-way
 * chain's test and for the backfill's dependency levels, so both agree on what a rule reads.
 */
final class RecordedReads {

  /** A selector of a recorded series: a name with a colon, then a matcher list whose strings may hold {@code "}{}. */
  private static final Pattern READ = Pattern.compile(
      "([a-zA-Z_][a-zA-Z0-9_]*:[a-zA-Z0-9_:]*)\\s*\\{((?:[^}\"]|\"(?:[^\"\\\\]|\\\\.)*\")*)}");
  private static final Pattern LABEL = Pattern.compile("(service|slo)=(\"(?:[^\"\\\\]|\\\\.)*\")");

  private RecordedReads() {}

  /**
   * A read in an expression.
   *
   * @param key the series' key, comparable with {@link #key(String, Map)}
   * @param selector the selector as written
   * @param end where the selector ends in the expression (what follows tells a range from an instant read)
   */
  record Read(String key, String selector, int end) {}

  /** The key of a series recorded as {@code name} with these labels (service and slo). */
  static String key(String name, Map<String, String> labels) {
    String service = labels.get("service");
    String slo = labels.get("slo");
    return name + "|" + (service == null ? "" : PromQlString.of(service)) + "|"
        + (slo == null ? "" : PromQlString.of(slo));
  }

  /** Every selector of a recorded series (a name with a colon) in {@code expr}, in order. */
  static List<Read> of(String expr) {
    List<Read> reads = new ArrayList<>();
    Matcher read = READ.matcher(expr);
    while (read.find()) {
      String service = "";
      String slo = "";
      Matcher l = LABEL.matcher(read.group(2));
      while (l.find()) {
        if (l.group(1).equals("service")) {
          service = l.group(2);
        } else {
          slo = l.group(2);
        }
      }
      reads.add(new Read(read.group(1) + "|" + service + "|" + slo, read.group(0), read.end()));
    }
    return reads;
  }
}
