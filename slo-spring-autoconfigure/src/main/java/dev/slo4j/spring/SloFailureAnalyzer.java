package dev.slo4j.spring;

import dev.slo4j.Problem;
import dev.slo4j.SloValidationException;
import java.util.stream.Collectors;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an invalid SLO at startup into Spring Boot's "APPLICATION FAILED TO START" report: every problem with where it
 * was written (annotation or property) and what to change, instead of a nested bean-creation stack trace.
 */
final class SloFailureAnalyzer extends AbstractFailureAnalyzer<SloValidationException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, SloValidationException cause) {
    String problems = cause.problems().stream().map(Problem::toString).map(p -> "  - " + p)
        .collect(Collectors.joining("\n"));
    return new FailureAnalysis("slo4j found invalid SLOs:\n" + problems,
        "Fix the SLOs above (each line names the annotation or property and the accepted values),"
            + " or set slo4j.enabled=false to start without slo4j.", cause);
  }
}
