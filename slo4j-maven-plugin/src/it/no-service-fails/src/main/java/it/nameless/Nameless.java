package it.nameless;

import dev.slo4j.annotation.Slo;

public class Nameless {

  @Slo(name = "anything")
  public void work() {
  }
}
