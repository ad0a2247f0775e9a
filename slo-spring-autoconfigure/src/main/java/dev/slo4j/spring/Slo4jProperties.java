package dev.slo4j.spring;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * slo4j's Spring Boot properties: platform defaults every service inherits (a platform team ships them in a shared
 * config or a parent starter) and SLOs a service declares without code, including SLOs over instrumentation it already
 * has, such as Spring MVC's {@code http.server.requests}.
 *
 * <p>Values are kept as text and validated by slo-core when the application starts, so a bad value stops the start
 * with a message naming the property, the value and the fix, instead of a type-conversion stack trace.
 */
@ConfigurationProperties(prefix = Slo4jProperties.PREFIX)
public class Slo4jProperties {

  /** The prefix of every slo4j property. */
  public static final String PREFIX = "slo4j";

  /** Whether slo4j measures anything at all; false turns every slo4j bean off. */
  private boolean enabled = true;

  /**
   * The service that owns this application's SLOs: the {@code slo_service} label of their metrics and the {@code
   * service} label of their alerts. Defaults to {@code spring.application.name}.
   */
  private String service;

  /** Defaults for every SLO of this application that does not state its own. */
  private final Defaults defaults = new Defaults();

  /** Platform defaults of the resilience policies built with the {@code ResilienceDefaults} bean. */
  private final Resilience resilience = new Resilience();

  /** How the rules the service ships are compared with the SLOs it registers. */
  private final Rules rules = new Rules();

  /** SLOs declared in properties, by name (no annotation needed). */
  private final Map<String, SloDeclaration> slos = new LinkedHashMap<>();

  /** The error-budget policy: what a release may do at which level of remaining budget (docs/operations.md). */
  private final BudgetPolicy budgetPolicy = new BudgetPolicy();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getService() {
    return service;
  }

  public void setService(String service) {
    this.service = service;
  }

  public Defaults getDefaults() {
    return defaults;
  }

  public Map<String, SloDeclaration> getSlos() {
    return slos;
  }

  public Rules getRules() {
    return rules;
  }

  public Resilience getResilience() {
    return resilience;
  }

  public BudgetPolicy getBudgetPolicy() {
    return budgetPolicy;
  }

  /** The error-budget policy; the SRE Workbook's example unless set. */
  public static class BudgetPolicy {
    /** Below this remaining share of the budget a release goes with a warning, e.g. 25% or 0.25. */
    private String warnBelow = "25%";

    /** Below this remaining share releases freeze; 0% freezes once the budget is spent. */
    private String freezeBelow = "0%";

    /** Release labels that pass a freeze. */
    private java.util.List<String> exceptions = new java.util.ArrayList<>(
        java.util.List.of("reliability", "security", "rollback"));

    public String getWarnBelow() {
      return warnBelow;
    }

    public void setWarnBelow(String warnBelow) {
      this.warnBelow = warnBelow;
    }

    public String getFreezeBelow() {
      return freezeBelow;
    }

    public void setFreezeBelow(String freezeBelow) {
      this.freezeBelow = freezeBelow;
    }

    public java.util.List<String> getExceptions() {
      return exceptions;
    }

    public void setExceptions(java.util.List<String> exceptions) {
      this.exceptions = exceptions;
    }

    /**
     * The policy these properties state; a bad value stops the start naming the property, the value and the fix.
     */
    dev.slo4j.budget.BudgetPolicy toPolicy() {
      String prefix = PREFIX + ".budget-policy.";
      try {
        return dev.slo4j.budget.BudgetPolicy.builder()
            .warnBelow(dev.slo4j.budget.BudgetPolicy.parseShare(prefix + "warn-below", warnBelow))
            .freezeBelow(dev.slo4j.budget.BudgetPolicy.parseShare(prefix + "freeze-below", freezeBelow))
            .exceptions(exceptions == null ? java.util.List.of() : exceptions)
            .build();
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(e.getMessage() + " (" + prefix + "*: e.g. warn-below=25%, freeze-below=0%,"
            + " exceptions=reliability,security,rollback)", e);
      }
    }
  }

  /** Retry and breaker defaults for every policy of the service (needs resilience4j on the classpath). */
  public static class Resilience {

    /** Attempts in all, the first call included. */
    private int maxAttempts = 3;

    /** The jitter of the backoff: {@code full}, {@code equal} or {@code decorrelated}. */
    private String jitter = "full";

    /** The first retry's delay scale, e.g. {@code 50ms}. */
    private String backoffBase = "50ms";

    /** The longest delay between attempts, e.g. {@code 2s}. */
    private String backoffCap = "2s";

    /**
     * Retries earned by each successful attempt over the last 10 s: 0.3 hides 20% transient errors, and a full outage
     * earns none.
     */
    private double retryBudgetRatio = 0.3;

