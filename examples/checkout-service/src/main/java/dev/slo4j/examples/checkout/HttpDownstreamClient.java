package dev.slo4j.examples.checkout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** The dependencies over HTTP (here, this service's own {@code /downstream/*} routes, with their injectable faults). */
@Component
public class HttpDownstreamClient implements DownstreamClient {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final Environment environment;
  private final Duration timeout;

  public HttpDownstreamClient(Environment environment) {
    this.environment = environment;
    this.timeout = Downstream.timeout(environment);
  }

  @Override
  public String get(String path) {
    String base = "http://127.0.0.1:" + environment.getProperty("local.server.port");
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
          .timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() >= 500) {
        throw new UncheckedIOException(new IOException(path + " answered HTTP " + r.statusCode()));
      }
      return r.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while calling " + path, e);
    }
  }
}
