package dev.slo4j.rules;

import dev.slo4j.project.RuleFiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The promtool tests of imported SLOs, without promtool; {@link ImportedSloPromtoolIT} runs them in promtool. */
class ImportedSloTest {

  @TempDir Path dir;

  @Test
  void aQueryOfAnotherShapeIsListedAsNotTestedWithTheReasonAndAnEmptyFileIsAWarning() throws Exception {
    RuleFiles f = ImportedSloPromtoolIT.files(dir, """
        version: prometheus/v1
        service: home-wifi
        slos:
          - name: satisfaction
            objective: 95
            sli:
              events:
                error_query: sum_over_time((count(unifipoller_client_satisfaction_ratio < 0.75))[{{.window}}:]) OR on() vector(0)
                total_query: sum_over_time((count(unifipoller_client_satisfaction_ratio))[{{.window}}:])
            alerting:
              name: WifiSatisfaction
        """);
    assertThat(ImportedSloPromtoolIT.write(dir, f)).contains("# - home-wifi/satisfaction: its queries are not one "
        + "rate() or increase() of one counter each");
    assertThat(f.warnings()).anySatisfy(w -> assertThat(w).contains("holds no test (promtool would still report "
        + "success)"));
  }
}
