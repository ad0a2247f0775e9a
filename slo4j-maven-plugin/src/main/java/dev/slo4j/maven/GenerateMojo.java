package dev.slo4j.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Execute;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Writes the project's Prometheus rules, promtool tests, Alertmanager inhibit rules and optional dashboard into
 * {@code outputDirectory}, to be checked in. Compiles first ({@code process-classes}), because the SLOs are read from
 * the compiled {@code @Slo} annotations. Files whose content is unchanged are not rewritten, so their timestamps stay
 * and incremental builds downstream are not triggered.
 */
@Mojo(name = "generate", requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
@Execute(phase = LifecyclePhase.PROCESS_CLASSES)
public final class GenerateMojo extends AbstractSlo4jMojo {

  @Override
  protected boolean readsOnlyCompiledClasses() {
    return false;
  }

  @Override
  protected void handle(Rendered rendered) throws MojoExecutionException {
    List<String> upToDate = new ArrayList<>();
    for (Map.Entry<String, String> f : rendered.files().entrySet()) {
      Path target = rendered.directory().resolve(f.getKey());
      try {
        if (Files.isRegularFile(target)
            && StaleFileDiff.sameContent(Files.readString(target, StandardCharsets.UTF_8), f.getValue())) {
          upToDate.add(display(target));
          continue;
        }
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.writeString(target, f.getValue(), StandardCharsets.UTF_8);
        getLog().info("slo4j: wrote " + display(target));
      } catch (IOException e) {
        throw new MojoExecutionException("slo4j: cannot write " + target + " (parameter <outputDirectory>, property "
            + "slo4j.outputDirectory = " + rendered.directory() + "): " + e.getMessage(), e);
      }
    }
    if (!upToDate.isEmpty()) {
      getLog().info("slo4j: up to date: " + String.join(", ", upToDate));
    }
  }
}
