package dev.slo4j.budget;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The error-budget policy as code: what a release may do at which level of an SLO's remaining budget. It is the reason
 * an organisation has SLOs (SRE Workbook, "Example Error Budget Policy"): while a service is within budget, features
 * ship; below a warning level the team is told; once the budget is spent, releases freeze except those that restore
 * reliability or fix security, and rollbacks.
 *
 * <p>The defaults are the workbook's example: warn below 25% remaining, freeze when nothing remains (0%), exceptions
 * labelled {@code reliability}, {@code security} and {@code rollback}. Immutable; built with {@link #builder()}.
 */
public final class BudgetPolicy {

  /** Release labels are short lower-case words: they come from CI variables and command lines. */
  private static final Pattern LABEL = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
  /** The most exception labels a policy may name. */
  public static final int MAX_EXCEPTIONS = 32;

  private static final BudgetPolicy WORKBOOK = builder().build();

  private final double warnBelow;
  private final double freezeBelow;
  private final Set<String> exceptions;

  private BudgetPolicy(Builder b) {
    this.warnBelow = b.warnBelow;
    this.freezeBelow = b.freezeBelow;
    this.exceptions = Set.copyOf(b.exceptions);
  }

  /** The SRE Workbook's example policy: warn below 25%, freeze at 0%, except reliability, security, rollback. */
  public static BudgetPolicy workbook() {
    return WORKBOOK;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this policy, to change some of it (a command line's options over a spec's policy). */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.warnBelow = warnBelow;
    b.freezeBelow = freezeBelow;
    b.exceptions.clear();
    b.exceptions.addAll(new TreeSet<>(exceptions));
    return b;
  }

  /** The remaining share (0 to 1) below which a release is allowed with a warning. */
  public double warnBelow() {
    return warnBelow;
  }

  /** The remaining share (0 to 1) below which releases freeze; 0 means "once the budget is spent". */
  public double freezeBelow() {
    return freezeBelow;
  }

  /** The release labels that pass a freeze (and say so). */
  public Set<String> exceptions() {
    return exceptions;
  }

  /**
   * The verdict for one SLO whose remaining budget is {@code remaining} (1 = untouched, 0 = spent, negative =
   * overspent), for a release carrying {@code releaseLabels}.
   */
  public Verdict decide(double remaining, Set<String> releaseLabels) {
    Objects.requireNonNull(releaseLabels, "releaseLabels");
    if (Double.isNaN(remaining)) {
      throw new IllegalArgumentException("remaining budget is NaN: the SLO had no events to judge; that is a 'cannot"
          + " tell', not a verdict");
    }
    boolean frozen = freezeBelow == 0 ? remaining <= 0 : remaining < freezeBelow;
    if (frozen) {
      Set<String> allowed = new TreeSet<>(releaseLabels);
      allowed.retainAll(exceptions);
      return allowed.isEmpty() ? Verdict.BLOCKED : Verdict.ALLOWED_EXCEPTION;
    }
    return remaining < warnBelow ? Verdict.WARN : Verdict.GO;
  }

  @Override
  public String toString() {
    return "warn below " + percent(warnBelow) + ", freeze " + (freezeBelow == 0 ? "when spent" : "below "
        + percent(freezeBelow)) + ", except " + new TreeSet<>(exceptions);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BudgetPolicy p && p.warnBelow == warnBelow && p.freezeBelow == freezeBelow
        && p.exceptions.equals(exceptions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(warnBelow, freezeBelow, exceptions);
  }

  private static String percent(double share) {
    return java.math.BigDecimal.valueOf(share * 100).stripTrailingZeros().toPlainString() + "%";
  }

  /** What the policy says about one SLO for one release. */
  public enum Verdict {
    /** Within budget: ship. */
    GO,
    /** Allowed, but the budget is low: tell the team. */
    WARN,
    /** The budget is spent: the release is frozen. */
    BLOCKED,
    /** The budget is spent, and the release carries an exception label: it passes, and says so. */
    ALLOWED_EXCEPTION;

    /** Whether a release may go ahead. */
    public boolean passes() {
      return this != BLOCKED;
    }

    /** The lower-case name used in JSON and tables. */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** Collects a policy; each setter validates its value and names it in the error. */
  public static final class Builder {
    private double warnBelow = 0.25;
    private double freezeBelow = 0;
    private final List<String> exceptions = new ArrayList<>(List.of("reliability", "security", "rollback"));

    private Builder() {}

    /** Warn below this remaining share (0 to 1; default 0.25). */
    public Builder warnBelow(double share) {
      this.warnBelow = share(share, "warnBelow");
      return this;
    }

    /** Freeze below this remaining share (0 to 1; default 0: once the budget is spent). */
    public Builder freezeBelow(double share) {
      this.freezeBelow = share(share, "freezeBelow");
      return this;
    }

    /** The release labels that pass a freeze (default reliability, security, rollback); replaces the defaults. */
    public Builder exceptions(List<String> labels) {
      Objects.requireNonNull(labels, "labels");
      if (labels.size() > MAX_EXCEPTIONS) {
        throw new IllegalArgumentException("a budget policy names at most " + MAX_EXCEPTIONS + " exception labels, got "
            + labels.size());
      }
      for (String l : labels) {
        if (l == null || !LABEL.matcher(l).matches()) {
          throw new IllegalArgumentException("exception label '" + l + "' is not a lower-case word of letters, digits,"
              + " '.', '_' or '-' (at most 63 characters), e.g. reliability");
        }
      }
      exceptions.clear();
      exceptions.addAll(labels);
      return this;
    }

    public BudgetPolicy build() {
      if (freezeBelow > warnBelow) {
        throw new IllegalArgumentException("freezeBelow (" + percent(freezeBelow) + ") is above warnBelow ("
            + percent(warnBelow) + "): a release would freeze before it is warned; give freezeBelow <= warnBelow");
      }
      return new BudgetPolicy(this);
    }

    private static double share(double value, String name) {
      if (!(value >= 0 && value <= 1)) {
        throw new IllegalArgumentException(name + " " + value + " is outside [0, 1]; give the remaining share of the"
            + " budget, e.g. 0.25 for 25%");
      }
      return value;
    }
  }

  /**
   * A share of the budget written as {@code 25%} or {@code 0.25}, in [0, 1], as spec files, command lines and
   * properties give it; {@code name} names the field in the error.
   *
   * @throws IllegalArgumentException naming the field, the value and the form expected
   */
  public static double parseShare(String name, String text) {
    Objects.requireNonNull(name, "name");
    String t = text == null ? "" : text.strip();
    boolean percent = t.endsWith("%");
    String number = percent ? t.substring(0, t.length() - 1).strip() : t;
    if (!number.matches("[0-9]{1,3}(\\.[0-9]{1,9})?")) {
      throw new IllegalArgumentException(name + " '" + text + "' is not a share such as 25% or 0.25");
    }
    double share = Double.parseDouble(number) / (percent ? 100 : 1);
    if (share > 1) {
      throw new IllegalArgumentException(name + " '" + text + "' is outside [0%, 100%]");
    }
    return share;
  }

  /** A release label is valid (for command lines and CI variables). */
  public static boolean isLabel(String label) {
    return label != null && LABEL.matcher(label).matches();
  }
}
