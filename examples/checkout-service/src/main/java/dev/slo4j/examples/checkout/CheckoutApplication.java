package dev.slo4j.examples.checkout;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.resilience.annotation.EnableResilientMethods;

/**
 * A checkout service measured by slo4j: two {@code @Slo} endpoints, a payment provider and a recommendation service
 * behind slo4j resilience policies and a bulkhead, and faults you can inject while it runs on your machine (with the
 * {@code faults} profile, see {@link FaultsController}). See the README's walk-through.
 */
@SpringBootApplication
@EnableResilientMethods
public class CheckoutApplication {

  public static void main(String[] args) {
    SpringApplication.run(CheckoutApplication.class, args);
  }

  /** Tells whoever started the service where to look. */
  @EventListener
  public void ready(ApplicationReadyEvent event) {
    Environment env = event.getApplicationContext().getEnvironment();
    String base = "http://localhost:" + env.getProperty("local.server.port");
    String faults = env.getProperty("checkout.faults.enabled", Boolean.class, false)
        ? "curl -X POST '%1$s/faults?outage=true'   (or errorRate=0.2, latencyMs=500; reset: /faults; loopback only)"
        : "off; for a local run, start with --spring.profiles.active=faults";
    System.out.println("""

        checkout-service is up, measured by slo4j:
          try it          curl '%1$s/checkout'   and   curl '%1$s/quote'
          SLOs, budgets   curl '%1$s/actuator/slos'
          the rules       curl '%1$s/actuator/slos/rules'   (checked in: examples/checkout-service/src/main/resources/slo4j/)
          metrics         curl '%1$s/actuator/prometheus' | grep slo4j
          inject faults   %2$s
        """.formatted(base, faults.formatted(base)));
  }
}
