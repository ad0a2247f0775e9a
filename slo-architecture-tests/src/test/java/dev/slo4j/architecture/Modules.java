package dev.slo4j.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The module map of docs/architecture.md, as data: which published modules exist, which slo4j modules each may
 * depend on, and which module a compiled class came from (its jar or {@code target/classes} folder).
 */
final class Modules {

  /** Every published module, in dependency order; each may depend only on the modules listed for it. */
  static final Map<String, Set<String>> ALLOWED = Map.of(
      "slo-core", Set.of(),
      "slo-rules", Set.of("slo-core"),
      "slo-resilience", Set.of("slo-core"),
      "slo-micrometer", Set.of("slo-core"),
      "slo-opentelemetry", Set.of("slo-core"),
      "slo-processor", Set.of("slo-core", "slo-rules"),
      "slo-spring-autoconfigure", Set.of("slo-core", "slo-rules", "slo-micrometer", "slo-resilience",
          "slo-opentelemetry"),
      "slo-test", Set.of("slo-core", "slo-rules", "slo-resilience"),
      "slo-cli", Set.of("slo-core", "slo-rules", "slo-processor"),
      "slo4j-maven-plugin", Set.of("slo-core", "slo-rules"));

  /** The published modules in the order docs/public-api.txt lists them. */
  static final List<String> ORDER = List.of("slo-core", "slo-rules", "slo-resilience", "slo-micrometer",
      "slo-opentelemetry", "slo-processor", "slo-spring-autoconfigure", "slo-test", "slo-cli", "slo4j-maven-plugin");

  static final Pattern MODULE = Pattern.compile(
      "/(slo-[a-z0-9-]+|slo4j-maven-plugin)(?:/target/classes/|-\\d[^/]*\\.jar!/)");

  static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .withImportOption(location -> MODULE.matcher(location.asURI().toString()).find())
      .importPackages("dev.slo4j");

  private Modules() {}

  /** The module a slo4j class was compiled in, empty for a class outside the published modules. */
  static Optional<String> of(JavaClass c) {
    return c.getSource().map(s -> s.getUri().toString()).flatMap(uri -> {
      Matcher m = MODULE.matcher(uri);
      return m.find() && ALLOWED.containsKey(m.group(1)) ? Optional.of(m.group(1)) : Optional.empty();
    });
  }
}
