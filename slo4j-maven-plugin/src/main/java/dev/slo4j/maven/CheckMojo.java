package dev.slo4j.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Fails the build when the checked-in rule files are missing or differ from what the project's SLOs render now, so
 * an objective changed in code or configuration cannot ship with yesterday's alerts. Renders in memory and writes
 * nothing; prints a short diff of each stale file and the command that regenerates them.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VERIFY, requiresDependencyResolution = ResolutionScope.COMPILE,
    threadSafe = true)
public final class CheckMojo extends AbstractSlo4jMojo {

  @Override
  protected boolean readsOnlyCompiledClasses() {
    return true;
  }

  @Override
  protected void handle(Rendered rendered) throws MojoExecutionException, MojoFailureException {
    List<String> stale = new ArrayList<>();
    List<String> current = new ArrayList<>();
    for (Map.Entry<String, String> f : rendered.files().entrySet()) {
      Path target = rendered.directory().resolve(f.getKey());
      String shown = display(target);
      String checkedIn;
      try {
        checkedIn = Files.isRegularFile(target) ? Files.readString(target, StandardCharsets.UTF_8) : null;
      } catch (IOException e) {
        throw new MojoExecutionException("slo4j: cannot read " + target + ": " + e.getMessage(), e);
      }
      if (checkedIn == null) {
        stale.add(shown + " (missing)");
        getLog().error("slo4j: missing: " + shown + " is not checked in");
      } else if (!StaleFileDiff.sameContent(checkedIn, f.getValue())) {
        stale.add(shown + " (stale)");
        getLog().error("slo4j: stale: " + shown + " differs from what the SLOs generate now:\n"
            + StaleFileDiff.diff(shown, checkedIn, f.getValue(), StaleFileDiff.DEFAULT_MAX_LINES));
      } else {
        current.add(shown);
      }
    }
    if (!stale.isEmpty()) {
      throw new MojoFailureException("slo4j: " + stale.size() + " checked-in file" + (stale.size() == 1 ? "" : "s")
          + " out of date: " + String.join(", ", stale) + ".\nRegenerate them, then commit the result:\n  "
          + rendered.command());
    }
    getLog().info("slo4j: up to date: " + String.join(", ", current));
  }
}
