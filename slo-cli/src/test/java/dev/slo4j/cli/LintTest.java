package dev.slo4j.cli;

import static dev.slo4j.cli.Slo4jCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.slo4j.cli.Slo4jCommandTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** slo4j lint: production readiness from the declarations. */
class LintTest {

  @TempDir
  Path dir;

  private Path spec(String yaml) throws Exception {
    Path p = dir.resolve("s" + System.nanoTime() + ".yaml");
    Files.writeString(p, yaml);
    return p;
  }

  @Test
  void aReadySpecPassesAndTheRepositorysExampleIsReady() throws Exception {
    assertThat(run("lint", "../specs/orders-service.yaml").exit()).isZero();
    Run r = run("lint", spec("""
        version: slo4j/v1
        service: shop
        labels: {team: payments}
        defaults:
          alerting: {annotations: {runbook_url: https://runbooks.example.com/shop}}
        slos:
          - name: checkout
            description: Customers can pay.
            objective: 99.9%
        """).toString());
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo("ready: 1 SLO with an owner, a description and runbooks for their alerts\n");
  }

  @Test
  void eachMissingPieceIsNamedWithItsFixAndFailsTheBuild() throws Exception {
    Path bad = spec("""
        version: slo4j/v1
        service: shop
        slos:
          - name: checkout
            objective: 99.9%
            alerting: {annotations: {runbook_url: see the wiki}}
          - name: search
            objective: 99%
            alerting: {page: false, ticket: false}
        """);
    Run r = run("lint", bad.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith("not ready: 5 problems:")
        .contains("slo 'checkout' of service 'shop': no owner (a label among [owner, team]); add e.g. 'labels:")
        .contains("slo 'checkout' of service 'shop': its runbook_url 'see the wiki' is not an http(s) URL")
        .contains("slo 'search' of service 'shop': no description")
        .doesNotContain("slo 'search' of service 'shop': its alerts have no runbook_url");
    Path noRunbook = spec("""
        version: slo4j/v1
        service: shop
        labels: {team: payments}
        slos:
          - name: checkout
            description: Customers can pay.
            objective: 99.9%
        """);
    assertThat(run("lint", noRunbook.toString()).err()).contains("its alerts have no runbook_url");
    assertThat(run("lint", noRunbook.toString(), "--runbook-base-url", "https://runbooks.example.com/shop").exit())
        .as("published runbook stubs count").isZero();
    Run relaxed = run("lint", bad.toString(), "--owner-labels", "", "--no-description-required",
        "--no-runbook-required");
    assertThat(relaxed.exit()).isZero();
  }
}
