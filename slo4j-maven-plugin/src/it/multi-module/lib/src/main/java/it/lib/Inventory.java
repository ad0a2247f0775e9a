package it.lib;

import dev.slo4j.annotation.Slo;

public class Inventory {

  @Slo(name = "reserve", objective = "99.5%")
  public boolean reserve(String sku) {
    return true;
  }
}
