package dev.slo4j.examples.checkout;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The dependencies of the checkout, simulated on the same server so the example runs alone: a payment provider, a
 * recommendation service and a pricing service, reached over real HTTP, with the faults of {@link Faults}. Also the
 * fault-injection endpoint itself.
 */
@RestController
public class DownstreamController {

  private final Faults faults;

  public DownstreamController(Faults faults) {
    this.faults = faults;
  }

  @PostMapping("/faults")
  public Map<String, Object> inject(@RequestParam(defaultValue = "0") double errorRate,
      @RequestParam(defaultValue = "0") long latencyMs, @RequestParam(defaultValue = "false") boolean outage) {
    faults.set(errorRate, latencyMs, outage);
    return faults.describe();
  }

  @GetMapping("/downstream/pay")
  public ResponseEntity<String> pay() throws InterruptedException {
    return faults.failNow() ? unavailable() : ResponseEntity.ok("paid");
  }

  @GetMapping("/downstream/recommendations")
  public ResponseEntity<String> recommendations() throws InterruptedException {
    return faults.failNow() ? unavailable() : ResponseEntity.ok(String.join(",", List.of("socks", "umbrella")));
  }

  @GetMapping("/downstream/quote")
  public ResponseEntity<String> quote() throws InterruptedException {
    return faults.failNow() ? unavailable() : ResponseEntity.ok("19.99");
  }

  private static ResponseEntity<String> unavailable() {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body("unavailable");
  }
}
