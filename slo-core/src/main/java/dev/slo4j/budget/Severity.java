package dev.slo4j.budget;

/**
 * How urgently a burning budget needs a human. A page wakes someone because the budget is going fast; a ticket asks for
 * attention within working hours because it is going slowly but surely (Google SRE Workbook, "Alerting on SLOs").
 */
public enum Severity {
  PAGE("page"),
  TICKET("ticket");

  private final String label;

  Severity(String label) {
    this.label = label;
  }

  /** The value of the {@code severity} label on generated alerts. */
  public String label() {
    return label;
  }
}
