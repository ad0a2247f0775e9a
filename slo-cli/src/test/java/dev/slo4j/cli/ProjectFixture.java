package dev.slo4j.cli;

import dev.slo4j.annotation.Slo;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** A tiny compiled service: one class with an {@code @Slo} method, and its application.properties. */
final class ProjectFixture {

  private ProjectFixture() {}

  static final String SOURCE = """
      package demo;

      import dev.slo4j.annotation.Slo;

      public class Checkout {
        @Slo(name = "checkout", description = "Checkouts are accepted without a server error.")
        public void checkout() {}
      }
      """;

  /**
   * Compiles the class into {@code dir/classes} against slo-core (where {@code @Slo} lives; no annotation processor)
   * and writes {@code application.properties} beside it. Returns the classes directory.
   */
  static Path compile(Path dir, String properties) throws IOException {
    Path src = dir.resolve("src/demo/Checkout.java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, SOURCE, StandardCharsets.UTF_8);
    Path classes = dir.resolve("classes");
    Files.createDirectories(classes);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IllegalStateException("the tests need a JDK (javax.tools), not a JRE");
    }
    StringWriter out = new StringWriter();
    int exit = javac.getTask(out, null, null, List.of("-proc:none", "-d", classes.toString(), "-classpath",
        sloCore().toString()), null, javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)
        .getJavaFileObjects(src)).call() ? 0 : 1;
    if (exit != 0) {
      throw new IllegalStateException("the fixture does not compile: " + out);
    }
    Files.writeString(classes.resolve("application.properties"), properties, StandardCharsets.ISO_8859_1);
    return classes;
  }

  /** slo-core's jar or classes on the test class path (surefire may hide the class path in a manifest jar). */
  static Path sloCore() {
    try {
      return Path.of(Slo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
