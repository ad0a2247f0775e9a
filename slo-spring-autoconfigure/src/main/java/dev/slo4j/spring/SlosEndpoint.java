package dev.slo4j.spring;

import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.SloMeter;
import dev.slo4j.SloRegistry;
import dev.slo4j.LocalBudget;
import dev.slo4j.format.Durations;
import dev.slo4j.rules.RuleGenerator;
import dev.slo4j.rules.RuleSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.ResourceLoader;

/**
 * The {@code slos} actuator endpoint: what this service promises and how this instance is doing against it, and the
 * Prometheus rules that watch the whole fleet, generated from the very SLOs the running application registered — so
 * the rules a team checks in can be compared with what is actually deployed.
 *
 * <ul>
 *   <li>{@code GET /actuator/slos}: every SLO with objective, window, this instance's burn rate per alert window,
 *       budget remaining and status ({@code healthy}, {@code burning}, {@code exhausted}); the fingerprint of the
 *       registered SLOs, and whether the rules bundled with the service match them.
 *   <li>{@code GET /actuator/slos/rules}: the rule file for this service, as YAML, for the backend of
 *       {@code slo4j.rules.target} (Prometheus unless set).
 * </ul>
 */
@Endpoint(id = "slos")
public class SlosEndpoint {

  private final SloRegistry registry;
  private final String service;
  private final String rulesLocation;
  private final ResourceLoader resourceLoader;
  private final java.util.function.Supplier<List<String>> routesWithoutSlo;
  private final java.util.function.Supplier<List<String>> operationsWithoutSlo;
  private final dev.slo4j.budget.BudgetPolicy policy;
  private final dev.slo4j.rules.Target target;

  /** An endpoint that compares with the rules bundled at {@code classpath:slo4j/}. */
  public SlosEndpoint(SloRegistry registry, String service) {
    this(registry, service, "classpath:slo4j/", new DefaultResourceLoader());
  }

  /** An endpoint that compares with the rules bundled at {@code rulesLocation} ({@code slo4j.rules.location}). */
  public SlosEndpoint(SloRegistry registry, String service, String rulesLocation, ResourceLoader resourceLoader) {
    this(registry, service, rulesLocation, resourceLoader, List::of, List::of,
        dev.slo4j.budget.BudgetPolicy.workbook(), dev.slo4j.rules.Target.prometheus());
  }

  /**
   * As above, with the application's user-facing routes and {@code @Observed} operations that no SLO measures, for
   * the readiness report.
   */
  SlosEndpoint(SloRegistry registry, String service, String rulesLocation, ResourceLoader resourceLoader,
      java.util.function.Supplier<List<String>> routesWithoutSlo,
      java.util.function.Supplier<List<String>> operationsWithoutSlo, dev.slo4j.budget.BudgetPolicy policy,
      dev.slo4j.rules.Target target) {
    this.operationsWithoutSlo = operationsWithoutSlo;
    this.target = target;
    this.policy = policy;
    this.registry = registry;
    this.service = service;
    this.rulesLocation = rulesLocation;
    this.resourceLoader = resourceLoader;
    this.routesWithoutSlo = routesWithoutSlo;
  }

  /** This service's SLOs and this instance's view of their budgets. */
  @ReadOperation
  public Report slos() {
    List<SloReport> slos = new ArrayList<>();
    for (SloMeter meter : registry.meters()) {
      ServiceLevelObjective slo = meter.slo();
      LocalBudget budget = meter.budget();
      Map<String, Double> burnRates = new LinkedHashMap<>();
      for (Duration w : budget.windows()) {
        burnRates.put(Durations.prometheus(w), budget.burnRate(w));
      }
      slos.add(new SloReport(slo.name(), slo.service(), slo.description(), slo.sli().kind(), slo.describe(),
          slo.objective().toPercentString(), Durations.format(slo.window()), burnRates, budget.remaining(),
          budget.status().label(), policy.decide(budget.remaining(), java.util.Set.of()).label()));
    }
    List<ServiceLevelObjective> registered = registry.meters().stream().map(SloMeter::slo).toList();
    BundledRules rules = BundledRules.compare(registered, service, rulesLocation, resourceLoader);
    List<String> problems = dev.slo4j.rules.Readiness.of(dev.slo4j.rules.Readiness.Rules.defaults()).check(registered)
        .stream().map(Object::toString).toList();
    List<String> routes = routesWithoutSlo.get();
    List<String> operations = operationsWithoutSlo.get();
    return new Report(service, rules.registered().digest(), policy.toString(), new RulesReport(rules.location(), rules.found(),
        rules.bundled().map(f -> f.digest()).orElse(null), rules.matches(), rules.differences()),
        new ReadinessReport(problems.isEmpty() && routes.isEmpty() && operations.isEmpty(), routes, operations,
            problems), slos);
  }

  /** {@code /actuator/slos/rules}: the rules of this service's SLOs, for the backend of {@code slo4j.rules.target}. */
  @ReadOperation(produces = "application/yaml")
  public String rules(@Selector String part) {
    if (!"rules".equals(part)) {
      return null;
    }
    List<ServiceLevelObjective> slos = registry.meters().stream().map(SloMeter::slo).toList();
    RuleSet rules = RuleGenerator.ofDefaults().generate(slos);
    return rules.render(new RuleSet.Header("the SLOs registered by service " + service
        + " (actuator endpoint slos)", "curl -s http://<host>/actuator/slos/rules"), target);
  }

  /**
   * The endpoint's JSON: {@code fingerprint} digests the registered SLOs, as the header of rules generated from the
   * same SLOs does.
   */
  public record Report(String service, String fingerprint, String budgetPolicy, RulesReport rules,
      ReadinessReport readiness, List<SloReport> slos) {}

  /**
   * Production readiness: user-facing routes and {@code @Observed} operations that no SLO measures, and SLOs without
   * an owner, a description or a runbook for their alerts (the checks of {@code slo4j lint}, each with its fix).
   */
  public record ReadinessReport(boolean ready, List<String> routesWithoutSlo, List<String> operationsWithoutSlo,
      List<String> problems) {}

  /** The rules this service ships, compared with what it registered. */
  public record RulesReport(String location, boolean bundled, String fingerprint, boolean matches,
      List<String> differences) {}

  /**
   * One SLO in the endpoint's JSON; {@code release} is what the error-budget policy says of a release without
   * labels on this instance's own view of the budget ({@code go}, {@code warn}, {@code blocked}): the fleet-wide
   * answer is {@code slo4j gate}'s, from Prometheus.
   */
  public record SloReport(String name, String service, String description, String sli, String promise,
      String objective, String window, Map<String, Double> burnRates, double budgetRemaining, String status,
      String release) {}
}
