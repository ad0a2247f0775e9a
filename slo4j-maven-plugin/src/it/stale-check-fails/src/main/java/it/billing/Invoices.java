package it.billing;

import dev.slo4j.annotation.Slo;

public class Invoices {

  @Slo(name = "invoice")
  public void invoice() {
  }
}
