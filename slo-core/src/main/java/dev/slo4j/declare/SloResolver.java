package dev.slo4j.declare;

import dev.slo4j.Alerting;
import dev.slo4j.AvailabilitySli;
import dev.slo4j.LatencySli;
import dev.slo4j.Problem;
import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.SloValidationException;
import dev.slo4j.format.Durations;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The one place where a declaration plus the platform's defaults becomes a {@link ServiceLevelObjective}. The annotation processor,
 * the Spring autoconfiguration, the CLI, the Maven plugin and the actuator endpoint all resolve through it, so the
 * rules a repository checks in and the SLOs the running service measures cannot mean different things by the same
 * annotation.
 *
 * <p>Order of precedence, field by field: the declaration, then {@link SloDefaults} (the service's
 * {@code slo4j.defaults.*} over the platform's {@code META-INF/slo4j/defaults.yaml}), then slo4j's own.
 *
 * <p>Immutable and thread-safe.
 */
public final class SloResolver {

  private final String service;
  private final SloDefaults defaults;

  private SloResolver(String service, SloDefaults defaults) {
    this.service = service == null ? "" : service.strip();
    this.defaults = Objects.requireNonNull(defaults, "defaults");
  }

  /**
   * A resolver for the SLOs of {@code service} (the owner of declarations that name none; empty when unknown, which
   * is then a problem of every such declaration).
   */
  public static SloResolver of(String service, SloDefaults defaults) {
    return new SloResolver(service, defaults);
  }

  /** The service of declarations that name none; empty when unknown. */
  public String service() {
    return service;
  }

  public SloDefaults defaults() {
    return defaults;
  }

  /**
   * The SLO a declaration makes.
   *
   * @throws SloValidationException listing every problem, each located where the declaration was written
   */
  public ServiceLevelObjective resolve(SloDeclaration d) {
    List<Problem> problems = new ArrayList<>();
    ServiceLevelObjective slo = resolve(d, problems);
    if (!problems.isEmpty()) {
      throw new SloValidationException(problems);
    }
    return slo;
  }

  /** Every problem of a declaration, each located where it was written; empty when it resolves. */
  public List<Problem> problems(SloDeclaration d) {
    List<Problem> problems = new ArrayList<>();
    resolve(d, problems);
    return problems;
  }

  /**
   * The SLOs of several declarations, in their order.
   *
   * @throws SloValidationException listing every problem of all of them, including a name used twice in a service
   */
  public List<ServiceLevelObjective> resolveAll(Collection<SloDeclaration> declarations) {
    List<Problem> problems = new ArrayList<>();
    List<ServiceLevelObjective> slos = new ArrayList<>();
    Map<String, SloDeclaration> seen = new HashMap<>();
    for (SloDeclaration d : declarations) {
      ServiceLevelObjective slo = resolve(d, problems);
      if (slo == null) {
        continue;
      }
      SloDeclaration first = seen.putIfAbsent(slo.service() + "/" + slo.name(), d);
      if (first != null) {
        problems.add(Problem.of(d.name(), "name", "name '" + d.name() + "' is also declared at " + first.where()
            + " for service '" + slo.service() + "'; SLO names must be unique within a service").at(d.where()));
      } else {
        slos.add(slo);
      }
    }
    if (!problems.isEmpty()) {
      throw new SloValidationException(problems);
    }
    return List.copyOf(slos);
  }

  private ServiceLevelObjective resolve(SloDeclaration d, List<Problem> problems) {
    int before = problems.size();
    String owner = d.service().isEmpty() ? service : d.service();
    if (owner.isEmpty()) {
      problems.add(Problem.of(d.name(), "service", "no service owns this SLO; set spring.application.name or "
          + "slo4j.service in application.properties (or the service of the build: -Aslo4j.service=NAME, the Maven "
          + "plugin's <service>), or name it on the declaration").at(d.where()));
      owner = "unknown";
    }
    Map<String, String> labels = new TreeMap<>(defaults.labels());
    for (String pair : d.labels()) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        problems.add(Problem.of(d.name(), "labels", "label '" + pair + "' is not name=value; write e.g. team=payments")
            .at(d.where()));
      } else {
        labels.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
      }
    }
    ServiceLevelObjective.Builder b = ServiceLevelObjective.builder(d.name())
        .service(owner)
        .description(d.description())
        .objective(d.objective().isEmpty() ? defaults.objective() : d.objective())
        .window(d.window().isEmpty() ? defaults.window() : d.window())
        .labels(labels);
    Alerting.Builder alerting = Alerting.builder()
        .page(d.page() != null ? d.page() : defaults.page())
        .ticket(d.ticket() != null ? d.ticket() : defaults.ticket())
        .labels(defaults.alertLabels());
    defaults.pageLabels().forEach(alerting::pageLabel);
    defaults.ticketLabels().forEach(alerting::ticketLabel);
    defaults.annotations().forEach(alerting::annotation);
    if (!d.runbookUrl().isEmpty()) {
      alerting.runbookUrl(d.runbookUrl());
    }
    defaults.absentFor().ifPresent(after -> {
      try {
        alerting.absentFor(Durations.parse(after));
      } catch (IllegalArgumentException e) {
        problems.add(Problem.of(d.name(), "alerting.absent-for", "defaults alerting.absent-for " + e.getMessage())
            .at(d.where()));
      }
    });
    defaults.budgetExhaustionFor().ifPresent(after -> {
      try {
        alerting.budgetExhaustionAlerts(Durations.parse(after),
            defaults.budgetExhaustionHorizon().map(Durations::parse).orElse(null));
      } catch (IllegalArgumentException e) {
        problems.add(Problem.of(d.name(), "alerting.budget-exhaustion", "defaults alerting.budget-exhaustion "
            + e.getMessage()).at(d.where()));
      }
    });
    b.alerting(alerting.build());
    if (!d.latency().isEmpty()) {
      if (!d.badOn().isEmpty() || !d.goodOn().isEmpty()) {
        problems.add(Problem.of(d.name(), "latency", "badOn and goodOn judge availability, but latency makes this a"
            + " latency SLO; declare two SLOs, one for each").at(d.where()));
      }
      try {
        b.sli(LatencySli.of(Durations.parse(d.latency())));
      } catch (IllegalArgumentException e) {
        problems.add(Problem.of(d.name(), "latency", "latency " + e.getMessage()).at(d.where()));
      }
    } else {
      b.sli(AvailabilitySli.builder().badOnNames(d.badOn()).goodOnNames(d.goodOn()).build());
    }
    for (Problem p : b.problems()) {
      problems.add(p.location().isPresent() ? p : p.at(d.where()));
    }
    return problems.size() == before ? b.build() : null;
  }
}
