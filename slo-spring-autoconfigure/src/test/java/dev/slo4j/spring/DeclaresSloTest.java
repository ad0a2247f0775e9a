package dev.slo4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slo4j.annotation.Slo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

/**
 * {@link AnnotatedSloMethods#scan}, the startup check of each bean class for {@code @Slo}, against what Spring's
 * merged-annotation search on every method answers, over every place an {@code @Slo} can sit and the test classes of
 * this module.
 */
class DeclaresSloTest {

  interface OnInterface {
    @Slo(name = "i")
    String call();
  }

  interface OnDefault {
    @Slo(name = "d")
    default String call() {
      return "";
    }
  }

  interface Extending extends OnInterface {}

  static class Implements implements Extending {
    @Override
    public String call() {
      return "";
    }
  }

  static class Defaulted implements OnDefault {}

  static class Base {
    @Slo(name = "b")
    protected void work() {}
  }

  static class Sub extends Base {}

  static class Overrides extends Base {
    @Override
    protected void work() {}
  }

  abstract static class Private {
    @Slo(name = "p")
    private void hidden() {}
  }

  static class None {
    public String plain() {
      return "";
    }
  }

  /** What the scan replaced: Spring's merged-annotation search on every method of the hierarchy. */
  private static boolean spring(Class<?> type) {
    if (type.getName().startsWith("org.springframework.") || type.getName().startsWith("java.")) {
      return false;
    }
    boolean[] found = {false};
    ReflectionUtils.doWithMethods(type, method -> found[0] = true,
        method -> !found[0] && !method.isSynthetic() && !method.isBridge()
            && AnnotatedElementUtils.hasAnnotation(method, Slo.class));
    return found[0];
  }

  @Test
  void everyPlaceAnSloCanSitIsFoundAndOnlyThere() {
    assertThat(AnnotatedSloMethods.scan(Implements.class)).as("on an interface's abstract method").isTrue();
    assertThat(AnnotatedSloMethods.scan(Defaulted.class)).as("on a default method").isTrue();
    assertThat(AnnotatedSloMethods.scan(Sub.class)).as("inherited").isTrue();
    assertThat(AnnotatedSloMethods.scan(Overrides.class)).as("on the overridden method").isTrue();
    assertThat(AnnotatedSloMethods.scan(Private.class)).as("private: found, so that the start refuses it").isTrue();
    assertThat(AnnotatedSloMethods.scan(None.class)).isFalse();
    assertThat(AnnotatedSloMethods.scan(String.class)).isFalse();
  }

  @Test
  void answersAsSpringsSearchOnEveryTestClassOfThisModule() throws Exception {
    List<Class<?>> classes = new ArrayList<>();
    for (var resource : new org.springframework.core.io.support.PathMatchingResourcePatternResolver()
        .getResources("classpath*:dev/slo4j/**/*.class")) {
      String path = resource.getURL().toString();
      String name = path.substring(path.indexOf("dev/slo4j/")).replace('/', '.').replaceAll("\\.class$", "");
      try {
        classes.add(Class.forName(name, false, getClass().getClassLoader()));
      } catch (ClassNotFoundException | LinkageError e) {
        // a class of an optional dependency that is absent here
      }
    }
    assertThat(classes).hasSizeGreaterThan(50);
    long withSlo = 0;
    for (Class<?> type : classes) {
      boolean expected;
      try {
        expected = spring(type);
      } catch (LinkageError e) {
        continue;
      }
      assertThat(AnnotatedSloMethods.scan(type)).as(type.getName()).isEqualTo(expected);
      withSlo += expected ? 1 : 0;
    }
    assertThat(withSlo).as("classes with an @Slo among them").isGreaterThan(10);
  }
}
