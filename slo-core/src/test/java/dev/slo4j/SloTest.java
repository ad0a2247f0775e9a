package dev.slo4j;

import dev.slo4j.budget.Objective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.slo4j.budget.AlertPolicy;
import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.BigRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SloTest {

  @Test
  void defaultsAreAvailabilityOverThirtyDaysWithTheWorkbookPolicy() {
    ServiceLevelObjective slo = ServiceLevelObjective.builder("checkout").service("shop").objective("99.9").build();
    assertThat(slo.sli()).isEqualTo(AvailabilitySli.ofDefaults());
    assertThat(slo.window()).isEqualTo(Duration.ofDays(30));
    assertThat(slo.alertPolicy()).isEqualTo(AlertPolicy.workbook());
    assertThat(slo.alerting().page()).isTrue();
    assertThat(slo.alerting().ticket()).isTrue();
    assertThat(slo.describe()).isEqualTo("99.9% of calls succeed over 30d");
    assertThat(slo.toBuilder().build()).isEqualTo(slo).hasSameHashCodeAs(slo);
    assertThat(ServiceLevelObjective.builder("checkout").service("shop").objective("99%").sli(LatencySli.of(Duration.ofMillis(300)))
        .build().describe()).isEqualTo("99% of calls complete within 300ms over 30d");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      Checkout      | shop     | name 'Checkout' cannot be used as a metric tag and label value; use 1 to 63 lower-case letters, digits, '-', '_' or '.', starting and ending with a letter or digit, e.g. checkout-latency
      -checkout     | shop     | name '-checkout' cannot be used as a metric tag and label value; use 1 to 63 lower-case letters, digits, '-', '_' or '.', starting and ending with a letter or digit, e.g. checkout-latency
      checkout      | Shop Web | service 'Shop Web' cannot be used as a label value; use 1 to 63 lower-case letters, digits, '-', '_' or '.', e.g. checkout-service
      """)
  void namesMustWorkAsLabelValues(String name, String service, String message) {
    assertThatThrownBy(() -> ServiceLevelObjective.builder(name).service(service).objective("99.9").build())
        .hasMessage("slo '" + name + "': " + message);
  }

  @Test
  void everyProblemIsReportedInOrder() {
    SloValidationException e = catchThrowableOfType(SloValidationException.class,
        () -> ServiceLevelObjective.builder("checkout").objective("100%").window(Duration.ofHours(2))
            .sli(LatencySli.of(Duration.ofNanos(500))).label("__x", "").build());
    assertThat(e.problems()).extracting(Problem::field)
        .containsExactly("service", "objective", "window", "labels", "labels", "sli.latency.threshold");
    assertThat(e.getMessage()).startsWith("6 problems in SLO declarations:\n  - slo 'checkout': service is missing");
  }

  @Test
  void availabilityClassifiesByTheExceptionHierarchy() {
    AvailabilitySli sli = AvailabilitySli.builder().badOn(java.io.IOException.class)
        .goodOn(java.io.FileNotFoundException.class).badResult(r -> "ERROR".equals(r)).build();
    assertThat(sli.isBad(new java.net.SocketTimeoutException())).isTrue();
    assertThat(sli.isBad(new java.io.FileNotFoundException())).isFalse();
    assertThat(sli.isBad(new IllegalStateException())).isFalse();
    assertThat(sli.isBadResult("ERROR")).isTrue();
    assertThat(sli.isBadResult("OK")).isFalse();
    assertThat(AvailabilitySli.ofDefaults().isBad(new Error())).isTrue();
    assertThat(LatencySli.of(Duration.ofMillis(300)).isGood(Duration.ofMillis(300))).isTrue();
    assertThat(LatencySli.of(Duration.ofMillis(300)).isGood(Duration.ofMillis(301))).isFalse();
  }

  @Property
  void percentagesRoundTripExactly(@ForAll @BigRange(min = "1.001", max = "99.999") @net.jqwik.api.constraints.Scale(3) java.math.BigDecimal percent) {
    java.math.BigDecimal p = percent.setScale(3, java.math.RoundingMode.HALF_UP).stripTrailingZeros();
    Objective o = Objective.parse(p.toPlainString() + "%");
    assertThat(Objective.parse(o.toPercentString())).isEqualTo(o);
    assertThat(o.allowedErrorRatio().add(o.ratio())).isEqualByComparingTo("1");
    assertThat(o.allowedErrorRatio().toPlainString()).doesNotContain("E").hasSizeLessThan(12);
  }
}
