package dev.slo4j;

/** How a policy answered when the real call did not: every such answer is counted and visible. */
public enum Degradation {
  /** The fallback answered. */
  FALLBACK,
  /** The last good value, within its maximum age, answered. */
  STALE,
  /** The call was not made because the SLO's budget burns and the work is not critical enough. */
  SHED;

  /** The lower-case name used in metrics and logs. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