    /** Retries a second allowed whatever the traffic. */
    private double retryBudgetMinPerSecond = 1.0;

    /** How long an open circuit breaker waits before its probe, e.g. {@code 5s}. */
    private String breakerWait = "5s";

    public int getMaxAttempts() {
      return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    public String getJitter() {
      return jitter;
    }

    public void setJitter(String jitter) {
      this.jitter = jitter;
    }

    public String getBackoffBase() {
      return backoffBase;
    }

    public void setBackoffBase(String backoffBase) {
      this.backoffBase = backoffBase;
    }

    public String getBackoffCap() {
      return backoffCap;
    }

    public void setBackoffCap(String backoffCap) {
      this.backoffCap = backoffCap;
    }

    public double getRetryBudgetRatio() {
      return retryBudgetRatio;
    }

    public void setRetryBudgetRatio(double retryBudgetRatio) {
      this.retryBudgetRatio = retryBudgetRatio;
    }

    public double getRetryBudgetMinPerSecond() {
      return retryBudgetMinPerSecond;
    }

    public void setRetryBudgetMinPerSecond(double retryBudgetMinPerSecond) {
      this.retryBudgetMinPerSecond = retryBudgetMinPerSecond;
    }

    public String getBreakerWait() {
      return breakerWait;
    }

    public void setBreakerWait(String breakerWait) {
      this.breakerWait = breakerWait;
    }
  }

  /**
   * Platform defaults: what an SLO gets for everything it leaves unsaid. A value left unset here falls through to the
   * platform's {@code META-INF/slo4j/defaults.yaml} on the classpath, then to slo4j's own (99.9% over 30 days, paging
   * and tickets on). The Maven plugin reads the same properties, so the checked-in rules use the same defaults.
   */
  public static class Defaults {

    /** The objective, as a percentage: {@code 99.9} or {@code 99.9%}; unset takes the platform's, else 99.9. */
    private String objective;

    /** The rolling window: {@code 30d}, {@code 28d}, {@code 7d}; unset takes the platform's, else 30d. */
    private String window;

    /** Labels of every SLO (its recorded series and alerts), e.g. {@code team=payments}, for routing in Alertmanager. */
    private final Map<String, String> labels = new TreeMap<>();

    /** Whether a fast burn pages someone; unset takes the platform's, else true. */
    private Boolean page;

    /** Whether a slow burn opens a ticket; unset takes the platform's, else true. */
    private Boolean ticket;

    /** Labels and annotations of every SLO's alerts. */
    private final Alerting alerting = new Alerting();

    public String getObjective() {
      return objective;
    }

    public void setObjective(String objective) {
      this.objective = objective;
    }

    public String getWindow() {
      return window;
    }

    public void setWindow(String window) {
      this.window = window;
    }

    public Map<String, String> getLabels() {
      return labels;
    }

    public Boolean getPage() {
      return page;
    }

    public void setPage(Boolean page) {
      this.page = page;
    }

    public Boolean getTicket() {
      return ticket;
    }

    public void setTicket(Boolean ticket) {
      this.ticket = ticket;
    }

    public Alerting getAlerting() {
      return alerting;
    }
  }

  /** Labels and annotations of every SLO's alerts (not of its recorded series), and which optional alerts it gets. */
  public static class Alerting {

    /**
     * After how long without the SLI's series (while the service is up) a ticket says the SLO is blind, e.g.
     * {@code 10m}; {@code off} or unset: no such alert.
     */
    private String absentFor;

    /** The budget-exhaustion tickets, off unless {@code for} is set. */
    private final BudgetExhaustion budgetExhaustion = new BudgetExhaustion();

    public String getAbsentFor() {
      return absentFor;
    }

    public void setAbsentFor(String absentFor) {
      this.absentFor = absentFor;
    }

    public BudgetExhaustion getBudgetExhaustion() {
      return budgetExhaustion;
    }

    /** Labels of every alert, e.g. a routing key. */
    private final Map<String, String> labels = new TreeMap<>();

    /** Labels of page alerts only. */
    private final Map<String, String> pageLabels = new TreeMap<>();

    /** Labels of ticket alerts only. */
    private final Map<String, String> ticketLabels = new TreeMap<>();

    /** Annotations of every alert, e.g. a dashboard link. */
    private final Map<String, String> annotations = new TreeMap<>();

    public Map<String, String> getLabels() {
      return labels;
    }

    public Map<String, String> getPageLabels() {
      return pageLabels;
    }

    public Map<String, String> getTicketLabels() {
      return ticketLabels;
    }

    public Map<String, String> getAnnotations() {
      return annotations;
    }
  }

