package dev.slo4j.examples.checkout;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.env.MockEnvironment;

/** checkout.downstream.timeout is read once, at startup: a bad value stops the start with the property and the fix. */
class DownstreamTest {

  private static Downstream with(String timeout) {
    return new Downstream(new MockEnvironment().withProperty("checkout.downstream.timeout", timeout), path -> "ok", null,
        null);
  }

  @ParameterizedTest
  @ValueSource(strings = {"soon", "", "0s", "61s", "-1s", "10 s", "1h", "99999999999999999999d"})
  void aBadTimeoutStopsTheStartNamingThePropertyAndTheFix(String timeout) {
    assertThatThrownBy(() -> with(timeout)).isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("checkout.downstream.timeout=" + timeout + " is ")
        .hasMessageEndingWith("use e.g. 2s");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2s", "500ms", "60s", "1m"})
  void aTimeoutFromAMillisecondToAMinuteIsAccepted(String timeout) {
    assertThatCode(() -> with(timeout)).doesNotThrowAnyException();
  }
}
