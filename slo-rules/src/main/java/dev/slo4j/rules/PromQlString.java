package dev.slo4j.rules;

/**
 * PromQL string literals for label values slo4j writes into selectors ({@code {severity="..."}}): double-quoted, with
 * the escapes PromQL reads back (Go's): backslash and double quote, {@code \n \r \t}, and every other control
 * character, NEL, U+2028, U+2029, the BOM and U+FFFE/U+FFFF as {@code \}uXXXX. A lone surrogate has no UTF-8 form and
 * no PromQL escape; SLO validation rejects it before it gets here.
 */
final class PromQlString {

  private PromQlString() {}

  static String of(String value) {
    StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '"' -> sb.append("\\\"");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (YamlWriter.mustEscape(value, i) && !Character.isSurrogate(c)) {
            sb.append(String.format("\\u%04X", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
