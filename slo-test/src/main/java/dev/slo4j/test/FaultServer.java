package dev.slo4j.test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A real HTTP dependency on loopback whose answers go through {@link FaultInjector}s: point the service's HTTP client
 * (JDK {@code HttpClient}, Spring's {@code RestClient} or {@code WebClient}, anything) at {@link #uri(String)} and the
 * test injects errors, outages, pushback and latency into real requests. An injected failure answers {@code 503} (with
 * the fault's {@code Retry-After} in seconds, for pushback); latency moves the test's clock, not the wall clock, so a
 * client's own timeout does not fire: test timeouts with a policy's deadline on the test clock.
 *
 * <p>Binds 127.0.0.1 on a free port; {@link #close()} stops it. Thread-safe.
 */
public final class FaultServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(16, r -> {
    Thread t = new Thread(r, "slo4j-fault-server");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Supplier<String>> routes = new ConcurrentHashMap<>();

  private FaultServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A server on a free loopback port with no routes yet. */
  public static FaultServer start() throws IOException {
    return new FaultServer();
  }

  /**
   * Answers GET/POST {@code path} with {@code body}, through {@code faults}.
   *
   * @throws IllegalArgumentException for a path that does not start with {@code /} or is already routed
   */
  public FaultServer route(String path, FaultInjector faults, Supplier<String> body) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(faults, "faults");
    Objects.requireNonNull(body, "body");
    if (!path.startsWith("/") || path.contains("?")) {
      throw new IllegalArgumentException("a route is a path starting with / and without a query, was '" + path + "'");
    }
    if (routes.putIfAbsent(path, faults.supplier(body)) != null) {
      throw new IllegalArgumentException("the route " + path + " is already served");
    }
    return this;
  }

  /** The address of {@code path} on this server. */
  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      Supplier<String> route = routes.get(exchange.getRequestURI().getPath());
      if (route == null) {
        send(exchange, 404, "no route " + exchange.getRequestURI().getPath() + "; routes: " + routes.keySet());
        return;
      }
      String body;
      try {
        body = route.get();
      } catch (RuntimeException e) {
        if (e instanceof InjectedFailure f) {
          f.retryAfter().ifPresent(d -> exchange.getResponseHeaders().set("Retry-After",
              Long.toString(Math.max(0, (d.toMillis() + 999) / 1000))));
        }
        send(exchange, 503, "injected: " + e.getMessage());
        return;
      }
      send(exchange, 200, body == null ? "" : body);
    }
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return "FaultServer[" + uri("/") + ", routes " + routes.keySet() + "]";
  }
}
