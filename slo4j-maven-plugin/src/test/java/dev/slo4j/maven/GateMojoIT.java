package dev.slo4j.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slo4j.testing.Prometheus;
import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code slo4j:gate} goal, run in-process on a project whose SLOs come from a spec file (read by the same
 * rendering as {@code generate}, {@code check} and {@code lint}), against a real Prometheus 2.42 whose history is
 * backfilled with {@code promtool tsdb create-blocks-from openmetrics}: go, blocked, an allowed exception, a policy
 * stated in the spec, a missing series and an unreachable Prometheus.
 */
class GateMojoIT {

  @TempDir
  static Path dir;
  static Prometheus prometheus;

  @BeforeAll
  static void prometheusWithHistory() throws Exception {
    prometheus = Prometheus.withGateHistory(dir);
    Files.writeString(dir.resolve("strict.yaml"), """
        version: slo4j/v1
        service: low
        budgetPolicy: {warnBelow: 50%, freezeBelow: 20%}
        slos:
          - name: checkout
            objective: 99.9%
        """);
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
  }

  /** The goal as Maven configures it: the project, its spec and the given parameters; logs captured. */
  private static GateMojo gate(String spec, List<String> logged, Map<String, Object> parameters) throws Exception {
    Path project = Files.createDirectories(dir.resolve("project-" + spec));
    Files.writeString(project.resolve("pom.xml"), "<project/>");
    MavenProject maven = new MavenProject();
    maven.setArtifactId("app");
    maven.setFile(project.resolve("pom.xml").toFile());
    maven.getBuild().setOutputDirectory(project.resolve("target/classes").toString());
    GateMojo mojo = new GateMojo();
    set(mojo, "project", maven);
    set(mojo, "outputDirectory", project.resolve("src/main/resources/slo4j").toFile());
    set(mojo, "specs", List.of(dir.resolve(spec).toFile()));
    set(mojo, "timeout", "10s");
    set(mojo, "prometheus", prometheus.url().toString());
    for (Map.Entry<String, Object> p : parameters.entrySet()) {
      set(mojo, p.getKey(), p.getValue());
    }
    mojo.setLog((Log) Proxy.newProxyInstance(Log.class.getClassLoader(), new Class<?>[] {Log.class},
        (proxy, method, args) -> {
          if (method.getName().startsWith("is")) {
            return true;
          }
          if (args != null && args.length > 0 && args[0] instanceof CharSequence text) {
            logged.add(method.getName() + " " + text);
          }
          return null;
        }));
    return mojo;
  }

  private static void set(Object target, String name, Object value) throws ReflectiveOperationException {
    for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
      try {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        f.set(target, value);
        return;
      } catch (NoSuchFieldException next) {
        // a field of the superclass
      }
    }
    throw new NoSuchFieldException(name);
  }

  @Test
  void aServiceWithinBudgetPassesTheBuildAndLogsTheTable() throws Exception {
    List<String> log = new ArrayList<>();
    Path json = dir.resolve("out/gate.json");
    gate("healthy.yaml", log, Map.of("json", json.toFile())).execute();
    assertThat(String.join("\n", log)).contains("healthy/checkout").contains("93.0%").contains("0.20x")
        .contains("release (no labels): GO");
    assertThat(Files.readString(json)).startsWith("{\"decision\":\"go\",\"exitCode\":0,");
    List<String> low = new ArrayList<>();
    gate("low.yaml", low, Map.of()).execute();
    assertThat(String.join("\n", low)).contains("10.0%").contains("warn").contains("GO");
  }

  @Test
  void aSpentBudgetFailsTheBuildWithTheVerdictAndAnAllowedExceptionPassesSayingSo() throws Exception {
    assertThatThrownBy(() -> gate("spent.yaml", new ArrayList<>(), Map.of("releaseLabels", List.of("feature")))
        .execute())
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("release labelled [feature]: BLOCKED: the error budget is spent")
        .hasMessageContaining("label the release [reliability, rollback, security]");
    List<String> log = new ArrayList<>();
    gate("spent.yaml", log, Map.of("releaseLabels", List.of("reliability"))).execute();
    assertThat(String.join("\n", log)).contains("allowed-exception")
        .contains("GO as an allowed exception to the freeze");
  }

  @Test
  void theSpecsPolicyAppliesAndTheParametersOverrideIt() throws Exception {
    assertThatThrownBy(() -> gate("strict.yaml", new ArrayList<>(), Map.of()).execute())
        .as("10% remaining is below the spec's freeze at 20%")
        .isInstanceOf(MojoFailureException.class).hasMessageContaining("BLOCKED").hasMessageContaining("20%");
    List<String> log = new ArrayList<>();
    gate("strict.yaml", log, Map.of("freezeBelow", "5%")).execute();
    assertThat(String.join("\n", log)).contains("warn").contains("GO");
    assertThatThrownBy(() -> gate("healthy.yaml", new ArrayList<>(), Map.of("warnBelow", "125%")).execute())
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("could not tell").hasMessageContaining("<warnBelow> '125%' is outside [0%, 100%]");
  }

  @Test
  void aMissingSeriesOrAnUnreachablePrometheusFailsTheBuildSayingItCouldNotTell() throws Exception {
    assertThatThrownBy(() -> gate("never-deployed.yaml", new ArrayList<>(), Map.of()).execute())
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("could not tell")
        .hasMessageContaining("never-deployed/checkout: no slo4j:error_budget_remaining:ratio");
    assertThatThrownBy(() -> gate("healthy.yaml", new ArrayList<>(), Map.of("prometheus", "http://127.0.0.1:"
        + Prometheus.freePort(), "timeout", "2s")).execute())
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("could not tell").hasMessageContaining("cannot be reached");
    assertThatThrownBy(() -> gate("healthy.yaml", new ArrayList<>(), Map.of("prometheus", "")).execute())
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("could not tell").hasMessageContaining("<prometheus> is required");
  }
}
