package dev.slo4j.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The rules of docs/architecture.md, checked on the compiled classes of every published module: a violation names
 * the class, what it depends on and the rule it breaks.
 */
class ArchitectureTest {

  /** Third-party packages and the only modules that may use them. */
  private static final Map<String, Set<String>> THIRD_PARTY = Map.of(
      "io.micrometer.", Set.of("slo-micrometer", "slo-spring-autoconfigure"),
      "org.springframework.", Set.of("slo-spring-autoconfigure", "slo-test"),
      "io.github.resilience4j.", Set.of("slo-resilience"),
      "io.opentelemetry.", Set.of("slo-opentelemetry", "slo-spring-autoconfigure"),
      "org.yaml.snakeyaml.", Set.of("slo-rules"),
      "picocli.", Set.of("slo-cli"),
      "org.apache.maven.", Set.of("slo4j-maven-plugin"),
      "org.junit.", Set.of("slo-test"),
      "org.assertj.", Set.of("slo-test"),
      "reactor.", Set.of("slo-test"));

  @Test
  void everyModuleIsImportedAndEveryClassBelongsToOne() {
    Map<String, Integer> perModule = new TreeMap<>();
    for (JavaClass c : Modules.CLASSES) {
      perModule.merge(Modules.of(c).orElseThrow(() -> new AssertionError("no module for " + c.getName())), 1,
          Integer::sum);
    }
    assertThat(perModule.keySet()).containsExactlyInAnyOrderElementsOf(Modules.ALLOWED.keySet());
  }

  @Test
  void modulesDependOnlyInTheAllowedDirections() {
    List<String> violations = new ArrayList<>();
    for (JavaClass c : Modules.CLASSES) {
      String module = Modules.of(c).orElseThrow();
      for (Dependency d : c.getDirectDependenciesFromSelf()) {
        JavaClass target = d.getTargetClass();
        String name = target.getName();
        if (name.startsWith("dev.slo4j.examples.") || name.startsWith("dev.slo4j.benchmarks.")
            || name.startsWith("dev.slo4j.testing.")) {
          violations.add(module + ": " + d.getDescription() + " (examples, benchmarks and test fixtures are never "
              + "dependencies)");
          continue;
        }
        Optional<String> to = Modules.CLASSES.contain(name) ? Modules.of(Modules.CLASSES.get(name)) : Optional.empty();
        if (to.isPresent() && !to.get().equals(module) && !Modules.ALLOWED.get(module).contains(to.get())) {
          violations.add(module + " -> " + to.get() + ": " + d.getDescription());
        }
      }
    }
    assertThat(violations).as("dependencies against the module map of docs/architecture.md").isEmpty();
  }

  @Test
  void thirdPartyLibrariesStayInTheirModules() {
    Set<String> violations = new TreeSet<>();
    for (JavaClass c : Modules.CLASSES) {
      String module = Modules.of(c).orElseThrow();
      for (Dependency d : c.getDirectDependenciesFromSelf()) {
        String name = d.getTargetClass().getName();
        THIRD_PARTY.forEach((prefix, allowed) -> {
          if (name.startsWith(prefix) && !allowed.contains(module)) {
            violations.add(module + " uses " + prefix + "* (only " + allowed + " may): " + c.getName() + " -> "
                + name);
          }
        });
      }
    }
    assertThat(violations).as("slo-core imports neither Micrometer, Spring, resilience4j, OpenTelemetry nor YAML")
        .isEmpty();
  }

  @Test
  void internalPackagesAreUsedOnlyInTheirOwnModule() {
    Set<String> violations = new TreeSet<>();
    for (JavaClass c : Modules.CLASSES) {
      String module = Modules.of(c).orElseThrow();
      for (Dependency d : c.getDirectDependenciesFromSelf()) {
        JavaClass target = d.getTargetClass();
        if (target.getPackageName().contains(".internal") && Modules.CLASSES.contain(target.getName())) {
          String owner = Modules.of(Modules.CLASSES.get(target.getName())).orElseThrow();
          if (!owner.equals(module)) {
            violations.add(module + " uses " + owner + "'s internal " + target.getName() + " in " + c.getName());
          }
        }
      }
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void noModuleSharesAPackageWithAnother() {
    Map<String, Set<String>> modulesOfPackage = new TreeMap<>();
    for (JavaClass c : Modules.CLASSES) {
      modulesOfPackage.computeIfAbsent(c.getPackageName(), p -> new TreeSet<>()).add(Modules.of(c).orElseThrow());
    }
    modulesOfPackage.values().removeIf(m -> m.size() == 1);
    assertThat(modulesOfPackage).as("split packages (they break the module path)").isEmpty();
  }

  @Test
  void packagesFormNoCycles() {
    Map<String, Set<String>> graph = new TreeMap<>();
    for (JavaClass c : Modules.CLASSES) {
      Set<String> out = graph.computeIfAbsent(c.getPackageName(), p -> new TreeSet<>());
      for (Dependency d : c.getDirectDependenciesFromSelf()) {
        String to = d.getTargetClass().getPackageName();
        if (Modules.CLASSES.contain(d.getTargetClass().getName()) && !to.equals(c.getPackageName())) {
          out.add(to);
        }
      }
    }
    assertThat(cycles(graph)).as("package cycles").isEmpty();
  }

  /** The strongly connected components of more than one package (Tarjan's algorithm). */
  static List<Set<String>> cycles(Map<String, Set<String>> graph) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new TreeSet<>();
    List<Set<String>> result = new ArrayList<>();
    int[] counter = {0};
    for (String v : graph.keySet()) {
      if (!index.containsKey(v)) {
        connect(v, graph, index, low, stack, onStack, result, counter);
      }
    }
    return result;
  }

  private static void connect(String v, Map<String, Set<String>> graph, Map<String, Integer> index,
      Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> result, int[] counter) {
    index.put(v, counter[0]);
    low.put(v, counter[0]++);
    stack.push(v);
    onStack.add(v);
    for (String w : graph.getOrDefault(v, Set.of())) {
      if (!index.containsKey(w)) {
        connect(w, graph, index, low, stack, onStack, result, counter);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      Set<String> component = new TreeSet<>();
      String w;
      do {
        w = stack.pop();
        onStack.remove(w);
        component.add(w);
      } while (!w.equals(v));
      if (component.size() > 1) {
        result.add(component);
      }
    }
  }

  @Test
  void cycleDetectionFindsACycle() {
    assertThat(cycles(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"))))
        .containsExactly(Set.of("a", "b", "c"));
    assertThat(cycles(Map.of("a", Set.of("b"), "b", Set.of()))).isEmpty();
  }
}
