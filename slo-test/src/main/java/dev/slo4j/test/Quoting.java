package dev.slo4j.test;

/**
 * The quoting of the promtool test file AlertScenario writes: YAML double-quoted scalars and PromQL string literals.
 * slo-rules' own writer is package-private there, so this is the minimum of it, kept to the same rules: every value
 * reads back exactly in both SnakeYAML and Prometheus's go-yaml, on one line, and can never end its scalar early.
 */
final class Quoting {

  private Quoting() {}

  /**
   * A YAML double-quoted scalar: quote and backslash escaped, tab, CR and LF as {@code \t \r \n}, every other C0 or C1
   * control, DEL, NEL, U+2028, U+2029, the BOM, U+FFFE and U+FFFF as {@code \}uXXXX.
   *
   * @throws IllegalArgumentException for a lone surrogate, which has no UTF-8 form
   */
  static String yaml(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        case '\n' -> sb.append("\\n");
        default -> append(sb, s, i);
      }
    }
    return sb.append('"').toString();
  }

  /**
   * A PromQL (Go) string literal: backslash and double quote escaped, {@code \n \r \t}, and the same characters as in
   * {@link #yaml} as {@code \}uXXXX.
   *
   * @throws IllegalArgumentException for a lone surrogate
   */
  static String promQl(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        case '\n' -> sb.append("\\n");
        default -> append(sb, s, i);
      }
    }
    return sb.append('"').toString();
  }

  private static void append(StringBuilder sb, String s, int i) {
    char c = s.charAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029' || c == '\ufeff' || c == '\ufffe'
        || c == '\uffff') {
      sb.append(String.format("\\u%04X", (int) c));
      return;
    }
    boolean lone = Character.isHighSurrogate(c)
        ? i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))
        : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
    if (lone) {
      throw new IllegalArgumentException("a lone surrogate (U+" + String.format("%04X", (int) c) + ") at index " + i
          + " of '" + s.substring(0, i) + "...' has no UTF-8 form, so neither YAML nor PromQL can carry it");
    }
    sb.append(c);
  }
}
