package dev.slo4j.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slo4j.testing.Binaries;
import dev.slo4j.testing.Promtool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21: the backends' rule files checked by the real tools that are available here. vmalert ({@code -dryRun},
 * which parses every group and expression) loads the vmalert file; promtool checks the groups of the Mimir file of
 * 1,000 SLOs (without its {@code namespace} key, which is mimirtool's) and of the Thanos file (without
 * {@code partial_response_strategy}, which is Thanos') and of the PrometheusRule's {@code spec}. Mimir, Thanos and the
 * Prometheus Operator do not run here: docs/rules.md states what is validated against their documented formats.
 */
class TargetsIT {

  private static final RuleSet.Header HEADER = new RuleSet.Header("specs/shop.yaml", "slo4j generate ...");

  @Test
  void vmalertLoadsItsFile(@TempDir Path dir) throws Exception {
    RuleSet rules = RuleGenerator.ofDefaults().generate(TargetTest.slos(20));
    Files.writeString(dir.resolve("vmalert.yml"), rules.render(HEADER, Target.vmalert()));
    String vmalert = Binaries.require("slo4j.vmalert", "vmalert", "victoria-metrics");
    Process p = new ProcessBuilder(vmalert, "-dryRun", "-rule=" + dir.resolve("vmalert.yml"),
        "-httpListenAddr=127.0.0.1:0").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
  }

  @Test
  void promtoolAcceptsTheGroupsOfTheMimirTheThanosAndTheOperatorFiles(@TempDir Path dir) throws Exception {
    RuleSet thousand = RuleGenerator.ofDefaults().generate(TargetTest.slos(1000));
    String mimir = thousand.render(HEADER, Target.mimir("shop", Target.MIMIR_DEFAULT_MAX_GROUPS, 0));
    assertThat(mimir).contains("\nnamespace: shop\n");
    Files.writeString(dir.resolve("mimir.yml"), mimir.replace("\nnamespace: shop\n", "\n"));
    Promtool.assertRulesValid(dir, "mimir.yml");
    System.out.println("TargetsIT mimir: " + mimir.lines().filter(l -> l.startsWith("# For Grafana Mimir"))
        .findFirst().orElseThrow());

    RuleSet rules = RuleGenerator.ofDefaults().generate(TargetTest.slos(20));
    String thanos = rules.render(HEADER, Target.thanos());
    assertThat(thanos).contains("  partial_response_strategy: abort\n");
    Files.writeString(dir.resolve("thanos.yml"), thanos.replace("  partial_response_strategy: abort\n", ""));
    Promtool.assertRulesValid(dir, "thanos.yml");

    String operator = rules.render(HEADER, Target.operator("shop", "monitoring", Map.of("release", "kps"), false));
    String spec = operator.substring(operator.indexOf("\nspec:\n") + "\nspec:\n".length()).lines()
        .map(l -> l.substring(2)).collect(java.util.stream.Collectors.joining("\n", "", "\n"));
    Files.writeString(dir.resolve("operator-spec.yml"), spec);
    Promtool.assertRulesValid(dir, "operator-spec.yml");
  }
}
