package dev.slo4j.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Alertmanager (Debian's {@code prometheus-alertmanager}, installed by {@code .ci/run}) on a free loopback port,
 * clustering off, with a configuration the test writes; {@link #amtool} runs Debian's {@code amtool} beside it.
 */
public final class Alertmanager implements AutoCloseable {

  private final Process process;
  private final Path dir;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private Alertmanager(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /** Starts Alertmanager with {@code config} (alertmanager.yml text); waits until it is ready. */
  public static Alertmanager start(String config) throws IOException, InterruptedException {
    String bin = Binaries.require("slo4j.alertmanager", "prometheus-alertmanager", "prometheus-alertmanager");
    Path dir = Files.createTempDirectory("slo4j-alertmanager");
    Files.writeString(dir.resolve("alertmanager.yml"), config);
    int port = Prometheus.freePort();
    Process p = new ProcessBuilder(bin, "--config.file=" + dir.resolve("alertmanager.yml"),
        "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
        "--cluster.listen-address=", "--log.level=warn")
        .redirectErrorStream(true).redirectOutput(dir.resolve("alertmanager.log").toFile()).start();
    Alertmanager server = new Alertmanager(p, dir, port);
    Binaries.awaitReady("alertmanager", p, dir.resolve("alertmanager.log"),
        () -> server.send("GET", "/-/ready", null).statusCode() == 200);
    return server;
  }

  /** Replaces the configuration and reloads it; fails with Alertmanager's log when it refuses the new one. */
  public void reload(String config) throws IOException, InterruptedException {
    Files.writeString(dir.resolve("alertmanager.yml"), config);
    HttpResponse<String> r = send("POST", "/-/reload", "");
    if (r.statusCode() != 200) {
      throw new AssertionError("alertmanager refused the configuration (" + r.statusCode() + "): " + r.body()
          + "\n" + log());
    }
  }

  /** Sends a request to its HTTP API; {@code body} is JSON, or null for none. */
  public HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(url().resolve(path)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Runs {@code amtool ARGS...} against this Alertmanager's URL; the result holds its exit code and output. */
  public static Promtool.Result amtool(Path workDir, String... args) throws IOException, InterruptedException {
    String bin = Binaries.require("slo4j.amtool", "amtool", "prometheus-alertmanager");
    List<String> command = new ArrayList<>(List.of(bin));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("amtool did not finish within 60s: " + command);
    }
    return new Promtool.Result(p.exitValue(), out);
  }

  /** Its base URL. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + port + "/");
  }

  /** What it logged so far. */
  public String log() throws IOException {
    return Files.readString(dir.resolve("alertmanager.log"));
  }

  @Override
  public void close() {
    Binaries.stop(process);
  }
}
