package dev.slo4j.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** Compiles real sources with javac and the processor, as a user's build would. */
class SloAnnotationProcessorTest {

  record Compilation(boolean success, List<Diagnostic<? extends JavaFileObject>> diagnostics, Path out) {
    String errors() {
      return diagnostics.stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
          .map(d -> "line " + d.getLineNumber() + ": " + d.getMessage(null)).reduce("", (a, b) -> a + b + "\n");
    }
  }

  static Compilation compile(Path dir, String source, String... options) throws Exception {
    Path src = dir.resolve("src/shop/CheckoutService.java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, source);
    Path out = Files.createDirectories(dir.resolve("classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
      List<String> args = new java.util.ArrayList<>(List.of(
          "-d", out.toString(), "-classpath", System.getProperty("java.class.path"), "-proc:only"));
      args.addAll(List.of(options));
      JavaCompiler.CompilationTask task = javac.getTask(new StringWriter(), files, diagnostics, args, null,
          files.getJavaFileObjects(src));
      task.setProcessors(List.of(new SloAnnotationProcessor()));
      boolean ok = task.call();
      return new Compilation(ok, diagnostics.getDiagnostics(), out);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void writesEveryAnnotatedSloIntoTheDescriptor(@TempDir Path dir) throws Exception {
    Compilation c = compile(dir, """
        package shop;
        import dev.slo4j.annotation.Slo;
        class CheckoutService {
          @Slo(name = "checkout-latency", objective = "99%", latency = "300ms", labels = "team=payments",
               runbookUrl = "https://runbooks.example/checkout")
          String checkout() { return "ok"; }
          @Slo(name = "cart-availability", badOn = java.io.IOException.class,
               goodOn = IllegalArgumentException.class, page = false)
          String cart() { return "ok"; }
        }
        """, "-Aslo4j.service=shop");
    assertThat(c.success()).as(c.errors()).isTrue();
    String yaml = Files.readString(c.out().resolve(SloAnnotationProcessor.DESCRIPTOR));
    assertThat(yaml).contains("# shop.CheckoutService#checkout", "# shop.CheckoutService#cart");
    java.util.Map<String, Object> doc = new Yaml().load(yaml);
    assertThat(doc).containsEntry("version", "slo4j/v1");
    List<java.util.Map<String, Object>> slos = (List<java.util.Map<String, Object>>) doc.get("slos");
    assertThat(slos).extracting(s -> s.get("name")).containsExactly("cart-availability", "checkout-latency");
    // Left unsaid stays unsaid: the platform's defaults fill it where rules are generated (issue 13: the processor
    // wrote 99.9% while the service measured the platform's 99%).
    assertThat(slos.get(0)).containsEntry("service", "shop").doesNotContainKeys("objective", "window");
    assertThat((java.util.Map<String, Object>) slos.get(0).get("sli")).isEqualTo(java.util.Map.of("availability",
        java.util.Map.of("badOn", List.of("java.io.IOException"),
            "goodOn", List.of("java.lang.IllegalArgumentException"))));
    assertThat((java.util.Map<String, Object>) slos.get(0).get("alerting"))
        .containsEntry("page", false).doesNotContainKey("ticket");
    assertThat(slos.get(1)).containsEntry("objective", "99%")
        .containsEntry("labels", java.util.Map.of("team", "payments"))
        .containsEntry("sli", java.util.Map.of("latency", java.util.Map.of("threshold", "300ms")));
  }

  @Test
  void aBadDeclarationFailsTheCompileOnItsLineWithTheModelsMessage(@TempDir Path dir) throws Exception {
    Compilation c = compile(dir, """
        package shop;
        import dev.slo4j.annotation.Slo;
        class CheckoutService {
          @Slo(name = "checkout", service = "shop", objective = "100%", labels = "team")
          String checkout() { return "ok"; }
        }
        """);
    assertThat(c.success()).isFalse();
    assertThat(c.errors()).contains(
        "line 4: @Slo: label 'team' is not name=value; write e.g. \"team=payments\"",
        "line 4: @Slo: slo 'checkout': objective 100% leaves no error budget; use a value below 100%, e.g. 99.9%");
  }

  @Test
  void withoutAServiceTheCompileWarnsAndNamesTheFix(@TempDir Path dir) throws Exception {
    Compilation c = compile(dir, """
        package shop;
        import dev.slo4j.annotation.Slo;
        class CheckoutService {
          @Slo(name = "checkout")
          String checkout() { return "ok"; }
        }
        """);
    assertThat(c.success()).as(c.errors()).isTrue();
    assertThat(c.diagnostics()).filteredOn(d -> d.getKind() == Diagnostic.Kind.WARNING)
        .extracting(d -> d.getLineNumber() + ": " + d.getMessage(null))
        .singleElement().asString().startsWith("4: @Slo(name = \"checkout\") names no service")
        .contains("mvn slo4j:generate", "spring.application.name", "-Aslo4j.service=NAME");
    // Written all the same, without a service: never dropped silently.
    assertThat(Files.readString(c.out().resolve(SloAnnotationProcessor.DESCRIPTOR)))
        .contains("name: \"checkout\"").doesNotContain("service:");
  }

  @Test
  void theServiceComesFromApplicationPropertiesAndAContradictingOptionIsAnError(@TempDir Path dir) throws Exception {
    String source = """
        package shop;
        import dev.slo4j.annotation.Slo;
        class CheckoutService {
          @Slo(name = "checkout")
          String checkout() { return "ok"; }
        }
        """;
    // The build copies resources into the class output before it compiles.
    Files.createDirectories(dir.resolve("classes"));
    Files.writeString(dir.resolve("classes/application.properties"), "spring.application.name=demo\n");
    Compilation c = compile(dir, source);
    assertThat(c.success()).as(c.errors()).isTrue();
    assertThat(c.diagnostics()).noneMatch(d -> d.getKind() == Diagnostic.Kind.WARNING
        && d.getMessage(null).contains("names no service"));
    assertThat(Files.readString(c.out().resolve(SloAnnotationProcessor.DESCRIPTOR))).contains("service: \"demo\"");

    Compilation mismatch = compile(dir, source, "-Aslo4j.service=demo-service");
    assertThat(mismatch.success()).isFalse();
    assertThat(mismatch.errors()).contains("the service is 'demo-service' by -Aslo4j.service but 'demo' by "
        + "application.properties: spring.application.name");
  }

  @Test
  void withoutAServiceABadDeclarationIsStillChecked(@TempDir Path dir) throws Exception {
    Compilation c = compile(dir, """
        package shop;
        import dev.slo4j.annotation.Slo;
        class CheckoutService {
          @Slo(name = "checkout", latency = "0ms")
          String checkout() { return "ok"; }
        }
        """);
    assertThat(c.errors()).contains("line 4: @Slo: slo 'checkout': sli.latency.threshold 0ms makes every call bad");
    assertThat(c.out().resolve(SloAnnotationProcessor.DESCRIPTOR)).doesNotExist();
  }
}
