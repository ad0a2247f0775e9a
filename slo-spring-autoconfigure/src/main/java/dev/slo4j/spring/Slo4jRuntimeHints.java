package dev.slo4j.spring;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.boot.context.properties.bind.BindableRuntimeHintsRegistrar;

/**
 * What a native image of a service using slo4j needs beyond what Spring's AOT engine finds by itself: the classpath
 * files slo4j reads at startup (the platform defaults {@code META-INF/slo4j/defaults.yaml} and the rules bundled under
 * {@code slo4j/}), the JSON types of the {@code slos} endpoint, {@link Slo4jProperties} (also bound with a plain
 * {@code Binder}, not only as a configuration properties bean), and the attributes of {@code @Slo}, which Spring's
 * annotation support reads reflectively. The {@code @Slo} methods of the application's beans are registered bean by
 * bean by {@link SloMethodsAotProcessor}.
 */
class Slo4jRuntimeHints implements RuntimeHintsRegistrar {

  @Override
  public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
    hints.resources()
        .registerPattern("META-INF/slo4j/*")
        .registerPattern("slo4j/*");
    new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(),
        SlosEndpoint.Report.class, SlosEndpoint.RulesReport.class, SlosEndpoint.SloReport.class);
    BindableRuntimeHintsRegistrar.forTypes(Slo4jProperties.class).registerHints(hints, classLoader);
    hints.reflection().registerType(dev.slo4j.annotation.Slo.class, MemberCategory.INVOKE_DECLARED_METHODS);
  }
}
