package dev.slo4j.examples.checkout;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.resilience.InvocationRejectedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A failed dependency is a 503 with a reason, not a stack trace in the log for every request. The {@code @Slo}
 * interceptor has already judged the exception by then: the event is bad either way.
 */
@RestControllerAdvice
public class Failures {

  @ExceptionHandler({UncheckedIOException.class, CallNotPermittedException.class})
  public ResponseEntity<Map<String, String>> unavailable(RuntimeException e) {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("error", String.valueOf(e.getMessage())));
  }

  /** Shed by the dependencies' bulkhead ({@link Downstream}): at once, without waiting on the slow dependency. */
  @ExceptionHandler(InvocationRejectedException.class)
  public ResponseEntity<Map<String, String>> shed(InvocationRejectedException e) {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
        .body(Map.of("error", "too many requests waiting on the dependencies; try again"));
  }
}
