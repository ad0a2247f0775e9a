package dev.slo4j.resilience;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * An HTTP error answer as a failure, carrying the server's {@code Retry-After}: an {@link IOException}, so it is
 * retried by default, and {@link RetryAfter.Aware}, so the policy's backoff honours the pushback.
 *
 * <pre>{@code
 * HttpResponse<String> r = client.send(request, BodyHandlers.ofString());
 * if (r.statusCode() == 429 || r.statusCode() >= 500) {
 *   throw HttpStatusException.of(r);
 * }
 * }</pre>
 */
public class HttpStatusException extends IOException implements RetryAfter.Aware {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient Duration retryAfter;

  /** A failure with HTTP status {@code status} and the server's pushback ({@code null} for none). */
  public HttpStatusException(int status, String message, Duration retryAfter) {
    super(message);
    this.status = status;
    this.retryAfter = retryAfter;
  }

  /** The failure for a JDK HttpClient response, its {@code Retry-After} parsed (seconds or HTTP-date). */
  public static HttpStatusException of(HttpResponse<?> response) {
    return new HttpStatusException(response.statusCode(), "HTTP " + response.statusCode() + " from "
        + response.request().method() + " " + response.uri(), RetryAfter.of(response).orElse(null));
  }

  public int status() {
    return status;
  }

  @Override
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
