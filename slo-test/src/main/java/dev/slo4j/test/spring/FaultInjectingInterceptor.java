package dev.slo4j.test.spring;

import dev.slo4j.test.FaultInjector;
import dev.slo4j.test.InjectedFailure;
import java.io.IOException;
import java.util.Objects;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Puts a {@link FaultInjector} in front of every request of a Spring {@code RestClient} (or {@code RestTemplate}):
 * {@code RestClient.builder().requestInterceptor(FaultInjectingInterceptor.of(slos.faults("payment")))}, or a
 * {@code RestClientCustomizer} bean in a Spring test. An injected failure reaches the caller the way a failed
 * connection does (an {@link IOException}, which the client wraps in its {@code ResourceAccessException}); injected
 * latency moves the test's clock before the request is sent.
 */
public final class FaultInjectingInterceptor implements ClientHttpRequestInterceptor {

  private final FaultInjector faults;

  private FaultInjectingInterceptor(FaultInjector faults) {
    this.faults = faults;
  }

  /** An interceptor that sends every request through {@code faults}. */
  public static FaultInjectingInterceptor of(FaultInjector faults) {
    return new FaultInjectingInterceptor(Objects.requireNonNull(faults, "faults"));
  }

  @Override
  public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
      throws IOException {
    try {
      return faults.callable(() -> execution.execute(request, body)).call();
    } catch (InjectedFailure f) {
      throw new IOException(request.getMethod() + " " + request.getURI() + ": " + f.getMessage(), f);
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e); // a custom fault's checked failure
    }
  }
}
