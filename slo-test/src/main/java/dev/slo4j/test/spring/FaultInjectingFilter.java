package dev.slo4j.test.spring;

import dev.slo4j.test.FaultInjector;
import dev.slo4j.test.InjectedFailure;
import java.io.IOException;
import java.util.Objects;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Mono;

/**
 * Puts a {@link FaultInjector} in front of every exchange of a Spring {@code WebClient}, as
 * {@link FaultInjectingInterceptor} does for a {@code RestClient}:
 * {@code WebClient.builder().filter(FaultInjectingFilter.of(slos.faults("payment")))}, or a
 * {@code WebClientCustomizer} bean in a Spring test.
 *
 * <p>Each subscription is one call of the injector, so a {@code retry()} or {@code retryWhen(...)} on the client's
 * {@code Mono} counts and suffers every attempt. Injected latency moves the test's clock before the request is sent
 * (the clock advances; nothing blocks or sleeps). An injected failure reaches the caller as a failed connection does
 * with reactor-netty: a {@link WebClientRequestException} whose cause is an {@link IOException}, which a retry policy
 * treats as a dependency's failure and the server never sees. The {@link InjectedFailure} is that
 * {@code IOException}'s cause, so a pushback's {@link InjectedFailure#retryAfter() Retry-After} is in the cause chain.
 * A fault's own failure (from {@code Fault.errors(rate, factory)}) is passed on as it is, so a test can fail with the
 * {@code WebClientResponseException} the real server would answer.
 */
public final class FaultInjectingFilter implements ExchangeFilterFunction {

  private final FaultInjector faults;

  private FaultInjectingFilter(FaultInjector faults) {
    this.faults = faults;
  }

  /** A filter that sends every exchange through {@code faults}. */
  public static FaultInjectingFilter of(FaultInjector faults) {
    return new FaultInjectingFilter(Objects.requireNonNull(faults, "faults"));
  }

  @Override
  public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
    return Mono.defer(() -> {
      try {
        return faults.callable(() -> next.exchange(request)).call();
      } catch (InjectedFailure f) {
        return Mono.error(new WebClientRequestException(
            new IOException(request.method() + " " + request.url() + ": " + f.getMessage(), f),
            request.method(), request.url(), request.headers()));
      } catch (IOException e) {
        return Mono.error(new WebClientRequestException(e, request.method(), request.url(), request.headers()));
      } catch (Exception e) {
        return Mono.error(e);
      }
    });
  }
}
