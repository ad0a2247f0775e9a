package dev.slo4j.spring;

import io.micrometer.observation.annotation.Observed;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * The application's {@code @Observed} operations (Micrometer's annotation, on a method or on a class for its public
 * methods) that no SLO judges: an operation counts as judged when its method carries {@code @Slo}, or an SLO in
 * properties watches its observation ({@code slo4j.slos.<name>.observation}) with {@code match} tags it has. Micrometer's
 * {@code ObservedAspect} names an unnamed operation {@code method.observed} and tags every one with {@code class} (the
 * declaring class's full name) and {@code method}, so an SLO matching on those judges one operation of a shared
 * name. Loaded only when micrometer-observation is present; Spring's own beans are skipped.
 */
final class ObservedOperations {

  /** Micrometer's name for an {@code @Observed} without a name ({@code ObservedAspect}). */
  static final String DEFAULT_NAME = "method.observed";

  private ObservedOperations() {}

  /**
   * Each unjudged operation as {@code orders.lookup (OrderService#lookup)}, sorted.
   *
   * @param annotated whether a method carries {@code @Slo}
   * @param judged whether an SLO in properties watches this observation name with these low-cardinality tags
   */
  static List<String> withoutSlo(ConfigurableApplicationContext context, Predicate<Method> annotated,
      BiPredicate<String, Map<String, String>> judged) {
    ConfigurableListableBeanFactory beans = context.getBeanFactory();
    TreeSet<String> out = new TreeSet<>();
    for (String name : beans.getBeanDefinitionNames()) {
      Class<?> type;
      try {
        type = beans.getType(name, false);
      } catch (RuntimeException e) {
        continue; // a bean whose type cannot be told without creating it
      }
      if (type == null) {
        continue;
      }
      Class<?> user = ClassUtils.getUserClass(type);
      if (user.getName().startsWith("org.springframework.") || user.getName().startsWith("io.micrometer.")) {
        continue;
      }
      Observed onClass = AnnotatedElementUtils.findMergedAnnotation(user, Observed.class);
      for (Method m : ReflectionUtils.getUniqueDeclaredMethods(user, ReflectionUtils.USER_DECLARED_METHODS)) {
        Observed observed = AnnotatedElementUtils.findMergedAnnotation(m, Observed.class);
        if (observed == null && (onClass == null || !Modifier.isPublic(m.getModifiers())
            || Modifier.isStatic(m.getModifiers()))) {
          continue;
        }
        Observed effective = observed != null ? observed : onClass;
        String operation = effective.name().isEmpty() ? DEFAULT_NAME : effective.name();
        Map<String, String> tags = Map.of("class", m.getDeclaringClass().getName(), "method", m.getName());
        if (annotated.test(m) || judged.test(operation, tags)) {
          continue;
        }
        out.add(operation + " (" + user.getSimpleName() + "#" + m.getName() + ")");
      }
    }
    return List.copyOf(out);
  }
}