  /** {@code SloErrorBudgetExhausted} and {@code SloErrorBudgetExhaustionPredicted} for every SLO. */
  public static class BudgetExhaustion {

    /** How long the budget must have been spent before the exhausted ticket fires, e.g. {@code 1h}; {@code off} or
     * unset: no exhaustion tickets. */
    private String forDuration;

    /** How far ahead the predicted ticket looks, e.g. {@code 3d}; unset: 3 days, or the SLO's window if shorter. */
    private String horizon;

    public String getFor() {
      return forDuration;
    }

    public void setFor(String forDuration) {
      this.forDuration = forDuration;
    }

    public String getHorizon() {
      return horizon;
    }

    public void setHorizon(String horizon) {
      this.horizon = horizon;
    }
  }

  /** How the service compares the rules it ships with the SLOs it registers, at startup. */
  public static class Rules {

    /**
     * What a difference between the bundled rules ({@code slo4j/<service>.rules.yml} on the classpath, written by
     * {@code mvn slo4j:generate}) and the registered SLOs does: {@code warn} logs it, {@code fail} stops the start,
     * {@code off} skips the comparison.
     */
    private String verify = "warn";

    /** Where the bundled rules are looked up: a classpath folder holding {@code <service>.rules.yml}. */
    private String location = "classpath:slo4j/";

    /**
     * The backend {@code /actuator/slos/rules} writes its rules for: {@code prometheus}, {@code operator},
     * {@code thanos}, {@code mimir} or {@code vmalert} (docs/rules.md, Backends).
     */
    private String target = "prometheus";

    /** operator: the PrometheusRule's namespace; mimir: the rule namespace (default slo4j). */
    private String namespace;

    public String getTarget() {
      return target;
    }

    public void setTarget(String target) {
      this.target = target;
    }

    public String getNamespace() {
      return namespace;
    }

    public void setNamespace(String namespace) {
      this.namespace = namespace;
    }

    public String getVerify() {
      return verify;
    }

    public void setVerify(String verify) {
      this.verify = verify;
    }

    public String getLocation() {
      return location;
    }

    public void setLocation(String location) {
      this.location = location;
    }
  }

  /** One SLO declared in properties, under {@code slo4j.slos.<name>}. */
  public static class SloDeclaration {

    /** What the SLO protects, in words a product manager reads. */
    private String description;

    /** The objective, e.g. {@code 99.9}; empty takes {@code slo4j.defaults.objective}. */
    private String objective;

    /** The rolling window, e.g. {@code 30d}; empty takes {@code slo4j.defaults.window}. */
    private String window;

    /** For a latency SLO, the threshold a good event stays under, e.g. {@code 300ms}; empty for availability. */
    private String latency;

    /**
     * The Micrometer observation whose events this SLO judges, e.g. {@code http.server.requests} (Spring MVC and
     * WebFlux) or the name of an {@code @Observed} method.
     */
    private String observation;

    /**
     * Low-cardinality key values an observation must have to count for this SLO, e.g. {@code uri=/checkout} and
     * {@code method=POST}.
     */
    private final Map<String, String> match = new TreeMap<>();

    /** Labels of this SLO's alerts, added to {@code slo4j.defaults.labels}. */
    private final Map<String, String> labels = new TreeMap<>();

    /** Whether a fast burn pages someone; empty takes {@code slo4j.defaults.page}. */
    private Boolean page;

    /** Whether a slow burn opens a ticket; empty takes {@code slo4j.defaults.ticket}. */
    private Boolean ticket;

    /** Where the person paged finds what to do; becomes the alerts' {@code runbook_url}. */
    private String runbookUrl;

    public String getDescription() {
      return description;
    }

    public void setDescription(String description) {
      this.description = description;
    }

    public String getObjective() {
      return objective;
    }

    public void setObjective(String objective) {
      this.objective = objective;
    }

    public String getWindow() {
      return window;
    }

    public void setWindow(String window) {
      this.window = window;
    }

    public String getLatency() {
      return latency;
    }

    public void setLatency(String latency) {
      this.latency = latency;
    }

    public String getObservation() {
      return observation;
    }

    public void setObservation(String observation) {
      this.observation = observation;
    }

    public Map<String, String> getMatch() {
      return match;
    }

    public Map<String, String> getLabels() {
      return labels;
    }

    public Boolean getPage() {
      return page;
    }

    public void setPage(Boolean page) {
      this.page = page;
    }

    public Boolean getTicket() {
      return ticket;
    }

    public void setTicket(Boolean ticket) {
      this.ticket = ticket;
    }

    public String getRunbookUrl() {
      return runbookUrl;
    }

    public void setRunbookUrl(String runbookUrl) {
      this.runbookUrl = runbookUrl;
    }
  }
}
