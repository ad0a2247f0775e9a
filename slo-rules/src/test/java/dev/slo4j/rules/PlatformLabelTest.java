package dev.slo4j.rules;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Platform labels reach every alert: they are checked like an SLO's own (issue 14 left them unchecked). */
class PlatformLabelTest {

  @Test
  void aBadNameAValueThatIsATemplateOrABlankValueIsRefusedWithTheFix() {
    assertThatThrownBy(() -> RuleGenerator.builder().platformLabel("team-name", "payments"))
        .hasMessageContaining("platform label: alerting.labels name 'team-name' is not a Prometheus label name");
    assertThatThrownBy(() -> RuleGenerator.builder().platformLabel("team", "{{ $labels.x }}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("platform label:");
    assertThatThrownBy(() -> RuleGenerator.builder().platformLabel("team", " "))
        .hasMessageContaining("has an empty value");
    assertThatThrownBy(() -> RuleGenerator.builder().platformLabel("severity", "x"))
        .hasMessageContaining("is set by slo4j itself");
    assertThat(RuleGenerator.builder().platformLabel("team", "payments").build()).isNotNull();
  }
}
