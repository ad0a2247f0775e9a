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

  YamlWriter comment(String text) {
    for (String line : text.split("\n", -1)) {
      out.append(line.isEmpty() ? "#" : "# " + line).append('\n');
    }
    return this;
  }

  /**
   * A {@code key: value} line at {@code indent} spaces; {@code prefix} is "" or "- " for the first key of an item.
   * Multi-line values, and PromQL with quotes in it, are written as literal blocks so they read as written.
   */
  YamlWriter scalar(int indent, String prefix, String key, String value) {
    out.append(" ".repeat(indent)).append(prefix).append(key).append(':');
    if (value.contains("\n") || (key.equals("expr") && value.contains("\""))) {
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
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        case '\n' -> sb.append("\\n");
        default -> sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
