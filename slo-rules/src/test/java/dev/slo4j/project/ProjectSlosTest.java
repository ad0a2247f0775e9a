package dev.slo4j.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.SloValidationException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real class files, compiled here with javac (no annotation processor), read as a build reads them. */
class ProjectSlosTest {

  static Path compile(Path dir, String className, String source) throws Exception {
    Path src = dir.resolve("src/" + className.replace('.', '/') + ".java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, source);
    Path out = Files.createDirectories(dir.resolve("classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
      boolean ok = javac.getTask(new StringWriter(), files, null, List.of("-d", out.toString(), "-proc:none",
          "-classpath", System.getProperty("java.class.path")), null, files.getJavaFileObjects(src)).call();
      assertThat(ok).as("compiles").isTrue();
    }
    return out;
  }

  static final String SHOP = """
      package shop;
      import dev.slo4j.annotation.Slo;
      public class Checkout {
        @Slo(name = "checkout", badOn = java.io.IOException.class)
        public String pay() { return "ok"; }
        @Slo(name = "quote", latency = "300ms")
        public String quote() { return "ok"; }
      }
      """;

  @Test
  void annotationsOfCompiledClassesResolveWithTheServicesPropertiesAsAtRunTime(@TempDir Path dir) throws Exception {
    Path classes = compile(dir, "shop.Checkout", SHOP);
    Files.writeString(classes.resolve("application.properties"),
        "spring.application.name=demo\nslo4j.defaults.objective=99\nslo4j.slos.orders.observation=http.server.requests\n"
            + "slo4j.slos.orders.latency=1s\n");
    ProjectSlos.Result r = ProjectSlos.builder().classes(classes).resolve();
    assertThat(r.service()).isEqualTo("demo");
    assertThat(r.serviceSource()).endsWith("application.properties: spring.application.name");
    assertThat(r.slos()).extracting(ServiceLevelObjective::name).containsExactly("checkout", "orders", "quote");
    assertThat(r.slos()).allSatisfy(s -> {
      assertThat(s.service()).isEqualTo("demo");
      assertThat(s.objective().toPercentString()).as("slo4j.defaults.objective, as the service measures it")
          .isEqualTo("99%");
    });
    assertThat(r.read()).anySatisfy(l -> assertThat(l).endsWith("application.properties"))
        .contains("1 class with @Slo in 1 class path entry");
  }

  @Test
  void aProfileAndYamlApplyAsSpringAppliesThem(@TempDir Path dir) throws Exception {
    Path classes = compile(dir, "shop.Checkout", SHOP);
    Files.writeString(classes.resolve("application.yml"), "spring:\n  application:\n    name: demo\n");
    Files.writeString(classes.resolve("application-prod.yml"), "slo4j:\n  defaults:\n    window: 28d\n");
    assertThat(ProjectSlos.builder().classes(classes).resolve().slos().get(0).window())
        .isEqualTo(ServiceLevelObjective.DEFAULT_WINDOW);
    assertThat(ProjectSlos.builder().classes(classes).profiles(List.of("prod")).resolve().slos().get(0).window())
        .isEqualTo(Duration.ofDays(28));
  }

  @Test
  void profilesOfSpringProfilesActiveApplyInTheirOrderTheLaterWinning(@TempDir Path dir) throws Exception {
    Path classes = compile(dir, "shop.Checkout", SHOP);
    Files.writeString(classes.resolve("application.properties"),
        "spring.application.name=demo\nspring.profiles.active=eu,prod\n");
    Files.writeString(classes.resolve("application-eu.properties"), "slo4j.defaults.window=7d\n");
    Files.writeString(classes.resolve("application-prod.properties"), "slo4j.defaults.window=28d\n");
    assertThat(ProjectSlos.builder().classes(classes).resolve().slos().get(0).window())
        .as("prod, the later profile, wins as in Spring").isEqualTo(Duration.ofDays(28));
  }

  @Test
  void sloInADependencyJarAndThePlatformDefaultsOnTheClassPathCount(@TempDir Path dir) throws Exception {
    Path lib = compile(dir.resolve("lib"), "shop.Checkout", SHOP);
    Path jar = dir.resolve("lib.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(lib)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        out.putNextEntry(new JarEntry(lib.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, out);
      }
      out.putNextEntry(new JarEntry(Slo4jConfig.PLATFORM_DEFAULTS));
      out.write("objective: 99.5%\nlabels:\n  team: platform\n".getBytes(StandardCharsets.UTF_8));
    }
    Path app = Files.createDirectories(dir.resolve("app"));
    Files.writeString(app.resolve("application.properties"), "spring.application.name=shop\n");
    ProjectSlos.Result r = ProjectSlos.builder().classes(app).classpath(List.of(jar)).resolve();
    assertThat(r.slos()).extracting(ServiceLevelObjective::name).containsExactly("checkout", "quote");
    assertThat(r.slos().get(0).objective().toPercentString()).isEqualTo("99.5%");
    assertThat(r.slos().get(0).labels()).containsEntry("team", "platform");
    assertThat(ProjectSlos.builder().classes(app).classpath(List.of(jar)).scanDependencies(false).resolve().slos())
        .isEmpty();

    Path other = Files.createDirectories(dir.resolve("other/META-INF/slo4j"));
    Files.writeString(other.resolve("defaults.yaml"), "objective: 99%\n");
    assertThatThrownBy(() -> ProjectSlos.builder().classes(app).classpath(List.of(jar, dir.resolve("other")))
        .resolve()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 different platform defaults files");
  }

  @Test
  void noServiceAndAMismatchedServiceAreErrorsThatNameTheFix(@TempDir Path dir) throws Exception {
    Path classes = compile(dir, "shop.Checkout", SHOP);
    assertThatThrownBy(() -> ProjectSlos.builder().classes(classes).resolve())
        .isInstanceOf(SloValidationException.class)
        .hasMessageContaining("@Slo on shop.Checkout#pay: slo 'checkout': no service owns this SLO; set "
            + "spring.application.name or slo4j.service");
    assertThat(ProjectSlos.builder().classes(classes).service("shop").resolve().service()).isEqualTo("shop");
    Files.writeString(classes.resolve("application.properties"), "spring.application.name=demo\n");
    assertThatThrownBy(() -> ProjectSlos.builder().classes(classes).service("demo-service")
        .serviceSource("<service> of slo4j-maven-plugin").resolve())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'demo-service' by <service> of slo4j-maven-plugin but 'demo' by");
  }

  @Test
  void theMarkerFilterFindsTheAnnotationInAClassFileOnly() {
    assertThat(ProjectSlos.Builder.mentions("xxLdev/slo4j/annotation/Slo;yy".getBytes(StandardCharsets.UTF_8)))
        .isTrue();
    assertThat(ProjectSlos.Builder.mentions("Ldev/slo4j/annotation/Sl".getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(ProjectSlos.library("dev.slo4j.spring.AnnotatedSloMethods")).isTrue();
    assertThat(ProjectSlos.library("dev.slo4j.examples.checkout.CheckoutController")).isFalse();
  }

}
