package dev.slo4j.spring;

import dev.slo4j.Problem;
import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.SloValidationException;
import dev.slo4j.project.Slo4jConfig;
import dev.slo4j.declare.SloDeclaration;
import dev.slo4j.declare.SloDefaults;
import dev.slo4j.declare.SloResolver;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Turns {@code @Slo} annotations and {@code slo4j.slos.*} properties into validated {@link ServiceLevelObjective}s through slo-core's
 * one {@link SloResolver}, with the platform's defaults ({@code META-INF/slo4j/defaults.yaml} on the classpath)
 * under the service's {@code slo4j.defaults.*} — exactly as the Maven plugin resolves them for the checked-in rules.
 * Every problem names where it was written: the annotated method, or the property.
 */
final class SloDeclarations {

  /** The service of an application that names none: Spring Boot's own fallback name. */
  static final String FALLBACK_SERVICE = "application";

  private final String service;
  private final String serviceSource;
  private final SloResolver resolver;
  private final String platformSource;
  private final Slo4jProperties properties;

  SloDeclarations(Slo4jProperties properties, String applicationName, ClassLoader classLoader) {
    this.properties = properties;
    String s = properties.getService();
    String source = "slo4j.service";
    if (s == null || s.isBlank()) {
      s = applicationName;
      source = "spring.application.name";
    }
    if (s == null || s.isBlank()) {
      s = FALLBACK_SERVICE;
      source = "neither slo4j.service nor spring.application.name is set";
    }
    this.service = s.strip();
    this.serviceSource = source;
    Slo4jConfig.Platform platform = platformDefaults(classLoader);
    this.platformSource = platform.source();
    this.resolver = SloResolver.of(service, platform.defaults().with(defaults(properties.getDefaults())));
  }

  String service() {
    return service;
  }

  /** {@code slo4j.*} as bound once at startup: every bean of the autoconfiguration reads this one binding. */
  Slo4jProperties properties() {
    return properties;
  }

  /** Where the service's name came from, for the startup log. */
  String serviceSource() {
    return serviceSource;
  }

  /** The platform defaults file in use, or empty. */
  String platformSource() {
    return platformSource;
  }

  SloDefaults defaults() {
    return resolver.defaults();
  }

  /** The SLO of an annotated method; throws {@link SloValidationException} naming the method. */
  ServiceLevelObjective fromAnnotation(dev.slo4j.annotation.Slo a, Method method) {
    return resolver.resolve(SloDeclaration.of(a, "@Slo on " + method.getDeclaringClass().getName() + "#"
        + method.getName()));
  }

  /** The SLO of {@code slo4j.slos.<name>}; throws {@link SloValidationException} naming the properties. */
  ServiceLevelObjective fromProperties(String name, Slo4jProperties.SloDeclaration d) {
    String where = "property " + Slo4jProperties.PREFIX + ".slos." + name;
    SloDeclaration declaration = SloDeclaration.builder(name, where)
        .description(d.getDescription())
        .objective(d.getObjective())
        .window(d.getWindow())
        .latency(d.getLatency())
        .labels(d.getLabels())
        .page(d.getPage())
        .ticket(d.getTicket())
        .runbookUrl(d.getRunbookUrl())
        .build();
    List<Problem> problems = new java.util.ArrayList<>(resolver.problems(declaration));
    if (d.getObservation() == null || d.getObservation().isBlank()) {
      problems.add(Problem.of(name, "observation", "an SLO declared in properties needs the observation it judges;"
          + " set " + where + ".observation, e.g. http.server.requests with " + where + ".match.uri=/checkout,"
          + " or declare it with @Slo on the method instead").at(where));
    }
    if (!problems.isEmpty()) {
      throw new SloValidationException(problems);
    }
    return resolver.resolve(declaration);
  }

  private static final ConfigurationPropertyName DEFAULTS = ConfigurationPropertyName.of(Slo4jProperties.PREFIX
      + ".defaults");

  /**
   * Refuses a {@code slo4j.defaults.*} key that is not a setting, which Spring's binding would ignore: a misspelt
   * {@code slo4j.defaults.objectiv}, or a value under a longer key ({@code slo4j.defaults.alerting.absent-for.x}). The
   * service would run on a default other than the one written, and other than the one the build generates rules
   * from, which reads the same keys through {@link Slo4jConfig} and refuses them with the same message.
   *
   * @throws SloValidationException naming each such property, where it was set, and the setting it may have meant
   */
  static void refuseUnknownDefaults(Environment environment) {
    Map<String, Slo4jConfig.Value> set = new LinkedHashMap<>();
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
      if (source instanceof IterableConfigurationPropertySource iterable) {
        iterable.filter(DEFAULTS::isAncestorOf).forEach(name -> {
          ConfigurationProperty property = source.getConfigurationProperty(name);
          if (property != null && property.getValue() != null) {
            // The first source that has a key is the one Spring binds: later ones are overridden.
            set.putIfAbsent(name.toString(), new Slo4jConfig.Value(String.valueOf(property.getValue()),
                property.getOrigin() != null ? String.valueOf(property.getOrigin()) : String.valueOf(source)));
          }
        });
      }
    }
    if (!set.isEmpty()) {
      Slo4jConfig.of(set);
    }
  }

  /** The service's {@code slo4j.defaults.*}, unset values left unset. */
  static SloDefaults defaults(Slo4jProperties.Defaults d) {
    return SloDefaults.builder()
        .objective(d.getObjective())
        .window(d.getWindow())
        .labels(d.getLabels())
        .page(d.getPage())
        .ticket(d.getTicket())
        .alertLabels(d.getAlerting().getLabels())
        .pageLabels(d.getAlerting().getPageLabels())
        .ticketLabels(d.getAlerting().getTicketLabels())
        .annotations(d.getAlerting().getAnnotations())
        .absentFor(d.getAlerting().getAbsentFor())
        .budgetExhaustionFor(d.getAlerting().getBudgetExhaustion().getFor())
        .budgetExhaustionHorizon(d.getAlerting().getBudgetExhaustion().getHorizon())
        .build();
  }

  /**
   * The platform's defaults file on the classpath; two different ones stop the start, since which one wins would
   * depend on the order of jars.
   */
  static Slo4jConfig.Platform platformDefaults(ClassLoader classLoader) {
    Map<String, String> found = new TreeMap<>();
    try {
      Resource[] resources = new PathMatchingResourcePatternResolver(classLoader)
          .getResources("classpath*:" + Slo4jConfig.PLATFORM_DEFAULTS);
      for (Resource r : resources) {
        try (InputStream in = r.getInputStream()) {
          found.put(r.getDescription(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("slo4j could not read the platform defaults " + Slo4jConfig.PLATFORM_DEFAULTS
          + " on the classpath: " + e.getMessage(), e);
    }
    return Slo4jConfig.platformDefaults(found);
  }
}
