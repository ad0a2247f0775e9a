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
    return dev.slo4j.format.YamlText.doubleQuoted(noLoneSurrogate(s));
  }

  /**
   * A PromQL (Go) string literal: backslash and double quote escaped, {@code \n \r \t}, and the same characters as in
   * {@link #yaml} as {@code \}uXXXX.
   *
   * @throws IllegalArgumentException for a lone surrogate
   */
  static String promQl(String s) {
    return dev.slo4j.format.YamlText.promQlString(noLoneSurrogate(s));
  }

  private static String noLoneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c) && dev.slo4j.format.YamlText.mustEscape(s, i)) {
        throw new IllegalArgumentException("a lone surrogate (U+" + String.format("%04X", (int) c) + ") at index " + i
            + " of '" + s.substring(0, i) + "...' has no UTF-8 form, so neither YAML nor PromQL can carry it");
      }
    }
    return s;
  }
}
