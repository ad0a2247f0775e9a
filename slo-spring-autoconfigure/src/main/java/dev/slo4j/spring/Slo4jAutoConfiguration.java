package dev.slo4j.spring;

import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.SloRegistry;
import dev.slo4j.micrometer.MicrometerSloRecorder;
import dev.slo4j.micrometer.SloRegistryMetrics;
import dev.slo4j.SloRecorder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.aop.Advisor;
import org.springframework.util.ClassUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * Wires slo4j into a Spring Boot application: an {@link SloRegistry} recording through the application's Micrometer
 * registry, {@code @Slo} methods measured through an AOP advisor, SLOs from {@code slo4j.slos.*} over existing
 * observations, and the {@code slos} actuator endpoint. Every bean backs off when the application defines its own,
 * and {@code slo4j.enabled=false} turns it all off.
 *
 * <p>One artifact for Spring Boot 4.0 and 3.5: the classes Boot 4 moved (the metrics and observation
 * autoconfigurations, {@code MeterRegistryCustomizer}) are named here only as strings, in both generations.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration",
    "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.export.prometheus.PrometheusMetricsExportAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration"})
@ConditionalOnClass(SloRegistry.class)
@ConditionalOnProperty(prefix = Slo4jProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(Slo4jProperties.class)
@ImportRuntimeHints(Slo4jRuntimeHints.class)
public final class Slo4jAutoConfiguration {

  /**
   * The error-budget policy of {@code slo4j.budget-policy.*} (the SRE Workbook's example unless set), validated at
   * startup: a bad value stops the start naming the property, the value and the fix.
   */
  @Bean
  @ConditionalOnMissingBean
  dev.slo4j.budget.BudgetPolicy slo4jBudgetPolicy(AnnotatedSloMethods methods) {
    return methods.declarations().properties().getBudgetPolicy().toPolicy();
  }

  /** Every recorder the application has (Micrometer's, OpenTelemetry's, its own) gets every SLO's events. */
  @Bean
  @ConditionalOnMissingBean
  SloRegistry sloRegistry(ObjectProvider<SloRecorder> recorders) {
    SloRegistry.Builder builder = SloRegistry.builder();
    recorders.orderedStream().forEach(builder::recorder);
    return builder.build();
  }

  /** SLOs declared in properties: built, validated and registered at startup, so a bad one stops the start. */
  @Bean
  PropertySlos slo4jPropertySlos(SloRegistry registry, AnnotatedSloMethods methods) {
    SloDeclarations declarations = methods.declarations();
    Slo4jProperties properties = declarations.properties();
    List<SloObservationHandler.Binding> bindings = new ArrayList<>();
    List<RuntimeException> problems = new ArrayList<>();
    for (Map.Entry<String, Slo4jProperties.SloDeclaration> e : properties.getSlos().entrySet()) {
      try {
        ServiceLevelObjective slo = declarations.fromProperties(e.getKey(), e.getValue());
        bindings.add(new SloObservationHandler.Binding(e.getValue().getObservation(),
            Map.copyOf(e.getValue().getMatch()), registry.register(slo)));
      } catch (dev.slo4j.SloValidationException ex) {
        problems.add(ex);
      }
    }
    if (!problems.isEmpty()) {
      List<dev.slo4j.Problem> all = new ArrayList<>();
      problems.forEach(p -> all.addAll(((dev.slo4j.SloValidationException) p).problems()));
      throw new dev.slo4j.SloValidationException(all);
    }
    return new PropertySlos(List.copyOf(bindings), declarations.service());
  }

  /** The SLOs of {@code slo4j.slos.*}, with the observations they judge. */
  record PropertySlos(List<SloObservationHandler.Binding> bindings, String service) {}

  /** Finds and validates {@code @Slo} methods as beans are created; static, so it is created before the beans. */
  @Bean
  @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
  static AnnotatedSloMethods slo4jAnnotatedMethods(Environment environment,
      ObjectProvider<Slo4jProperties> properties) {
    // Read once, on the first annotated bean: slo4j.* as bound into its @ConfigurationProperties bean (one binding for
    // the whole autoconfiguration), and the platform defaults file looked up on the classpath.
    return new AnnotatedSloMethods(org.springframework.util.function.SingletonSupplier.of(() -> {
      SloDeclarations.refuseUnknownDefaults(environment);
      return new SloDeclarations(properties.getObject(), environment.getProperty("spring.application.name"),
          org.springframework.util.ClassUtils.getDefaultClassLoader());
    }));
  }

  /**
   * Measures {@code @Slo} methods in Spring AOP proxies where slo4j does not proxy beans itself (a native image or
   * AOT-generated code, whose proxy classes Spring's proxy creator makes at build time); elsewhere {@link
   * AnnotatedSloMethods} inserts it into a bean's existing proxy or gives the bean a dedicated one ({@link SloProxies}).
   */
  @Bean
  @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
  static Advisor slo4jAdvisor(AnnotatedSloMethods methods) {
    return methods.creatorAdvisor();
  }

  /**
   * Registers the annotated SLOs once every singleton exists, so their series are at zero before the first call; then
   * says at INFO which SLOs this service measures, and compares them with the rules it ships (see {@link
   * BundledRules}): a difference is a WARN naming it, or stops the start with {@code slo4j.rules.verify=fail}.
   */
  @Bean
  SmartInitializingSingleton slo4jRegisterAnnotatedSlos(AnnotatedSloMethods methods, SloRegistry registry,
      PropertySlos propertySlos, ResourceLoader resourceLoader) {
    return () -> {
      methods.registerAll(registry);
      SloDeclarations declarations = methods.declarations();
      Slo4jProperties properties = declarations.properties();
      BundledRules.Mode mode = BundledRules.Mode.of(properties.getRules().getVerify());
      List<ServiceLevelObjective> registered = registry.meters().stream().map(dev.slo4j.SloMeter::slo).toList();
      LOG.info("slo4j measures " + registered.size() + " SLO" + (registered.size() == 1 ? "" : "s")
          + " of service '" + declarations.service() + "' (" + declarations.serviceSource() + ")"
          + (declarations.platformSource().isEmpty() ? "" : ", platform defaults from "
              + declarations.platformSource())
          + (registered.isEmpty() ? "" : ": " + registered.stream().map(s -> s.name() + " (" + s.describe() + ")")
              .collect(java.util.stream.Collectors.joining(", "))));
      if (mode == BundledRules.Mode.OFF) {
        return;
      }
      BundledRules rules = BundledRules.compare(registered, declarations.service(),
          properties.getRules().getLocation(), resourceLoader);
      if (!rules.found() && rules.differences().isEmpty()) {
        String message = "slo4j found no rules bundled at " + rules.location() + ", so nothing shows that the alerts"
            + " deployed for this service watch these SLOs; generate and check them in with mvn slo4j:generate"
            + " (slo4j-maven-plugin), or set slo4j.rules.verify=off";
        if (mode == BundledRules.Mode.FAIL) {
          throw new IllegalStateException(message + " (slo4j.rules.verify=fail)");
        }
        LOG.info(message);
      } else if (rules.matches()) {
        LOG.info("slo4j: the rules bundled at " + rules.location() + " match the registered SLOs (fingerprint "
            + rules.registered().digest() + ")");
      } else {
        String message = "slo4j: the rules bundled at " + rules.location() + " do not match the SLOs this service"
            + " registered (fingerprint " + rules.bundled().map(f -> f.digest()).orElse("none") + " there, "
            + rules.registered().digest() + " here), so their alerts watch other thresholds or series:\n  - "
            + String.join("\n  - ", rules.differences())
            + "\nRegenerate them from the declarations and this configuration with mvn slo4j:generate and redeploy"
            + " them; if the difference comes from configuration set only at run time (a profile, an environment"
            + " variable), set it where the build reads it too (application.properties, <profiles> of the plugin).";
        if (mode == BundledRules.Mode.FAIL) {
          throw new IllegalStateException(message + " (slo4j.rules.verify=fail; warn only logs this)");
        }
        LOG.warn(message);
      }
    };
  }

  private static final org.apache.commons.logging.Log LOG =
      org.apache.commons.logging.LogFactory.getLog(Slo4jAutoConfiguration.class);

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
  static class MicrometerConfiguration {

    @Bean
    @ConditionalOnBean(MeterRegistry.class)
    @ConditionalOnMissingBean(MicrometerSloRecorder.class)
    MicrometerSloRecorder micrometerSloRecorder(MeterRegistry meterRegistry) {
      return new MicrometerSloRecorder(meterRegistry);
    }

    @Bean
    @ConditionalOnBean(MeterRegistry.class)
    @ConditionalOnMissingBean
    SloRegistryMetrics sloRegistryMetrics(SloRegistry registry) {
      return new SloRegistryMetrics(registry);
    }
  }

  /** Platform retry and breaker defaults for the service's resilience policies, when slo-resilience is present. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = {"dev.slo4j.resilience.ResiliencePolicy", "io.github.resilience4j.retry.Retry",
      "io.github.resilience4j.circuitbreaker.CircuitBreaker"})
  static class ResilienceConfiguration {

    @Bean
    @ConditionalOnMissingBean
    dev.slo4j.resilience.ResilienceDefaults resilienceDefaults(AnnotatedSloMethods methods,
        ObjectProvider<dev.slo4j.ResilienceListener> listeners) {
      return ResilienceDefaultsFactory.create(methods.declarations().properties().getResilience(),
          listeners.getIfAvailable(() -> dev.slo4j.ResilienceListener.LOGGING));
    }

    /** Degraded answers and refused retries as Micrometer counters (then logged). */
    @Bean
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    @ConditionalOnBean(MeterRegistry.class)
    @ConditionalOnMissingBean(dev.slo4j.ResilienceListener.class)
    dev.slo4j.ResilienceListener slo4jResilienceListener(MeterRegistry meterRegistry) {
      return new dev.slo4j.micrometer.MicrometerResilienceListener(meterRegistry);
    }
  }

  /** Bad SLO events as OpenTelemetry events, through the application's own OpenTelemetry instance. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = {"dev.slo4j.opentelemetry.OpenTelemetrySloEvents", "io.opentelemetry.api.OpenTelemetry"})
  static class OpenTelemetryConfiguration {

    @Bean
    @ConditionalOnBean(io.opentelemetry.api.OpenTelemetry.class)
    @ConditionalOnMissingBean(dev.slo4j.opentelemetry.OpenTelemetrySloEvents.class)
    dev.slo4j.opentelemetry.OpenTelemetrySloEvents openTelemetrySloEvents(io.opentelemetry.api.OpenTelemetry openTelemetry) {
      return dev.slo4j.opentelemetry.OpenTelemetrySloEvents.using(openTelemetry);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.observation.ObservationHandler")
  static class ObservationConfiguration {

    @Bean
    @ConditionalOnMissingBean(SloObservationHandler.class)
    ObservationHandler<?> slo4jObservationHandler(PropertySlos slos) {
      return new SloObservationHandler(slos.bindings());
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = {"org.springframework.boot.actuate.endpoint.annotation.Endpoint",
      "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint"})
  static class EndpointConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint(endpoint = SlosEndpoint.class)
    SlosEndpoint slosEndpoint(SloRegistry registry, PropertySlos slos, ResourceLoader resourceLoader,
        org.springframework.context.ApplicationContext context, AnnotatedSloMethods methods,
        dev.slo4j.budget.BudgetPolicy budgetPolicy) {
      Slo4jProperties.Rules rulesProperties = methods.declarations().properties().getRules();
      String location = rulesProperties.getLocation();
      dev.slo4j.rules.Target target;
      try {
        target = dev.slo4j.rules.Target.of(rulesProperties.getTarget(), null, rulesProperties.getNamespace(),
            Map.of(), false, dev.slo4j.rules.Target.MIMIR_DEFAULT_MAX_GROUPS, 0, "slo4j-rules",
            o -> "slo4j.rules." + o);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("slo4j.rules.target=" + rulesProperties.getTarget()
            + ", slo4j.rules.namespace=" + rulesProperties.getNamespace() + ": " + e.getMessage(), e);
      }
      boolean mvc = org.springframework.util.ClassUtils.isPresent(
          "org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping", context.getClassLoader());
      java.util.function.Predicate<java.lang.reflect.Method> annotated = m -> methods.hasSlo(m)
          || methods.hasSlo(org.springframework.util.ClassUtils.getMostSpecificMethod(m, m.getDeclaringClass()));
      java.util.function.Supplier<List<String>> routes = !mvc ? List::of : () -> MvcRoutes.withoutSlo(context,
          annotated,
          uri -> slos.bindings().stream().anyMatch(b -> b.observation().equals("http.server.requests")
              && (!b.match().containsKey("uri") || b.match().get("uri").equals(uri))));
      boolean observed = org.springframework.util.ClassUtils.isPresent(
          "io.micrometer.observation.annotation.Observed", context.getClassLoader())
          && context instanceof org.springframework.context.ConfigurableApplicationContext;
      java.util.function.Supplier<List<String>> operations = !observed ? List::of : () -> ObservedOperations.withoutSlo(
          (org.springframework.context.ConfigurableApplicationContext) context, annotated,
          (name, tags) -> slos.bindings().stream().anyMatch(b -> b.watches(name, tags::get)));
      return new SlosEndpoint(registry, slos.service(), location, resourceLoader, routes, operations, budgetPolicy,
          target);
    }
  }
}
