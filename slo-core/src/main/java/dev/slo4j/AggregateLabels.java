package dev.slo4j;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks of {@link Sli#aggregateBy()}: label names the rules can keep. */
final class AggregateLabels {

  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  /** Labels slo4j's own rules need summed away or matched: keeping them would split good from bad. */
  private static final Set<String> RESERVED = Set.of("slo", MetricNames.PROMETHEUS_LABEL_SERVICE,
      MetricNames.TAG_OUTCOME, "le", "__name__");

  private AggregateLabels() {}

  static List<String> copy(List<String> labels) {
    return List.copyOf(Objects.requireNonNull(labels, "aggregateBy").stream().map(String::strip).distinct().toList());
  }

  static void validate(String slo, List<String> labels, List<Problem> problems) {
    for (String l : labels) {
      if (!LABEL.matcher(l).matches()) {
        problems.add(Problem.of(slo, "sli.aggregateBy", "sli.aggregateBy '" + l
            + "' is not a Prometheus label name; use letters, digits and '_', e.g. region"));
      } else if (RESERVED.contains(l)) {
        problems.add(Problem.of(slo, "sli.aggregateBy", "sli.aggregateBy '" + l + "' is a label slo4j's rules "
            + "read themselves (" + String.join(", ", new java.util.TreeSet<>(RESERVED))
            + "); keep only labels that tell SLO series apart, e.g. region"));
      }
    }
  }
}
