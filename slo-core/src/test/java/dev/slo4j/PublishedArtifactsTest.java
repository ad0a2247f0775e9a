package dev.slo4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The layout a user depends on: every module of the reactor that is deployed (its pom does not set
 * {@code maven.deploy.skip} to true, itself or through an aggregator such as examples/) is listed in slo4j-bom and
 * nothing else is; each has a name, a description and the expected JPMS automatic module name; the modules that are
 * never published and have main sources build no sources or javadoc jar. Reads the poms from the source tree (the tests run in slo-core/).
 */
class PublishedArtifactsTest {

  /** The automatic module name of each published artifact; a new published module must be added here. */
  private static final Map<String, String> MODULE_NAMES = Map.of(
      "slo-core", "dev.slo4j.core",
      "slo-rules", "dev.slo4j.rules",
      "slo-resilience", "dev.slo4j.resilience",
      "slo-micrometer", "dev.slo4j.micrometer",
      "slo-opentelemetry", "dev.slo4j.opentelemetry",
      "slo-processor", "dev.slo4j.processor",
      "slo-spring-autoconfigure", "dev.slo4j.spring",
      "slo-test", "dev.slo4j.test",
      "slo-cli", "dev.slo4j.cli",
      "slo4j-maven-plugin", "dev.slo4j.maven");

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Map<String, Element> PUBLISHED = new TreeMap<>();
  private static final Map<String, Element> UNPUBLISHED = new TreeMap<>();
  private static final Map<String, Path> DIRS = new TreeMap<>();
  private static Element root;
  private static Element bom;

  @BeforeAll
  static void readReactor() throws Exception {
    root = parse(ROOT.resolve("pom.xml"));
    bom = parse(ROOT.resolve("slo4j-bom/pom.xml"));
    walk(ROOT, root, false);
  }

  /** Collects the jar and maven-plugin modules under an aggregator, published or not. */
  private static void walk(Path dir, Element aggregator, boolean skippedAbove) throws Exception {
    for (String module : texts(child(aggregator, "modules"), "module")) {
      Path moduleDir = dir.resolve(module);
      Element pom = parse(moduleDir.resolve("pom.xml"));
      String artifactId = text(pom, "artifactId");
      if (artifactId.equals("slo4j-bom")) {
        continue;
      }
      boolean skipped = skippedAbove || "true".equals(property(pom, "maven.deploy.skip"));
      String packaging = text(pom, "packaging");
      if ("pom".equals(packaging)) {
        walk(moduleDir, pom, skipped);
      } else {
        (skipped ? UNPUBLISHED : PUBLISHED).put(artifactId, pom);
        DIRS.put(artifactId, moduleDir);
      }
    }
  }

  @Test
  void theJarCarriesTheLicenseAndNotice() throws Exception {
    // The parent pom copies them into META-INF of every module's classes, so into every jar.
    for (String file : List.of("LICENSE", "NOTICE")) {
      Path copied = Path.of("target", "classes", "META-INF", file);
      assertThat(copied).as(file + " in slo-core's jar").exists();
      assertThat(Files.readString(copied)).isEqualTo(Files.readString(Path.of("..", file)));
    }
  }

  @Test
  void theBomListsExactlyThePublishedModules() {
    List<String> listed = new ArrayList<>();
    for (Element dependency : children(child(child(bom, "dependencyManagement"), "dependencies"), "dependency")) {
      assertThat(text(dependency, "groupId")).isEqualTo("dev.slo4j");
      assertThat(text(dependency, "version")).isEqualTo("${project.version}");
      assertThat(text(dependency, "scope")).as("a BOM imports nothing").isNull();
      listed.add(text(dependency, "artifactId"));
    }
    assertThat(listed).doesNotHaveDuplicates();
    assertThat(new TreeSet<>(listed)).containsExactlyElementsOf(PUBLISHED.keySet());
    assertThat(PUBLISHED.keySet()).containsExactlyInAnyOrderElementsOf(MODULE_NAMES.keySet());
  }

  @Test
  void theBomStandsAloneAtTheReactorsCoordinates() {
    assertThat(child(bom, "parent")).as("a parent would leak slo4j-parent's third-party versions").isNull();
    assertThat(text(bom, "groupId")).isEqualTo(text(root, "groupId"));
    assertThat(text(bom, "version")).isEqualTo(text(root, "version"));
    assertThat(text(bom, "packaging")).isEqualTo("pom");
    assertThat(child(bom, "dependencies")).isNull();
    for (Element pom : List.of(root, bom)) {
      assertThat(text(pom, "url")).isEqualTo("https://github.com/slo4j/slo4j");
      assertThat(text(child(child(pom, "licenses"), "license"), "name")).isEqualTo("Apache-2.0");
      assertThat(text(child(pom, "scm"), "url")).isEqualTo("https://github.com/slo4j/slo4j");
      assertThat(text(child(child(pom, "developers"), "developer"), "name")).isEqualTo("The slo4j authors");
      assertThat(text(child(pom, "issueManagement"), "system")).isEqualTo("GitHub");
      assertThat(property(pom, "project.build.outputTimestamp")).isNotBlank();
    }
  }

  @Test
  void everyPublishedModuleHasANameADescriptionAndItsAutomaticModuleName() {
    Map<String, String> names = new LinkedHashMap<>();
    PUBLISHED.forEach((artifactId, pom) -> {
      assertThat(text(pom, "name")).as(artifactId + " name").isNotBlank();
      assertThat(text(pom, "description")).as(artifactId + " description").isNotBlank();
      names.put(artifactId, property(pom, "slo4j.module.name"));
    });
    assertThat(names).containsExactlyInAnyOrderEntriesOf(MODULE_NAMES);
  }

  @Test
  void unpublishedModulesWithMainSourcesBuildNoSourcesOrJavadocJar() {
    assertThat(UNPUBLISHED).containsKeys("slo-test-fixtures", "slo-spring-boot3-tests", "slo4j-benchmarks");
    UNPUBLISHED.forEach((artifactId, pom) -> {
      if (!Files.isDirectory(DIRS.get(artifactId).resolve("src/main/java"))) {
        return; // tests only: neither plugin has anything to package
      }
      // the examples inherit the skips from examples/pom.xml
      Element owner = property(pom, "maven.javadoc.skip") == null ? examples() : pom;
      assertThat(property(owner, "maven.javadoc.skip")).as(artifactId).isEqualTo("true");
      assertThat(property(owner, "maven.source.skip")).as(artifactId).isEqualTo("true");
    });
  }

  private static Element examples() {
    try {
      return parse(ROOT.resolve("examples/pom.xml"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Element parse(Path pom) throws Exception {
    assertThat(pom).exists();
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    try (var in = Files.newInputStream(pom)) {
      Document document = factory.newDocumentBuilder().parse(in);
      return document.getDocumentElement();
    }
  }

  private static String property(Element pom, String name) {
    return text(child(pom, "properties"), name);
  }

  /** The trimmed text of the direct child element, or null when there is none. */
  private static String text(Element parent, String name) {
    Element child = child(parent, name);
    return child == null ? null : child.getTextContent().trim();
  }

  private static Element child(Element parent, String name) {
    List<Element> all = children(parent, name);
    return all.isEmpty() ? null : all.get(0);
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    if (parent == null) {
      return found;
    }
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element && element.getTagName().equals(name)) {
        found.add(element);
      }
    }
    return found;
  }

  private static List<String> texts(Element parent, String name) {
    return children(parent, name).stream().map(e -> e.getTextContent().trim()).toList();
  }
}
