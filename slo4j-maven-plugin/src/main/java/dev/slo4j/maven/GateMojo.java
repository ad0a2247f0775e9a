package dev.slo4j.maven;

import dev.slo4j.rules.ReleaseGate;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * The error-budget policy applied to a release in the build, as {@code slo4j gate} applies it: asks Prometheus for
 * each of the project's SLOs' remaining budget and applies the policy its spec files state (else the SRE Workbook's),
 * with the overrides given here. Go: the build goes on and logs the table. Blocked: the build fails with the verdict.
 * Cannot tell (Prometheus unreachable, a series missing, invalid input): the build fails too, saying it could not
 * tell, because a gate that cannot read the budget must never pass a release silently.
 */
@Mojo(name = "gate", requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
public final class GateMojo extends AbstractSlo4jMojo {

  /** The base URL of the Prometheus that evaluates the project's slo4j rules, e.g. {@code http://prometheus:9090}. */
  @Parameter(property = "slo4j.prometheus")
  private String prometheus;

  /** The release's labels; one among the policy's exceptions (e.g. {@code reliability}) passes a freeze. */
  @Parameter(property = "slo4j.releaseLabels")
  private List<String> releaseLabels;

  /** Warn below this remaining budget ({@code 25%} or {@code 0.25}); default: the specs' policy, else 25%. */
  @Parameter(property = "slo4j.warnBelow")
  private String warnBelow;

  /** Freeze releases below this remaining budget; {@code 0%} freezes once it is spent (default: specs', else 0%). */
  @Parameter(property = "slo4j.freezeBelow")
  private String freezeBelow;

  /** Release labels that pass a freeze; default: the specs' policy, else reliability, security, rollback. */
  @Parameter(property = "slo4j.exceptions")
  private List<String> exceptions;

  /** The timeout of each Prometheus request, at most 5m. */
  @Parameter(property = "slo4j.timeout", defaultValue = "10s")
  private String timeout;

  /** Also writes the result as JSON to this file. */
  @Parameter(property = "slo4j.json")
  private File json;

  @Override
  protected boolean readsOnlyCompiledClasses() {
    return true;
  }

  @Override
  protected void nothingFound() {
    getLog().warn("slo4j: nothing to gate in " + project.getArtifactId() + ": it declares no SLO (above)");
  }

  @Override
  protected void handle(Rendered rendered) throws MojoExecutionException, MojoFailureException {
    ReleaseGate.Result result;
    try {
      result = ReleaseGate.request(name -> "<" + (name.equals("label") ? "releaseLabels" : name) + ">")
          .prometheus(prometheus)
          .labels(releaseLabels == null ? List.of() : releaseLabels)
          .statedPolicy(rendered.budgetPolicy())
          .warnBelow(warnBelow)
          .freezeBelow(freezeBelow)
          .exceptions(exceptions)
          .timeout(timeout)
          .evaluate(rendered.slos());
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException("slo4j: the gate could not tell whether the release may go: invalid input: "
          + e.getMessage());
    }
    String[] table = result.toTable().strip().split("\\R");
    for (int i = 0; i < table.length - 1; i++) {
      getLog().info("slo4j: " + table[i]);
    }
    String verdict = table[table.length - 1];
    if (json != null) {
      try {
        File parent = json.getAbsoluteFile().getParentFile();
        if (parent != null) {
          Files.createDirectories(parent.toPath());
        }
        Files.writeString(json.toPath(), result.toJson() + "\n", StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new MojoExecutionException("slo4j: cannot write the gate's JSON to " + json + ": " + e.getMessage(), e);
      }
      getLog().info("slo4j: wrote " + display(json.toPath()));
    }
    switch (result.exitCode()) {
      case 0 -> getLog().info("slo4j: " + verdict);
      case 1 -> throw new MojoFailureException("slo4j: " + verdict);
      default -> throw new MojoFailureException("slo4j: the gate could not tell whether the release may go, so it"
          + " does not pass it: " + verdict + problems(result));
    }
  }

  private static String problems(ReleaseGate.Result result) {
    StringBuilder b = new StringBuilder();
    for (ReleaseGate.SloVerdict v : result.slos()) {
      if (v.problem() != null) {
        b.append("\n  ").append(v.slo().service()).append('/').append(v.slo().name()).append(": ").append(v.problem());
      }
    }
    return b.toString();
  }
}
