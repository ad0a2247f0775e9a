package dev.slo4j.examples.checkout;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * {@code POST /faults}: injects faults into the simulated dependencies, for local runs of the example only. It exists
 * only with {@code checkout.faults.enabled=true} (the {@code faults} profile sets it; without it {@code /faults} is a
 * 404), and even then it answers 403 to any request that
 * <ul>
 *   <li>does not come from a loopback address (127.0.0.0/8, ::1), or came through a proxy ({@code Forwarded} or
 *       {@code X-Forwarded-For}: a reverse proxy on the same host would otherwise make every client look local);
 *   <li>carries an {@code Origin} header: every browser sends one with a cross-site POST, be it a form, {@code fetch}
 *       or {@code sendBeacon}, and with a same-site one after DNS rebinding; curl and the JDK's client send none, and no
 *       page has any business calling this endpoint;
 *   <li>has a body a plain HTML form can send ({@code application/x-www-form-urlencoded}, {@code multipart/form-data},
 *       {@code text/plain}), for browsers old enough to send no {@code Origin}: the parameters go in the query string,
 *       with no body.
 * </ul>
 * Values out of range are a 400 naming the parameter, the value and the range (see {@link Faults#set}).
 */
@RestController
@ConditionalOnProperty(name = "checkout.faults.enabled", havingValue = "true")
public class FaultsController {

  private static final Set<String> FORM_TYPES =
      Set.of("application/x-www-form-urlencoded", "multipart/form-data", "text/plain");

  private final Faults faults;

  public FaultsController(Faults faults) {
    this.faults = faults;
  }

  @PostMapping("/faults")
  public ResponseEntity<Map<String, Object>> inject(HttpServletRequest request,
      @RequestParam(defaultValue = "0") double errorRate, @RequestParam(defaultValue = "0") long latencyMs,
      @RequestParam(defaultValue = "false") boolean outage) {
    String refused = refusal(request);
    if (refused != null) {
      return ResponseEntity.status(HttpStatus.FORBIDDEN).body(Map.of("error", refused));
    }
    faults.set(errorRate, latencyMs, outage);
    return ResponseEntity.ok(faults.describe());
  }

  /** Why this request may not change the faults, or null when it may. */
  static String refusal(HttpServletRequest request) {
    if (!isLoopback(request.getRemoteAddr())) {
      return "fault injection is for local runs: requests from " + request.getRemoteAddr()
          + " are refused, only loopback addresses may use /faults";
    }
    if (request.getHeader("Forwarded") != null || request.getHeader("X-Forwarded-For") != null) {
      return "fault injection is for local runs: requests through a proxy (Forwarded, X-Forwarded-For) are refused";
    }
    if (request.getHeader("Origin") != null) {
      return "requests from a browser page (Origin: " + request.getHeader("Origin") + ") are refused: use curl";
    }
    String type = request.getContentType();
    if (type != null && FORM_TYPES.contains(type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT))) {
      return "a form body (" + type + ") is refused: pass errorRate, latencyMs and outage in the query string";
    }
    return null;
  }

  private static boolean isLoopback(String address) {
    if (address == null || address.isEmpty()) {
      return false;
    }
    try {
      // Only an IP literal (no name lookup): a dotted quad, or IPv6, which has colons and a host name never does.
      return (address.matches("\\d{1,3}(\\.\\d{1,3}){3}") || address.contains(":"))
          && InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  @ExceptionHandler(IllegalArgumentException.class)
  public ResponseEntity<Map<String, String>> outOfRange(IllegalArgumentException e) {
    return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  public ResponseEntity<Map<String, String>> notANumber(MethodArgumentTypeMismatchException e) {
    String range = switch (e.getName()) {
      case "errorRate" -> "a number from 0 to 1";
      case "latencyMs" -> "a whole number of milliseconds from 0 to " + Faults.MAX_LATENCY_MS;
      default -> "true or false";
    };
    return ResponseEntity.badRequest()
        .body(Map.of("error", e.getName() + "=" + e.getValue() + " is not accepted: it must be " + range));
  }
}
