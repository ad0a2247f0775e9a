package dev.slo4j.spec;

import dev.slo4j.Slo;
import dev.slo4j.SloValidationException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads SLO spec files: slo4j's own format ({@code docs/spec.md}), OpenSLO v1 {@code SLO} documents and Sloth
 * {@code prometheus/v1} specs, detected from the document itself, so that teams can bring the specs they already have.
 * Every problem of a file is reported at once, each with the file name and line.
 *
 * <p>Needs SnakeYAML on the class path (an optional dependency of slo-core). Thread-safe.
 */
public final class SpecLoader {

  private SpecLoader() {}

  /**
   * Loads every SLO of a spec file.
   *
   * @throws SloValidationException listing every problem, each located as {@code file:line}
   * @throws IOException when the file cannot be read
   */
  public static List<Slo> load(Path file) throws IOException {
    throw new UnsupportedOperationException("not yet implemented");
  }

  /**
   * Loads every SLO of a spec given as text; {@code sourceName} names it in error messages.
   *
   * @throws SloValidationException listing every problem, each located as {@code sourceName:line}
   */
  public static List<Slo> parse(String yaml, String sourceName) {
    throw new UnsupportedOperationException("not yet implemented");
  }
}
