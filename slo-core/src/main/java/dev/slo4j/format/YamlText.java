package dev.slo4j.format;

/**
 * The quoting of every string slo4j writes into YAML (rule files, promtool tests, Kubernetes resources) and into PromQL
 * label matchers, in one place: slo-rules' writer and slo-test's alert scenarios use the same rules, so a value reads
 * back unchanged in SnakeYAML (YAML 1.1), Prometheus' go-yaml and PromQL, on one line, and never ends its scalar or
 * its string early.
 */
public final class YamlText {

  private YamlText() {}

  /**
   * A YAML double-quoted scalar that reads back as {@code s}: quote and backslash escaped, tab, CR and LF as
   * {@code \t \r \n}, every other character of {@link #mustEscape} as {@code \}uXXXX.
   */
  public static String doubleQuoted(String s) {
    return quoted(s, true);
  }

  /**
   * A PromQL (Go) string literal for a label value: backslash and double quote escaped, {@code \n \r \t}, and the
   * characters of {@link #mustEscape} as {@code \}uXXXX, except a lone surrogate, which has no PromQL escape (SLO
   * validation rejects one before it gets here). U+FFFD, the replacement character, is escaped too, so the text
   * parses; but Prometheus prints a rule's query back and parses it again to evaluate it, and then refuses U+FFFD
   * however it was written, so SLO validation rejects it in label values and queries.
   */
  public static String promQlString(String s) {
    return quoted(s, false);
  }

  private static String quoted(String s, boolean escapeSurrogates) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        case '\n' -> sb.append("\\n");
        default -> {
          if ((mustEscape(s, i) && (escapeSurrogates || !Character.isSurrogate(c)))
              || (!escapeSurrogates && c == '\ufffd')) {
            sb.append(String.format("\\u%04X", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  /**
   * Whether the character at {@code i} cannot stand as itself in a YAML file that both SnakeYAML (YAML 1.1) and
   * Prometheus' go-yaml read back unchanged on one line: C0 and C1 controls (tab included, DEL, NEL), U+2028, U+2029,
   * the BOM, U+FFFE, U+FFFF and a surrogate that is not half of a pair.
   */
  public static boolean mustEscape(String s, int i) {
    char c = s.charAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029' || c == '\ufeff' || c == '\ufffe'
        || c == '\uffff') {
      return true;
    }
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
    }
    return false;
  }

  /** Whether {@code s} holds a surrogate that is not half of a pair: it has no UTF-8 form. */
  public static boolean hasLoneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isSurrogate(s.charAt(i)) && mustEscape(s, i)) {
        return true;
      }
    }
    return false;
  }
}
