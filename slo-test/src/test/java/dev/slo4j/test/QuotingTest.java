package dev.slo4j.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** Every string AlertScenario writes into its YAML reads back unchanged: random Unicode, controls included. */
class QuotingTest {

  /** Random strings weighted towards what breaks quoting: controls, quotes, backslashes, line breaks, astral chars. */
  static String randomString(Random rnd) {
    int n = rnd.nextInt(24);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      switch (rnd.nextInt(8)) {
        case 0 -> sb.append((char) rnd.nextInt(0x20)); // C0 controls, tab, CR, LF
        case 1 -> sb.append((char) (0x7f + rnd.nextInt(0x21))); // DEL and C1 controls, NEL
        case 2 -> sb.append("\"\\'#:{}[],&*!|>%@`- ".charAt(rnd.nextInt(20)));
        case 3 -> sb.append("\u2028\u2029\ufeff\ufffe\uffff".charAt(rnd.nextInt(5)));
        case 4 -> sb.appendCodePoint(0x10000 + rnd.nextInt(0x100000 - 0x10000)); // a surrogate pair
        case 5 -> {
          char c = (char) (0xa0 + rnd.nextInt(0xd800 - 0xa0));
          sb.append(c);
        }
        default -> sb.append((char) (0x20 + rnd.nextInt(0x5f)));
      }
    }
    return sb.toString();
  }

  @Test
  void yamlDoubleQuotedReadsBackExactlyInSnakeYamlOnOneLine() {
    Random rnd = new Random(20261203);
    Yaml yaml = new Yaml();
    for (int i = 0; i < 5000; i++) {
      String s = randomString(rnd);
      String quoted = Quoting.yaml(s);
      assertThat(quoted).as("one line for %s", quoted).doesNotContain("\n", "\r", "\u0085", "\u2028", "\u2029");
      Map<String, Object> doc = yaml.load("v: " + quoted + "\nnext: 1\n");
      assertThat(doc).as("YAML of %s", quoted).containsEntry("v", s).containsEntry("next", 1);
    }
  }

  @Test
  void promQlStringReadsBackAsGoUnquotesIt() {
    Random rnd = new Random(7);
    for (int i = 0; i < 5000; i++) {
      String s = randomString(rnd);
      String quoted = Quoting.promQl(s);
      int[] pos = {0};
      assertThat(PromtoolReport.goString(quoted, pos)).as("Go string %s", quoted).isEqualTo(s);
      assertThat(pos[0]).isEqualTo(quoted.length());
    }
  }

  @Test
  void loneSurrogatesAreRejectedWithTheirPosition() {
    assertThatThrownBy(() -> Quoting.yaml("ab\ud800")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lone surrogate (U+D800) at index 2");
    assertThatThrownBy(() -> Quoting.promQl("\udc00x")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("U+DC00");
  }
}
