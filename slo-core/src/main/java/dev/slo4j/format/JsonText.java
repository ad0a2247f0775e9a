package dev.slo4j.format;

/**
 * JSON string literals (RFC 8259) for everything slo4j writes as JSON (dashboards, the release gate's result, the
 * actuator's report): one escaping, so that no writer forgets a case. Control characters, the quote and the backslash
 * are escaped, and so are U+2028/U+2029 (for JSON embedded in JavaScript or HTML) and any lone surrogate (which has no
 * UTF-8 form: escaped, it survives as the code unit it was).
 */
public final class JsonText {

  private JsonText() {}

  /** {@code value} as a double-quoted JSON string. */
  public static String quote(String value) {
    StringBuilder b = new StringBuilder(value.length() + 2);
    quote(value, b);
    return b.toString();
  }

  /** Appends {@code value} as a double-quoted JSON string. */
  public static void quote(String value, StringBuilder b) {
    b.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        case '\r' -> b.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029 || isLoneSurrogate(value, i)) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }

  private static boolean isLoneSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
    }
    return false;
  }
}
