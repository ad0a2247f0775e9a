package dev.slo4j.examples.checkout;

import dev.slo4j.annotation.Slo;
import java.util.List;
import java.util.Map;
import org.springframework.resilience.InvocationRejectedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The two operations customers care about, each with its SLO declared where the code is. */
@RestController
public class CheckoutController {

  private final Downstream downstream;

  public CheckoutController(Downstream downstream) {
    this.downstream = downstream;
  }

  @GetMapping("/checkout")
  @Slo(name = "checkout", objective = "99.9", description = "Customers can pay for their basket.",
      labels = "team=payments", runbookUrl = "https://runbooks.example.com/checkout")
  public Map<String, Object> checkout() {
    String payment = downstream.pay();
    List<String> recommendations;
    try {
      recommendations = downstream.recommendations();
    } catch (InvocationRejectedException busy) {
      // The dependencies' bulkhead is full: the recommendations are optional, the payment went through.
      recommendations = List.of();
    }
    return Map.of("payment", payment, "recommendations", recommendations);
  }

  @GetMapping("/quote")
  @Slo(name = "quote", objective = "99", latency = "300ms", description = "Price quotes are fast.",
      labels = "team=payments")
  public Map<String, Object> quote() {
    return Map.of("price", downstream.quote());
  }
}
