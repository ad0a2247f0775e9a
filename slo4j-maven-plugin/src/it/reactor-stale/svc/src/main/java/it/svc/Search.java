package it.svc;

import dev.slo4j.annotation.Slo;

public class Search {

  @Slo(name = "search", latency = "200ms")
  public void search(String query) {
  }
}
