package dev.slo4j.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;

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
    String configured = System.getProperty("slo4j.prometheus", "prometheus");
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File f = configured.contains("/") ? new File(configured) : new File(d, configured);
      if (f.canExecute()) {
        return f.getPath();
      }
    }
    String msg = "the prometheus binary was not found (" + configured + "); install Debian's package: "
        + "apt-get install -y prometheus (.ci/run does)";
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError(msg + " -- required in CI, where these tests must not skip");
    }
    Assumptions.abort(msg);
    return null;
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
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new AssertionError("prometheus exited at start:\n" + Files.readString(dir.resolve("prometheus.log")));
      }
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(server.url().resolve("/-/ready")).build(),
            HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return server;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    server.close();
    throw new AssertionError("prometheus not ready within 60s:\n" + Files.readString(dir.resolve("prometheus.log")));
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
    process.destroy();
    try {
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** Where its configuration and log are. */
  public Path dir() {
    return dir;
  }
}
