package dev.slo4j.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real Prometheus (Debian's {@code prometheus}, installed by {@code .ci/run}) on a free loopback port, on a data
 * directory the test prepared (e.g. blocks written by {@code promtool tsdb create-blocks-from openmetrics}). In CI a
 * missing binary fails the test; elsewhere it skips with the install hint.
 */
public final class Prometheus implements AutoCloseable {

  private final Process process;
  private final Path dir;
  private final int port;

  private Prometheus(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /** The prometheus executable ({@code -Dslo4j.prometheus}, else on the PATH). */
  public static String executable() {
    return Binaries.require("slo4j.prometheus", "prometheus", "prometheus");
  }

  /** Starts Prometheus with {@code config} (prometheus.yml text) on {@code data}; waits until it is ready. */
  public static Prometheus start(Path data, String config) throws IOException, InterruptedException {
    String bin = executable();
    Path dir = Files.createTempDirectory("slo4j-prometheus");
    Files.writeString(dir.resolve("prometheus.yml"), config);
    int port = freePort();
    Process p = new ProcessBuilder(bin, "--config.file=" + dir.resolve("prometheus.yml"),
        "--storage.tsdb.path=" + data, "--storage.tsdb.retention.time=400d",
        "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    Prometheus server = new Prometheus(p, dir, port);
    HttpClient http = HttpClient.newHttpClient();
    Binaries.awaitReady("prometheus", p, dir.resolve("prometheus.log"), () -> http.send(
        HttpRequest.newBuilder(server.url().resolve("/-/ready")).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode() == 200);
    return server;
  }

  /**
   * The release gate's test services, as {remaining budget, 1-hour error ratio} of their 99.9% SLO {@code checkout}:
   * one within budget, one low on it, one that spent it.
   */
  static final java.util.Map<String, double[]> GATE_HISTORY = java.util.Map.of(
      "healthy", new double[] {0.93, 0.0002},
      "low", new double[] {0.10, 0.0009},
      "spent", new double[] {-0.42, 0.02});

  /**
   * The release gate's Prometheus: {@link #withBudgetHistory} of services {@code healthy} (93% of the budget left,
   * burning 0.2x over 1h), {@code low} (10%, 0.9x) and {@code spent} (-42%, 20x), and in {@code dir} a spec of the
   * 99.9% SLO {@code checkout} of each, and of {@code never-deployed}, whose series are missing.
   */
  public static Prometheus withGateHistory(Path dir) throws IOException, InterruptedException {
    writeCheckoutSpecs(dir, java.util.List.of("healthy", "low", "spent", "never-deployed"));
    return withBudgetHistory(dir, GATE_HISTORY);
  }

  /** Writes {@code <service>.yaml} into {@code dir} for each service: a slo4j spec of its SLO {@code checkout}. */
  private static void writeCheckoutSpecs(Path dir, Iterable<String> services) throws IOException {
    for (String service : services) {
      Files.writeString(dir.resolve(service + ".yaml"), """
          version: slo4j/v1
          service: %s
          slos:
            - name: checkout
              objective: 99.9%%
          """.formatted(service));
    }
  }

  /**
   * A Prometheus whose last hour holds, for each service, the series slo4j's rules record for its SLO
   * {@code checkout}: {@code slo4j:error_budget_remaining:ratio} and {@code slo4j:error_ratio:rate1h}, one sample a
   * minute, backfilled with {@code promtool tsdb create-blocks-from openmetrics} into {@code dir/data}.
   *
   * @param history per service, {remaining budget, 1-hour error ratio}
   */
  public static Prometheus withBudgetHistory(Path dir, java.util.Map<String, double[]> history)
      throws IOException, InterruptedException {
    long now = System.currentTimeMillis() / 1000;
    StringBuilder om = new StringBuilder();
    String[] series = {"slo4j:error_budget_remaining:ratio", "slo4j:error_ratio:rate1h"};
    for (int i = 0; i < series.length; i++) {
      om.append("# TYPE ").append(series[i]).append(" gauge\n");
      for (java.util.Map.Entry<String, double[]> e : new java.util.TreeMap<>(history).entrySet()) {
        for (long t = now - 3600; t <= now - 60; t += 60) {
          om.append(series[i]).append("{service=\"").append(e.getKey()).append("\",slo=\"checkout\"} ")
              .append(e.getValue()[i]).append(' ').append(t).append('\n');
        }
      }
    }
    om.append("# EOF\n");
    return start(blocksFromOpenMetrics(dir, om), "global: {scrape_interval: 1m}\n");
  }

  /**
   * Writes {@code openMetrics} (history, ending in {@code # EOF}) to {@code dir/history.om} and turns it into blocks
   * in {@code dir/data} with {@code promtool tsdb create-blocks-from openmetrics}; returns the data directory.
   */
  public static Path blocksFromOpenMetrics(Path dir, CharSequence openMetrics) throws IOException, InterruptedException {
    Files.writeString(dir.resolve("history.om"), openMetrics);
    Path data = Files.createDirectories(dir.resolve("data"));
    Promtool.Result blocks = Promtool.run(dir, "tsdb", "create-blocks-from", "openmetrics", "history.om",
        data.toString());
    if (blocks.exitCode() != 0) {
      throw new AssertionError("promtool tsdb create-blocks-from openmetrics failed:\n" + blocks.output());
    }
    return data;
  }

  /** A port nothing listens on (just freed). */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Its base URL. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  @Override
  public void close() {
    Binaries.stop(process);
  }

  /** Where its configuration and log are. */
  public Path dir() {
    return dir;
  }
}
