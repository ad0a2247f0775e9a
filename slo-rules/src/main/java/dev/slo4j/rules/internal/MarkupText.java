package dev.slo4j.rules.internal;

/**
 * The one escaping of declared text (SLO names, services, labels, descriptions) for Markdown and for HTML, used by
 * the runbooks, the report and the postmortem draft: what a spec declares is shown as written and never becomes
 * markup. Not API: public only for slo-rules' other packages.
 */
public final class MarkupText {

  private MarkupText() {}

  /** Text that Markdown shows as written: punctuation escaped, line breaks and HTML neutralised. */
  public static String markdown(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\r' || c == '\n' || c == '\u2028' || c == '\u2029' || c == '\u0085') {
        b.append(' ');
      } else if (c == '<') {
        b.append("&lt;");
      } else if (c == '>') {
        b.append("&gt;");
      } else if (c == '&') {
        b.append("&amp;");
      } else if (c < 0x20 || c == 0x7f) {
        b.append(' ');
      } else if ("\\`*_{}[]()#+-.!|~\"'$%=:;,/?@^".indexOf(c) >= 0) {
        b.append('\\').append(c);
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * Text for HTML element content and double- or single-quoted attribute values: {@code & < > " '} as character
   * references; control characters other than tab and line breaks, and lone surrogates (no UTF-8 form), as U+FFFD.
   */
  public static String html(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            b.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c) || (c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7f && c < 0xa0)
              || c == '\r') {
            b.append('\uFFFD');
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}
