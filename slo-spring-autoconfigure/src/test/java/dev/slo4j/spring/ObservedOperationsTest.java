package dev.slo4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.annotation.Observed;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;

class ObservedOperationsTest {

  static class Payments {
    @Observed(name = "payments.charge")
    public void charge() {}

    @Observed(name = "payments.refund")
    public void refund() {}

    public void notObserved() {}
  }

  @Observed
  static class Catalog {
    public void list() {}

    public void search() {}

    void packagePrivate() {}
  }

  private static List<String> unjudged(BiPredicate<String, Map<String, String>> judged) {
    try (GenericApplicationContext context = new GenericApplicationContext()) {
      context.registerBean(Payments.class);
      context.registerBean(Catalog.class);
      context.refresh();
      return ObservedOperations.withoutSlo(context, (Method m) -> m.getName().equals("refund"), judged);
    }
  }

  @Test
  void listsEveryObservedOperationWithoutSloMethodByMethodAndClassLevelForPublicMethods() {
    assertThat(unjudged((name, tags) -> false)).containsExactly(
        "method.observed (Catalog#list)", "method.observed (Catalog#search)", "payments.charge (Payments#charge)");
  }

  @Test
  void anSloInPropertiesJudgesTheOperationsItsObservationAndTagsMatch() {
    SloObservationHandler.Binding charge = new SloObservationHandler.Binding("payments.charge", Map.of(), null);
    SloObservationHandler.Binding list = new SloObservationHandler.Binding("method.observed",
        Map.of("class", Catalog.class.getName(), "method", "list"), null);
    assertThat(unjudged((name, tags) -> charge.watches(name, tags::get) || list.watches(name, tags::get)))
        .as("charge is watched by name, Catalog#list by Micrometer's class and method tags; search by nothing")
        .containsExactly("method.observed (Catalog#search)");
    SloObservationHandler.Binding other = new SloObservationHandler.Binding("method.observed",
        Map.of("class", "com.example.Other"), null);
    assertThat(unjudged((name, tags) -> other.watches(name, tags::get))).hasSize(3);
  }
}
