package dev.slo4j.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What the commands that read Prometheus (gate, report, postmortem, backfill) share: the spec files and Prometheus'
 * URL.
 */
final class PrometheusOptions {
  @Parameters(arity = "1..*", paramLabel = "SPEC", description = "spec files (slo4j, Sloth or OpenSLO)")
  List<Path> specs;

  @Option(names = "--prometheus", required = true, paramLabel = "URL",
      description = "base URL of the Prometheus that evaluates slo4j's rules (for backfill: that holds the raw "
          + "series), e.g. http://prometheus:9090")
  String prometheus;

  /** The URL, or an IllegalArgumentException saying why it is none. */
  URI url() {
    try {
      return new URI(prometheus);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("--prometheus " + prometheus + " is not a URL: " + e.getReason());
    }
  }
}
