package dev.slo4j;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Thrown when SLO declarations are invalid, carrying every problem found, not just the first. Thrown at build or load
 * time, which in a service means at startup: a bad SLO must stop a deploy, not surface at 3 a.m.
 */
public final class SloValidationException extends IllegalArgumentException {

  private final List<Problem> problems;

  public SloValidationException(List<Problem> problems) {
    super(render(problems));
    this.problems = List.copyOf(problems);
    if (this.problems.isEmpty()) {
      throw new IllegalArgumentException("an SloValidationException needs at least one problem");
    }
  }

  /** Every problem found, in the order they were written. */
  public List<Problem> problems() {
    return problems;
  }

  private static String render(List<Problem> problems) {
    Objects.requireNonNull(problems, "problems");
    if (problems.size() == 1) {
      return problems.get(0).toString();
    }
    return problems.size() + " problems in SLO declarations:\n"
        + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n"));
  }
}
