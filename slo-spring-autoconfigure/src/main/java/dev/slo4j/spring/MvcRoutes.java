package dev.slo4j.spring;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.springframework.context.ApplicationContext;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The Spring MVC routes of the application that no SLO measures ("SLOs for all user-facing services"): a route counts
 * as measured when its handler method carries {@code @Slo}, or an SLO in properties watches
 * {@code http.server.requests} for its URI (or for every URI). Loaded only when Spring MVC is present; the error
 * controller's {@code /error} is not a user-facing route.
 */
final class MvcRoutes {

  private MvcRoutes() {}

  /**
   * Each unmeasured route as {@code GET /quote (CheckoutController#quote)}, sorted.
   *
   * @param annotated whether a handler method carries {@code @Slo}
   * @param coveredUri whether an SLO in properties watches this URI pattern
   */
  static List<String> withoutSlo(ApplicationContext context, Predicate<Method> annotated, Predicate<String> coveredUri) {
    TreeSet<String> out = new TreeSet<>();
    for (RequestMappingHandlerMapping mapping : context.getBeansOfType(RequestMappingHandlerMapping.class).values()) {
      for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mapping.getHandlerMethods().entrySet()) {
        HandlerMethod handler = e.getValue();
        if (handler.getBeanType().getName().startsWith("org.springframework.")) {
          continue; // Boot's error controller and the like
        }
        if (annotated.test(handler.getMethod())) {
          continue;
        }
        List<String> patterns = new ArrayList<>(e.getKey().getPatternValues());
        if (patterns.stream().anyMatch(coveredUri)) {
          continue;
        }
        String methods = e.getKey().getMethodsCondition().getMethods().isEmpty() ? "ANY"
            : new TreeSet<>(e.getKey().getMethodsCondition().getMethods().stream().map(Enum::name).toList()).toString()
                .replaceAll("[\\[\\] ]", "");
        out.add(methods + " " + String.join(",", patterns) + " (" + handler.getBeanType().getSimpleName() + "#"
            + handler.getMethod().getName() + ")");
      }
    }
    return List.copyOf(out);
  }
}
