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
    return dev.slo4j.format.YamlText.promQlString(value);
  }
}
