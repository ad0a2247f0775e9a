package dev.slo4j.examples.checkout;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Prometheus (Debian's {@code prometheus} package, installed by {@code .ci/run}) on a free loopback port,
 * scraping one target every second with the given rules, data in a temporary directory. In CI a missing binary fails
 * the test; elsewhere it skips with a message saying how to install it.
 */
final class PrometheusServer implements AutoCloseable {

  private final Process process;
  private final Path dir;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private PrometheusServer(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  static String executable() {
    String configured = System.getProperty("slo4j.prometheus", "prometheus");
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File f = configured.contains("/") ? new File(configured) : new File(dir, configured);
      if (f.canExecute()) {
        return f.getPath();
      }
    }
    String msg = "the prometheus binary was not found (" + configured + "); install Debian's package: "
        + "apt-get install -y prometheus (.ci/run does)";
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError(msg + " -- required in CI, where the end-to-end test must not skip");
    }
    System.err.println("SKIPPING the end-to-end test: " + msg);
    Assumptions.abort(msg);
    return null;
  }

  static PrometheusServer start(String target, String metricsPath, String rules) throws Exception {
    String bin = executable();
    Path dir = Files.createTempDirectory("slo4j-e2e-prometheus");
    Files.writeString(dir.resolve("rules.yml"), rules);
    Files.writeString(dir.resolve("prometheus.yml"), """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        rule_files: [rules.yml]
        scrape_configs:
          - job_name: checkout-service
            metrics_path: %s
            static_configs:
              - targets: ['%s']
        """.formatted(metricsPath, target));
    int port = freePort();
    Process p = new ProcessBuilder(bin, "--config.file=" + dir.resolve("prometheus.yml"),
        "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    PrometheusServer server = new PrometheusServer(p, dir, port);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new AssertionError("prometheus exited at start:\n" + Files.readString(dir.resolve("prometheus.log")));
      }
      try {
        if (server.get("/-/ready").statusCode() == 200) {
          return server;
        }
      } catch (IOException notYet) {
        // starting
      }
      Thread.sleep(200);
    }
    server.close();
    throw new AssertionError("prometheus was not ready within 30 s");
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The JSON answer of an instant query. */
  String query(String promql) throws IOException, InterruptedException {
    return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).body();
  }

  String log() throws IOException {
    return Files.readString(dir.resolve("prometheus.log"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }
}
