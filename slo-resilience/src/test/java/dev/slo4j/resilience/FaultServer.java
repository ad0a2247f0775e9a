package dev.slo4j.resilience;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real HTTP dependency on loopback whose faults the test controls: an error rate (from a seeded random source, so a
 * run is repeatable), added latency, and full outages. Counts every request that reaches it.
 */
public final class FaultServer implements AutoCloseable {

  static {
    // The JDK server writes headers and body apart; without TCP_NODELAY, Nagle and delayed ACKs add ~40 ms a call.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(24); // slow answers must not queue
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final AtomicLong requests = new AtomicLong();
  private final Random random;
  private volatile double errorRate;
  private volatile boolean outage;
  private volatile long latencyMillis;
  private volatile String retryAfter;

  public FaultServer(long seed) throws IOException {
    this.random = new Random(seed);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.setExecutor(executor);
    server.createContext("/price", exchange -> {
      requests.incrementAndGet();
      boolean fail;
      synchronized (random) {
        fail = outage || random.nextDouble() < errorRate;
      }
      try {
        if (latencyMillis > 0) {
          Thread.sleep(latencyMillis);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] body = (fail ? "unavailable" : "42").getBytes(StandardCharsets.UTF_8);
      String pushback = retryAfter;
      if (fail && pushback != null) {
        exchange.getResponseHeaders().set("Retry-After", pushback);
      }
      exchange.sendResponseHeaders(fail ? 503 : 200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  public void errorRate(double rate) {
    this.errorRate = rate;
  }

  public void outage(boolean down) {
    this.outage = down;
  }

  /** Every answer takes this long (the handler sleeps before answering). */
  public void latency(Duration latency) {
    this.latencyMillis = latency.toMillis();
  }

  /** Failed answers carry this {@code Retry-After} value (null for none). */
  public void retryAfter(String value) {
    this.retryAfter = value;
  }

  public long requests() {
    return requests.get();
  }

  /**
   * The client side: one GET; a 5xx is an IOException, as an HTTP client library would report it, carrying the
   * server's {@code Retry-After} ({@link HttpStatusException}).
   */
  public String price() {
    return price(Duration.ofSeconds(2));
  }

  /** One GET whose client timeout is {@code timeout}: the deadline-aware form passes {@code ctx.remaining()}. */
  public String price(Duration timeout) {
    try {
      HttpResponse<String> r = client.send(request().timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
      return answer(r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** One asynchronous GET without a client timeout: only the policy's deadline bounds it. */
  public java.util.concurrent.CompletableFuture<String> priceAsync() {
    return client.sendAsync(request().build(), HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
      try {
        return answer(r);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private HttpRequest.Builder request() {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/price"));
  }

  private static String answer(HttpResponse<String> r) throws IOException {
    if (r.statusCode() >= 500 || r.statusCode() == 429) {
      throw HttpStatusException.of(r);
    }
    return r.body();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
