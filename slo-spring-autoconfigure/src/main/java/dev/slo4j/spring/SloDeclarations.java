package dev.slo4j.spring;

import dev.slo4j.Alerting;
import dev.slo4j.AvailabilitySli;
import dev.slo4j.LatencySli;
import dev.slo4j.Problem;
import dev.slo4j.Slo;
import dev.slo4j.SloValidationException;
import dev.slo4j.internal.Durations;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns {@code @Slo} annotations and {@code slo4j.slos.*} properties into validated {@link Slo}s, applying the
 * platform defaults. Every problem names where it was written: the annotated method, or the property.
 */
final class SloDeclarations {

  private final Slo4jProperties properties;
  private final String service;

  SloDeclarations(Slo4jProperties properties, String applicationName) {
    this.properties = properties;
    String s = properties.getService();
    if (s == null || s.isBlank()) {
      s = applicationName == null || applicationName.isBlank() ? "application" : applicationName;
    }
    this.service = s;
  }

  String service() {
    return service;
  }

  /** The SLO of an annotated method; throws {@link SloValidationException} naming the method. */
  Slo fromAnnotation(dev.slo4j.annotation.Slo a, Method method) {
    String where = "@Slo on " + method.getDeclaringClass().getName() + "#" + method.getName();
    List<Problem> problems = new ArrayList<>();
    Map<String, String> labels = new TreeMap<>(properties.getDefaults().getLabels());
    for (String pair : a.labels()) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        problems.add(Problem.of(a.name(), "labels", "label '" + pair + "' is not name=value; write e.g. team=payments")
            .at(where));
      } else {
        labels.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
      }
    }
    Slo.Builder b = Slo.builder(a.name())
        .service(a.service().isEmpty() ? service : a.service())
        .description(a.description())
        .objective(orDefault(a.objective(), properties.getDefaults().getObjective()))
        .window(orDefault(a.window(), properties.getDefaults().getWindow()))
        .labels(labels);
    Alerting.Builder alerting = Alerting.builder().page(a.page()).ticket(a.ticket());
    if (!a.runbookUrl().isEmpty()) {
      alerting.runbookUrl(a.runbookUrl());
    }
    b.alerting(alerting.build());
    if (!a.latency().isEmpty()) {
      latency(b, a.name(), "latency", a.latency(), problems, where);
    } else {
      b.sli(AvailabilitySli.builder().badOn(a.badOn()).goodOn(a.goodOn()).build());
    }
    return build(b, problems, where);
  }

  /** The SLO of {@code slo4j.slos.<name>}; throws {@link SloValidationException} naming the properties. */
  Slo fromProperties(String name, Slo4jProperties.SloDeclaration d) {
    String where = "property " + Slo4jProperties.PREFIX + ".slos." + name;
    List<Problem> problems = new ArrayList<>();
    Map<String, String> labels = new TreeMap<>(properties.getDefaults().getLabels());
    labels.putAll(d.getLabels());
    Slo.Builder b = Slo.builder(name)
        .service(service)
        .objective(orDefault(d.getObjective(), properties.getDefaults().getObjective()))
        .window(orDefault(d.getWindow(), properties.getDefaults().getWindow()))
        .labels(labels);
    if (d.getDescription() != null) {
      b.description(d.getDescription());
    }
    Alerting.Builder alerting = Alerting.builder()
        .page(d.getPage() != null ? d.getPage() : properties.getDefaults().isPage())
        .ticket(d.getTicket() != null ? d.getTicket() : properties.getDefaults().isTicket());
    if (d.getRunbookUrl() != null && !d.getRunbookUrl().isBlank()) {
      alerting.runbookUrl(d.getRunbookUrl());
    }
    b.alerting(alerting.build());
    if (d.getLatency() != null && !d.getLatency().isBlank()) {
      latency(b, name, "latency", d.getLatency(), problems, where);
    } else {
      b.sli(AvailabilitySli.ofDefaults());
    }
    if (d.getObservation() == null || d.getObservation().isBlank()) {
      problems.add(Problem.of(name, "observation", "an SLO declared in properties needs the observation it judges;"
          + " set " + where + ".observation, e.g. http.server.requests with " + where + ".match.uri=/checkout,"
          + " or declare it with @Slo on the method instead").at(where));
    }
    return build(b, problems, where);
  }

  private static void latency(Slo.Builder b, String slo, String field, String text, List<Problem> problems,
      String where) {
    try {
      b.sli(LatencySli.of(Durations.parse(text)));
    } catch (IllegalArgumentException e) {
      problems.add(Problem.of(slo, field, field + " " + e.getMessage()).at(where));
    }
  }

  private static Slo build(Slo.Builder b, List<Problem> problems, String where) {
    for (Problem p : b.problems()) {
      problems.add(p.location().isPresent() ? p : p.at(where));
    }
    if (!problems.isEmpty()) {
      throw new SloValidationException(problems);
    }
    return b.build();
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
