package dev.slo4j.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RegenerateCommandTest {

  private static final Path ROOT = Path.of("/repo");

  @Test
  void plainGoalInTheProjectsOwnDirectory() {
    assertThat(RegenerateCommand.of(ROOT, null, ROOT.resolve("pom.xml"))).isEqualTo("mvn slo4j:generate");
    assertThat(RegenerateCommand.of(ROOT, ROOT, ROOT.resolve("pom.xml"))).isEqualTo("mvn slo4j:generate");
  }

  @Test
  void reactorSubmoduleFromTheRootSelectsTheModuleAndItsDependencies() {
    assertThat(RegenerateCommand.of(ROOT, ROOT, ROOT.resolve("services/app/pom.xml")))
        .isEqualTo("mvn -pl services/app -am slo4j:generate   (or: mvn -f services/app/pom.xml slo4j:generate)");
  }

  @Test
  void elsewhereNamesThePomFile() {
    assertThat(RegenerateCommand.of(ROOT, null, ROOT.resolve("app/pom.xml")))
        .isEqualTo("mvn -f app/pom.xml slo4j:generate");
    assertThat(RegenerateCommand.of(ROOT.resolve("other"), ROOT, ROOT.resolve("app/pom.xml")))
        .isEqualTo("mvn -f ../app/pom.xml slo4j:generate");
    assertThat(RegenerateCommand.of(ROOT, null, ROOT.resolve("build.xml")))
        .isEqualTo("mvn -f build.xml slo4j:generate");
  }
}
