package dev.slo4j.rules;

import dev.slo4j.ServiceLevelObjective;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Production readiness from the declarations, before a service goes on call ("SLOs for all user-facing services",
 * owned, with runbooks): every SLO names its owner (a {@code team} or {@code owner} label by default), says what it
 * promises (a description), and every alert it pages or tickets with links a runbook ({@code runbook_url}, an http(s)
 * URL). A platform team chooses which rules hold with {@link Rules}. Immutable.
 */
public final class Readiness {

  private static final Pattern URL = Pattern.compile("https?://[^\\s]+");

  private final Rules rules;

  private Readiness(Rules rules) {
    this.rules = rules;
  }

  /** Readiness under {@code rules}. */
  public static Readiness of(Rules rules) {
    return new Readiness(Objects.requireNonNull(rules, "rules"));
  }

  /**
   * Which checks hold: the owner labels accepted (any one of them), whether a description and a runbook are required,
   * and whether generated runbook stubs are published (a runbook base URL): then an alert without its own
   * {@code runbook_url} links the stub, which counts.
   */
  public record Rules(Set<String> ownerLabels, boolean requireDescription, boolean requireRunbook,
      boolean runbooksPublished) {
    public Rules {
      ownerLabels = Set.copyOf(ownerLabels);
    }

    /** The shipped defaults: an owner ({@code team} or {@code owner} label), a description and a runbook. */
    public static Rules defaults() {
      return new Rules(Set.of("team", "owner"), true, true, false);
    }
  }

  /** One unmet rule: which SLO, what is missing, and the fix. */
  public record Finding(ServiceLevelObjective slo, String missing, String fix) {
    @Override
    public String toString() {
      return "slo '" + slo.name() + "' of service '" + slo.service() + "': " + missing + "; " + fix;
    }
  }

  /** Every unmet rule, SLO by SLO in the order given. */
  public List<Finding> check(List<ServiceLevelObjective> slos) {
    List<Finding> out = new ArrayList<>();
    for (ServiceLevelObjective slo : slos) {
      if (!rules.ownerLabels().isEmpty() && rules.ownerLabels().stream().noneMatch(l -> notBlank(slo.labels().get(l))
          || notBlank(slo.alerting().labels().get(l)))) {
        out.add(new Finding(slo, "no owner (a label among " + new java.util.TreeSet<>(rules.ownerLabels()) + ")",
            "add e.g. 'labels: {team: <your team>}' to the SLO, or to the file for all its SLOs"));
      }
      if (rules.requireDescription() && !notBlank(slo.description())) {
        out.add(new Finding(slo, "no description of what it promises",
            "add 'description: <what users get>' to the SLO"));
      }
      boolean alerts = slo.alerting().page() || slo.alerting().ticket();
      if (rules.requireRunbook() && alerts) {
        String runbook = slo.alerting().annotations().get("runbook_url");
        if (!notBlank(runbook) && !rules.runbooksPublished()) {
          out.add(new Finding(slo, "its alerts have no runbook_url",
              "add 'alerting: {annotations: {runbook_url: https://...}}' to the SLO, or under the file's defaults"));
        } else if (notBlank(runbook) && !URL.matcher(runbook).matches()) {
          out.add(new Finding(slo, "its runbook_url '" + runbook + "' is not an http(s) URL",
              "give the runbook's full address, e.g. https://runbooks.example.com/" + slo.name()));
        }
      }
    }
    return out;
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }
}
