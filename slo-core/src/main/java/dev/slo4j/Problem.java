package dev.slo4j;

import java.util.Objects;
import java.util.Optional;

/**
 * One thing wrong with an SLO declaration. Validation collects every problem of a spec, rather than stopping at the
 * first, so that a team fixes a file in one pass instead of one error per build; each problem names the SLO, the field
 * and the fix, so that the message alone is enough to act on.
 *
 * <p>Immutable and thread-safe.
 *
 * @param slo the SLO's name as written (empty for a problem of the file or its defaults)
 * @param field the field at fault, in the spec's own spelling (e.g. {@code objective}, {@code sli.latency.threshold})
 * @param message what is wrong and what is accepted instead
 * @param location where it was written ({@code checkout.yaml:12}), empty for SLOs built in code
 */
public record Problem(String slo, String field, String message, Optional<String> location) {

  public Problem {
    Objects.requireNonNull(slo, "slo");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(location, "location");
  }

  /** A problem of an SLO built in code. */
  public static Problem of(String slo, String field, String message) {
    return new Problem(slo, field, message, Optional.empty());
  }

  /** The same problem, located in a file. */
  public Problem at(String where) {
    return new Problem(slo, field, message, Optional.of(where));
  }

  /** The same problem, attributed to an SLO (used when a part of an SLO is validated on its own). */
  public Problem forSlo(String sloName) {
    return new Problem(sloName, field, message, location);
  }

  /** {@code checkout.yaml:12: slo 'checkout': objective 100% leaves no error budget; ...}. */
  @Override
  public String toString() {
    String where = location.map(l -> l + ": ").orElse("");
    String who = slo.isEmpty() ? "" : "slo '" + slo + "': ";
    return where + who + message;
  }
}
