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
