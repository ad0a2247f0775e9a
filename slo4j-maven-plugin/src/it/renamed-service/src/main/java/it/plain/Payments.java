package it.plain;

import dev.slo4j.annotation.Slo;

public class Payments {

  @Slo(name = "charge", objective = "99.5%")
  public void charge(long cents) {
  }
}
