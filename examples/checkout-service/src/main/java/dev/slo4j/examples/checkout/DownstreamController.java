package dev.slo4j.examples.checkout;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The dependencies of the checkout, simulated on the same server so the example runs alone: a payment provider, a
 * recommendation service and a pricing service, reached over real HTTP, with the faults of {@link Faults}. Their
 * answers are asynchronous, so an injected latency delays the answer without holding one of the server's request
 * threads, as a remote provider's latency would not.
 */
@RestController
public class DownstreamController {

  private final Faults faults;

  public DownstreamController(Faults faults) {
    this.faults = faults;
  }

  @GetMapping("/downstream/pay")
  public CompletableFuture<ResponseEntity<String>> pay() {
    return faults.answer(() -> ResponseEntity.ok("paid"), DownstreamController::unavailable);
  }

  @GetMapping("/downstream/recommendations")
  public CompletableFuture<ResponseEntity<String>> recommendations() {
    return faults.answer(() -> ResponseEntity.ok(String.join(",", List.of("socks", "umbrella"))),
        DownstreamController::unavailable);
  }

  @GetMapping("/downstream/quote")
  public CompletableFuture<ResponseEntity<String>> quote() {
    return faults.answer(() -> ResponseEntity.ok("19.99"), DownstreamController::unavailable);
  }

  private static ResponseEntity<String> unavailable() {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body("unavailable");
  }
}
