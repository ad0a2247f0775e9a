package dev.slo4j.test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what {@code promtool test rules} (2.42) reports for {@code alert_rule_test}s that expect no alert: one block
 * per evaluation at which alerts fired, in this shape (on stderr):
 *
 * <pre>
 *     alertname: SloErrorBudgetBurn, time: 1h2m,
 *         exp:[],
 *         got:[
 *             0:
 *               Labels:{alertname="SloErrorBudgetBurn", service="shop", severity="page", slo="checkout"}
 *               Annotations:{description="...", summary="..."}
 *             ]
 * </pre>
 *
 * Label values are Go-quoted ({@code strconv.Quote}), so each label set is one line; times are Prometheus durations.
 */
final class PromtoolReport {

  private static final Pattern HEADER = Pattern.compile("^\\s*alertname: (.*), time: ([0-9a-z]+),\\s*$");
  private static final Pattern DURATION = Pattern.compile("([0-9]+)(ms|y|w|d|h|m|s)");

  private PromtoolReport() {}

  /** The label sets of the alerts that fired, by evaluation time; evaluations where none fired are absent. */
  static SortedMap<Duration, List<SortedMap<String, String>>> parse(String output) {
    SortedMap<Duration, List<SortedMap<String, String>>> fired = new TreeMap<>();
    List<SortedMap<String, String>> current = null;
    for (String line : output.split("\r?\n")) {
      Matcher h = HEADER.matcher(line);
      if (h.matches()) {
        current = fired.computeIfAbsent(duration(h.group(2)), t -> new ArrayList<>());
        continue;
      }
      String t = line.strip();
      if (t.startsWith("Labels:{")) {
        if (current == null) {
          throw new IllegalArgumentException("promtool reported alert labels outside an alert test: " + line);
        }
        current.add(labels(t.substring("Labels:".length())));
      }
    }
    return fired;
  }

  /** A Prometheus duration as promtool prints it ({@code 0s}, {@code 1h2m}, {@code 1w1d}, {@code 1y}, {@code 500ms}). */
  static Duration duration(String s) {
    Matcher m = DURATION.matcher(s);
    Duration d = Duration.ZERO;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        break;
      }
      long n = Long.parseLong(m.group(1));
      d = d.plus(switch (m.group(2)) {
        case "y" -> Duration.ofDays(365 * n);
        case "w" -> Duration.ofDays(7 * n);
        case "d" -> Duration.ofDays(n);
        case "h" -> Duration.ofHours(n);
        case "m" -> Duration.ofMinutes(n);
        case "s" -> Duration.ofSeconds(n);
        default -> Duration.ofMillis(n);
      });
      end = m.end();
    }
    if (end != s.length() || s.isEmpty()) {
      throw new IllegalArgumentException("not a Prometheus duration: '" + s + "'");
    }
    return d;
  }

  /** A label set as Prometheus prints it: {@code {name="Go-quoted value", ...}}. */
  static SortedMap<String, String> labels(String s) {
    SortedMap<String, String> labels = new TreeMap<>();
    int[] pos = {0};
    expect(s, pos, '{');
    if (peek(s, pos) == '}') {
      pos[0]++;
    } else {
      while (true) {
        int eq = s.indexOf('=', pos[0]);
        if (eq < 0) {
          throw new IllegalArgumentException("no '=' after position " + pos[0] + " in label set " + s);
        }
        String name = s.substring(pos[0], eq);
        pos[0] = eq + 1;
        labels.put(name, goString(s, pos));
        char c = peek(s, pos);
        pos[0]++;
        if (c == '}') {
          break;
        }
        if (c != ',') {
          throw new IllegalArgumentException("expected ',' or '}' at position " + (pos[0] - 1) + " of " + s);
        }
        if (peek(s, pos) == ' ') {
          pos[0]++;
        }
      }
    }
    if (pos[0] != s.length()) {
      throw new IllegalArgumentException("unexpected text after the label set: " + s);
    }
    return labels;
  }

  private static char peek(String s, int[] pos) {
    if (pos[0] >= s.length()) {
      throw new IllegalArgumentException("label set ends early: " + s);
    }
    return s.charAt(pos[0]);
  }

  private static void expect(String s, int[] pos, char c) {
    if (peek(s, pos) != c) {
      throw new IllegalArgumentException("expected '" + c + "' at position " + pos[0] + " of " + s);
    }
    pos[0]++;
  }

  /** A Go double-quoted string literal at {@code pos}, unquoted; {@code pos} moves past its closing quote. */
  static String goString(String s, int[] pos) {
    expect(s, pos, '"');
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    while (true) {
      char c = peek(s, pos);
      if (c == '"') {
        pos[0]++;
        return bytes.toString(StandardCharsets.UTF_8);
      }
      if (c != '\\') {
        int cp = s.codePointAt(pos[0]);
        bytes.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
        pos[0] += Character.charCount(cp);
        continue;
      }
      pos[0]++;
      char e = peek(s, pos);
      pos[0]++;
      switch (e) {
        case 'a' -> bytes.write(7);
        case 'b' -> bytes.write(8);
        case 'f' -> bytes.write(12);
        case 'n' -> bytes.write('\n');
        case 'r' -> bytes.write('\r');
        case 't' -> bytes.write('\t');
        case 'v' -> bytes.write(11);
        case '\\', '"', '\'' -> bytes.write(e);
        case 'x' -> bytes.write(hex(s, pos, 2));
        case 'u' -> bytes.writeBytes(new String(Character.toChars(hex(s, pos, 4))).getBytes(StandardCharsets.UTF_8));
        case 'U' -> bytes.writeBytes(new String(Character.toChars(hex(s, pos, 8))).getBytes(StandardCharsets.UTF_8));
        default -> {
          if (e >= '0' && e <= '7') {
            pos[0]--;
            int v = Integer.parseInt(s.substring(pos[0], Math.min(s.length(), pos[0] + 3)), 8);
            pos[0] += 3;
            bytes.write(v);
          } else {
            throw new IllegalArgumentException("unknown escape \\" + e + " in " + s);
          }
        }
      }
    }
  }

  private static int hex(String s, int[] pos, int digits) {
    if (pos[0] + digits > s.length()) {
      throw new IllegalArgumentException("short escape in " + s);
    }
    int v = Integer.parseInt(s.substring(pos[0], pos[0] + digits), 16);
    pos[0] += digits;
    return v;
  }

  /** For messages: {@code labels} as {@code {a="b", ...}}. */
  static String format(Map<String, String> labels) {
    StringBuilder sb = new StringBuilder("{");
    labels.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append('=').append(Quoting.promQl(v)));
    return sb.append('}').toString();
  }
}
