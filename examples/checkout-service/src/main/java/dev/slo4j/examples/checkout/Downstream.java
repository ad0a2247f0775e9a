package dev.slo4j.examples.checkout;

import dev.slo4j.SloRegistry;
import dev.slo4j.LocalBudget;
import dev.slo4j.resilience.Backoff;
import dev.slo4j.resilience.Criticality;
import dev.slo4j.resilience.ResilienceDefaults;
import dev.slo4j.resilience.ResiliencePolicy;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.resilience.annotation.ConcurrencyLimit;
import org.springframework.stereotype.Component;

/**
 * The clients of the checkout's dependencies, each behind a slo4j resilience policy: the payment is critical (retried
 * with jitter under a retry budget and a deadline, behind a breaker derived from the checkout SLO, never faked); the
 * recommendations are optional (shed while the checkout SLO burns, served stale or empty when they fail).
 *
 * <p>A bulkhead in front of all three: at most {@code checkout.downstream.concurrency-limit} (default 50) request
 * threads wait on the dependencies at once, of Tomcat's 200, one limit shared by every method of this bean (Spring
 * Framework 7's {@code @ConcurrencyLimit}, enabled by {@code @EnableResilientMethods}). A call over the limit is
 * rejected at once with an {@link org.springframework.resilience.InvocationRejectedException}, which {@link Failures}
 * turns into a 503: when a dependency turns slow, the callers that would have waited on it are shed, and the rest of
 * the threads keep serving health checks and everything else. The controllers call this bean inside their
 * {@code @Slo} methods, so a shed request is a bad event of its SLO: the customer was not served.
 */
@Component
@ConcurrencyLimit(limitString = "${checkout.downstream.concurrency-limit:50}",
    policy = ConcurrencyLimit.ThrottlePolicy.REJECT)
public class Downstream {

  private final DownstreamClient client;
  private final ObjectProvider<SloRegistry> slos;
  private volatile ResiliencePolicy<String> payments;
  private volatile ResiliencePolicy<List<String>> recommendations;

  private final ObjectProvider<ResilienceDefaults> resilienceDefaults;
  /** How long one call to a dependency may take: {@code checkout.downstream.timeout}, 2s unless set. */
  private final Duration timeout;
  private static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);

  /** With {@code slo4j.enabled=false} there is no registry: the policies then run without SLO-derived parts. */
  public Downstream(Environment environment, DownstreamClient client, ObjectProvider<SloRegistry> slos,
      ObjectProvider<ResilienceDefaults> resilienceDefaults) {
    this.client = client;
    this.slos = slos;
    this.resilienceDefaults = resilienceDefaults;
    // Read once, at startup: a bad value stops the start with the property and the fix, not every checkout.
    this.timeout = timeout(environment);
  }

  /** Charges the customer; fails when the payment provider cannot be reached. */
  public String pay() {
    return paymentPolicy().get(() -> get("/downstream/pay"));
  }

  /** Recommendations, or what the policy can answer instead. */
  public List<String> recommendations() {
    return recommendationPolicy().get(() -> Arrays.asList(get("/downstream/recommendations").split(",")));
  }

  /** A price quote, straight from the pricing service. */
  public String quote() {
    return get("/downstream/quote");
  }

  private ResiliencePolicy<String> paymentPolicy() {
    ResiliencePolicy<String> p = payments;
    if (p == null) {
      SloRegistry registry = slos.getIfAvailable();
      // The platform's defaults (slo4j.resilience.* in application.properties): attempts, jittered backoff, retry
      // budget, breaker wait. Payments carry an idempotency key at the provider, so a retry cannot charge twice.
      ResilienceDefaults defaults = resilienceDefaults.getIfAvailable(ResilienceDefaults::ofDefaults);
      ResiliencePolicy.Builder<String> b = registry == null ? defaults.policy("payments")
          : defaults.policy("payments", registry.find("checkout").orElseThrow().slo());
      b.deadline(timeout);
      p = b.build();
      payments = p;
    }
    return p;
  }

  private ResiliencePolicy<List<String>> recommendationPolicy() {
    ResiliencePolicy<List<String>> p = recommendations;
    if (p == null) {
      SloRegistry registry = slos.getIfAvailable();
      // From the platform's defaults too, for their listener (degraded answers counted, not only logged) and their
      // time; one attempt: an optional dependency that fails is answered stale or empty, not retried.
      ResiliencePolicy.Builder<List<String>> b = resilienceDefaults.getIfAvailable(ResilienceDefaults::ofDefaults)
          .<List<String>>policy("recommendations")
          .retry(1, Backoff.fullJitter(Duration.ofMillis(1), Duration.ofMillis(1)))
          .serveStale(Duration.ofMinutes(5))
          .fallbackValue(List.of());
      if (registry != null) {
        LocalBudget checkoutBudget = registry.find("checkout").orElseThrow().budget();
        b.shedWhenBurning(checkoutBudget, Criticality.OPTIONAL);
      }
      p = b.build();
      recommendations = p;
    }
    return p;
  }

  private String get(String path) {
    return client.get(path);
  }

  /** {@code checkout.downstream.timeout}, parsed and bounded: a bad value stops the start with the property and the fix. */
  static Duration timeout(Environment environment) {
    String timeout = environment.getProperty("checkout.downstream.timeout", "2s");
    Duration parsed;
    try {
      parsed = dev.slo4j.format.Durations.parse(timeout);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("checkout.downstream.timeout=" + timeout + " is not a duration: "
          + e.getMessage() + "; use e.g. 2s", e);
    }
    if (parsed.isZero() || parsed.compareTo(MAX_TIMEOUT) > 0) {
      throw new IllegalStateException("checkout.downstream.timeout=" + timeout + " is outside (0, 60s]: a call must"
          + " be allowed some time and must not hold a request thread for minutes; use e.g. 2s");
    }
    return parsed;
  }
}
