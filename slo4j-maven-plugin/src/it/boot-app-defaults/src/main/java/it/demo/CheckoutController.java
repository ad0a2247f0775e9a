package it.demo;

import dev.slo4j.annotation.Slo;

public class CheckoutController {

  @Slo(name = "checkout")
  public String checkout(String cart) {
    return "receipt for " + cart;
  }

  @Slo(name = "checkout-latency", latency = "300ms")
  public String quote(String cart) {
    return "quote for " + cart;
  }
}
