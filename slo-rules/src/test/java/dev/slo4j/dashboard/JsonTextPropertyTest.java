package dev.slo4j.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slo4j.format.JsonText;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Every string slo4j writes as JSON is read back unchanged by a real parser, whatever Unicode it holds. */
class JsonTextPropertyTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Property(tries = 2000)
  void anyStringRoundTripsThroughARealJsonParser(@ForAll String value) throws Exception {
    String quoted = JsonText.quote(value);
    byte[] utf8 = quoted.getBytes(StandardCharsets.UTF_8);
    String back = JSON.readValue(utf8, String.class);
    assertThat(back).isEqualTo(value);
    assertThat(quoted).doesNotContain("\u2028").doesNotContain("\u2029");
    assertThat(quoted.chars().filter(c -> c < 0x20)).isEmpty();
  }
}
