package dev.slo4j.examples.checkout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Real HTTP to the service under test, on loopback, with the JDK's client (which sends no Origin, as curl does). */
final class Http {

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private Http() {}

  static HttpRequest.Builder request(int port, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
  }

  static HttpResponse<String> post(int port, String path) throws Exception {
    return send(request(port, path).POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  static HttpResponse<String> get(int port, String path) throws Exception {
    return send(request(port, path).GET().build());
  }

  static HttpResponse<String> send(HttpRequest request) throws Exception {
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
