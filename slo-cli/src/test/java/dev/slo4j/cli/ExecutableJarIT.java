package dev.slo4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged jars as a user does, {@code java -jar} in a process of its own: the attached
 * {@code slo-cli-VERSION-all.jar} (what {@code dev.slo4j:slo-cli:VERSION:jar:all} fetches) and the copy at
 * {@code target/slo4j-cli.jar}. Run by failsafe after {@code package}.
 */
class ExecutableJarIT {

  record Run(int exit, String out) {}

  static Path jar(String property) {
    String p = System.getProperty(property);
    assertThat(p).as("system property " + property + " (set by failsafe in slo-cli/pom.xml)").isNotBlank();
    Path jar = Path.of(p);
    assertThat(jar).as("the packaged jar").isRegularFile();
    return jar;
  }

  static Run java(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("java -jar finished").isTrue();
    return new Run(p.exitValue(), out);
  }

  @Test
  void theAllJarRunsWithJavaJar(@TempDir Path dir) throws Exception {
    Path jar = jar("slo4j.cli.jar");
    assertThat(jar.getFileName().toString()).endsWith("-all.jar");
    Run version = java(dir, "-jar", jar.toString(), "--version");
    assertThat(version.exit()).as(version.out()).isZero();
    assertThat(version.out()).startsWith("slo4j 0.1.0-SNAPSHOT");
    for (String sub : List.of("explain", "generate", "check")) {
      Run help = java(dir, "-jar", jar.toString(), sub, "--help");
      assertThat(help.exit()).as(help.out()).isZero();
      assertThat(help.out()).startsWith("Usage: slo4j " + sub);
    }
  }

  @Test
  void theStableCopyRunsAProjectModeGenerate(@TempDir Path dir) throws Exception {
    Path jar = jar("slo4j.cli.stableJar");
    ProjectFixture.compile(dir, "spring.application.name=demo\nslo4j.defaults.objective=99\n");
    Run gen = java(dir, "-jar", jar.toString(), "generate", "--classes", "classes", "--rules", "demo.rules.yml");
    assertThat(gen.exit()).as(gen.out()).isZero();
    assertThat(Files.readString(dir.resolve("demo.rules.yml"))).contains("slo_service=\"demo\"", "> 0.144");
  }

  /**
   * The launcher script (slo-cli/bin/slo4j, with the JVM flags docs/performance.md measured) finds the source build's
   * jar by itself, passes the arguments and the exit code through, and writes the same bytes as java -jar.
   */
  @Test
  void theLauncherScriptRunsTheStableJarWithTheSameOutput(@TempDir Path dir) throws Exception {
    Path launcher = Path.of("bin", "slo4j").toAbsolutePath();
    assertThat(launcher).as("slo-cli/bin/slo4j").isRegularFile().isExecutable();
    jar("slo4j.cli.stableJar");
    Path a = Files.createDirectories(dir.resolve("a"));
    Path b = Files.createDirectories(dir.resolve("b"));
    for (Path d : List.of(a, b)) {
      Files.writeString(d.resolve("spec.yaml"), "version: slo4j/v1\nservice: shop\nslos:\n"
          + "  - name: checkout\n    objective: 99.9%\n");
    }
    Run viaJar = java(a, "-jar", jar("slo4j.cli.stableJar").toString(), "generate", "spec.yaml", "--rules",
        "x.rules.yml");
    assertThat(viaJar.exit()).as(viaJar.out()).isZero();
    Process p = new ProcessBuilder("sh", launcher.toString(), "generate", "spec.yaml", "--rules", "x.rules.yml")
        .directory(b.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(Files.readString(b.resolve("x.rules.yml"))).isEqualTo(Files.readString(a.resolve("x.rules.yml")));
    Process bad = new ProcessBuilder("sh", launcher.toString(), "explain", "missing.yaml").directory(dir.toFile())
        .redirectErrorStream(true).start();
    bad.getInputStream().readAllBytes();
    assertThat(bad.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(bad.exitValue()).as("the command's exit code passes through").isNotZero();
  }

  @Test
  void theThinJarNamesItsMainClass() throws Exception {
    Path all = jar("slo4j.cli.jar");
    Path thin = all.resolveSibling(all.getFileName().toString().replace("-all.jar", ".jar"));
    try (JarFile j = new JarFile(thin.toFile())) {
      assertThat(j.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("dev.slo4j.cli.Slo4jCommand");
    }
  }
}
