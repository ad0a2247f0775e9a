package dev.slo4j.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A real single-node VictoriaMetrics (Debian's {@code victoria-metrics}, installed by {@code .ci/run}) on a free
 * loopback port, its own data directory, no query cache and samples visible to queries 1s after they arrive
 * ({@code -search.latencyOffset}, 30s by default), with Debian's {@code vmalert} run beside it to replay rules over the
 * history imported into it or to evaluate them live.
 */
public final class VictoriaMetrics implements AutoCloseable {

  private final Process process;
  private final Path dir;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private VictoriaMetrics(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /** Starts VictoriaMetrics on an empty data directory; waits until it is healthy. */
  public static VictoriaMetrics start() throws IOException, InterruptedException {
    String bin = Binaries.require("slo4j.victoriametrics", "victoria-metrics", "victoria-metrics");
    Path dir = Files.createTempDirectory("slo4j-victoriametrics");
    int port = Prometheus.freePort();
    Process p = new ProcessBuilder(bin, "-storageDataPath=" + dir.resolve("data"),
        "-httpListenAddr=127.0.0.1:" + port, "-retentionPeriod=100y", "-search.disableCache", "-search.latencyOffset=1s", "-loggerLevel=ERROR")
        .redirectErrorStream(true).redirectOutput(dir.resolve("victoria-metrics.log").toFile()).start();
    VictoriaMetrics server = new VictoriaMetrics(p, dir, port);
    Binaries.awaitReady("victoria-metrics", p, dir.resolve("victoria-metrics.log"),
        () -> server.send("GET", "health", null).statusCode() == 200);
    return server;
  }

  /**
   * Imports samples in Prometheus' text format with timestamps ({@code name{labels} value millis} per line) and makes
   * them searchable at once.
   */
  public void importText(String lines) throws IOException, InterruptedException {
    HttpResponse<String> r = send("POST", "api/v1/import/prometheus", lines);
    if (r.statusCode() / 100 != 2) {
      throw new AssertionError("victoria-metrics refused the import (" + r.statusCode() + "): " + r.body());
    }
    send("GET", "internal/force_flush", null);
  }

  /** Every sample of the series {@code match} selects, one JSON object per series and line ({@code /api/v1/export}). */
  public String export(String match) throws IOException, InterruptedException {
    return send("GET", "api/v1/export?match%5B%5D=" + java.net.URLEncoder.encode(match,
        java.nio.charset.StandardCharsets.UTF_8), null).body();
  }

  /**
   * Runs {@code vmalert -replay} of {@code rules} over {@code [from, to]}, reading from and writing to this server,
   * each group evaluated at its own interval ({@code -datasource.queryStep=0}; groups without one at
   * {@code evaluationInterval}), and waits up to 10 minutes for it to finish. The flags chained rules need:
   * {@code -replay.rulesDelay} longer than {@code -remoteWrite.flushInterval}, so each rule reads what the rules before
   * it wrote.
   *
   * @return vmalert's output
   */
  public String replay(Path rules, Instant from, Instant to, Duration evaluationInterval)
      throws IOException, InterruptedException {
    String bin = Binaries.require("slo4j.vmalert", "vmalert", "victoria-metrics");
    List<String> command = new ArrayList<>(List.of(bin, "-rule=" + rules, "-datasource.url=" + base(),
        "-remoteWrite.url=" + base(), "-replay.timeFrom=" + from, "-replay.timeTo=" + to,
        "-replay.disableProgressBar", "-replay.rulesDelay=2s", "-remoteWrite.flushInterval=500ms",
        "-datasource.queryStep=0", "-evaluationInterval=" + evaluationInterval.toSeconds() + "s",
        "-loggerLevel=ERROR", "-httpListenAddr=127.0.0.1:" + Prometheus.freePort()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (!p.waitFor(10, java.util.concurrent.TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("vmalert replay did not finish within 10 minutes:\n" + out);
    }
    if (p.exitValue() != 0) {
      throw new AssertionError("vmalert replay failed with exit code " + p.exitValue() + ":\n" + out);
    }
    send("GET", "internal/force_flush", null);
    return out;
  }

  /**
   * Starts {@code vmalert} evaluating {@code rules} live against this server every {@code evaluationInterval}, writing
   * its recorded series and {@code ALERTS} back here and sending alerts to {@code alertmanager}. Close it to stop it.
   */
  public AutoCloseable vmalert(Path rules, URI alertmanager, Duration evaluationInterval)
      throws IOException, InterruptedException {
    String bin = Binaries.require("slo4j.vmalert", "vmalert", "victoria-metrics");
    int httpPort = Prometheus.freePort();
    Path log = dir.resolve("vmalert.log");
    Process p = new ProcessBuilder(bin, "-rule=" + rules, "-datasource.url=" + base(), "-remoteWrite.url=" + base(),
        "-notifier.url=" + alertmanager.toString().replaceAll("/$", ""),
        "-evaluationInterval=" + evaluationInterval.toSeconds() + "s", "-remoteWrite.flushInterval=500ms",
        "-httpListenAddr=127.0.0.1:" + httpPort, "-loggerLevel=WARN")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Binaries.awaitReady("vmalert", p, log, () -> http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + httpPort + "/health")).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode() == 200);
    return () -> Binaries.stop(p);
  }

  private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(url().resolve(path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String base() {
    return "http://127.0.0.1:" + port;
  }

  /** Its base URL. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + port + "/");
  }

  /** What it logged so far. */
  public String log() throws IOException {
    return Files.readString(dir.resolve("victoria-metrics.log"));
  }

  @Override
  public void close() {
    Binaries.stop(process);
  }
}
