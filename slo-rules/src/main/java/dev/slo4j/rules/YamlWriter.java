package dev.slo4j.rules;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * A tiny, deterministic YAML writer for the documents slo4j generates. Hand-written rather than a YAML library's
 * dumper so that the output reads like a person wrote it (block scalars for multi-line PromQL, stable key order, no
 * timestamps), diffs cleanly in review, and slo-core needs no YAML library to generate rules.
 */
final class YamlWriter {

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_.:/-]*");
  private static final Pattern YAML_WORD = Pattern.compile("(?i)true|false|yes|no|on|off|null|y|n|~");
  private static final Pattern DURATION = Pattern.compile("[0-9]+(ms|s|m|h|d|w)");

  private final StringBuilder out = new StringBuilder();

  /**
   * Comment lines: one per line of {@code text}, where any YAML line break ({@code \r\n}, {@code \r}, {@code \n},
   * NEL, U+2028, U+2029) starts a new comment line, so no part of the text can become YAML content; other characters
   * YAML does not allow in a file are written as {@code \}uXXXX.
   */
  YamlWriter comment(String text) {
    for (String line : LINE_BREAK.split(text, -1)) {
      out.append(line.isEmpty() ? "#" : "# " + commentText(line)).append('\n');
    }
    return this;
  }

  /** Text for one comment line: line breaks and characters a YAML file may not contain, as {@code \}uXXXX. */
  static String commentText(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c != '\t' && mustEscape(s, i)) || isLineBreak(c)) {
        sb.append(String.format("\\u%04X", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /**
   * A {@code key: value} line at {@code indent} spaces; {@code prefix} is "" or "- " for the first key of an item.
   * Multi-line values, and PromQL with quotes in it, are written as literal blocks so they read as written, when a
   * literal block reads back exactly ({@link #literalBlockSafe}); every other value is plain or double-quoted with
   * escapes ({@link #quote}), so no value can end its key early or add YAML of its own.
   */
  YamlWriter scalar(int indent, String prefix, String key, String value) {
    out.append(" ".repeat(indent)).append(prefix).append(key).append(':');
    if ((value.contains("\n") || (key.equals("expr") && value.contains("\""))) && literalBlockSafe(value)) {
      int inner = indent + prefix.length() + 2;
      out.append(" |-\n");
      for (String line : value.split("\n", -1)) {
        out.append(line.isEmpty() ? "" : " ".repeat(inner) + line).append('\n');
      }
    } else {
      out.append(' ').append(quote(value)).append('\n');
    }
    return this;
  }

  /**
   * Whether a literal block ({@code |-}) reads back as exactly {@code value}: only printable characters and
   * {@code \n} (no other line break, control or non-printable character), a first line that starts with neither
   * space nor tab (a block's indentation is taken from it), no empty first line, and no final line break (which
   * {@code |-} strips). Anything else is written double-quoted with escapes.
   */
  static boolean literalBlockSafe(String value) {
    if (value.isEmpty() || value.endsWith("\n") || value.charAt(0) == ' ' || value.charAt(0) == '\t'
        || value.charAt(0) == '\n') {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '\n' && (c == '\t' || mustEscape(value, i))) {
        return false;
      }
      // A line of only blanks keeps its blanks only if the reader does not take them for indentation: avoid it.
      if (c == '\n' && i + 1 < value.length() && (value.charAt(i + 1) == ' ' || value.charAt(i + 1) == '\t')) {
        int j = i + 1;
        while (j < value.length() && (value.charAt(j) == ' ' || value.charAt(j) == '\t')) {
          j++;
        }
        if (j == value.length() || value.charAt(j) == '\n') {
          return false;
        }
      }
    }
    return true;
  }

  /** {@code key:} opening a nested block. */
  YamlWriter key(int indent, String prefix, String key) {
    out.append(" ".repeat(indent)).append(prefix).append(key).append(":\n");
    return this;
  }

  /** A {@code key:} followed by a sorted map; nothing when the map is empty. */
  YamlWriter map(int indent, String key, Map<String, String> map) {
    if (map.isEmpty()) {
      return this;
    }
    key(indent, "", key);
    map.forEach((k, v) -> scalar(indent + 2, "", k, v));
    return this;
  }

  /** A flow list of strings, e.g. {@code equal: [slo, service]}. */
  YamlWriter list(int indent, String prefix, String key, Iterable<String> values) {
    StringBuilder sb = new StringBuilder("[");
    for (String v : values) {
      sb.append(sb.length() > 1 ? ", " : "").append(quote(v));
    }
    out.append(" ".repeat(indent)).append(prefix).append(key).append(": ").append(sb).append("]\n");
    return this;
  }

  YamlWriter raw(String text) {
    out.append(text);
    return this;
  }

  /**
   * Plain when YAML reads it back as the same string (identifiers, record names, durations), otherwise double-quoted
   * with escapes (numbers and booleans as text, anything with spaces or quotes).
   */
  static String quote(String s) {
    boolean identifier = IDENTIFIER.matcher(s).matches() && !s.endsWith(":") && !YAML_WORD.matcher(s).matches();
    boolean duration = DURATION.matcher(s).matches();
    if (identifier || duration) {
      return s;
    }
    return doubleQuoted(s);
  }

  /**
   * A YAML double-quoted scalar that reads back as {@code s}: quote and backslash escaped, tab, CR and LF as
   * {@code \t \r \n}, every other control character, NEL, U+2028, U+2029, BOM and U+FFFE/U+FFFF as
   * {@code \}uXXXX, so the scalar is always one line and never ends early.
   */
  static String doubleQuoted(String s) {
    return dev.slo4j.format.YamlText.doubleQuoted(s);
  }

  /**
   * A YAML scalar for a value embedded in generated text (a series in a promtool test): single-quoted, as a person
   * would write it, when that reads back unchanged (no {@code '}, nothing to escape), else double-quoted.
   */
  static String singleQuotedOrEscaped(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\'' || c == '\t' || c == '\n' || mustEscape(s, i)) {
        return doubleQuoted(s);
      }
    }
    return "'" + s + "'";
  }

  private static final Pattern LINE_BREAK = Pattern.compile("\r\n|[\r\n\u0085\u2028\u2029]");

  private static boolean isLineBreak(char c) {
    return c == '\r' || c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029';
  }

  /**
   * Whether the character at {@code i} cannot stand as itself in a YAML file that both SnakeYAML (YAML 1.1) and
   * Prometheus's go-yaml read back unchanged on one line: C0 and C1 controls (tab included, DEL, NEL), U+2028, U+2029,
   * the BOM, U+FFFE, U+FFFF and a surrogate that is not half of a pair.
   */
  static boolean mustEscape(String s, int i) {
    return dev.slo4j.format.YamlText.mustEscape(s, i);
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
