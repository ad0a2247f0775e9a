package dev.slo4j.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slo4j.resilience.Backoff;
import dev.slo4j.resilience.ResilienceDefaults;
import dev.slo4j.resilience.ResiliencePolicy;
import dev.slo4j.resilience.RetryAfter;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * An injected pushback is honoured by slo4j's policies with their default backoff (as a server's 429 or 503 with
 * {@code Retry-After} is), and a test without slo-resilience still gets a plain {@link InjectedFailure}.
 */
class InjectedPushbackTest {

  final TestClock clock = TestClock.create();

  ResiliencePolicy<String> policy(Duration cap) {
    return ResilienceDefaults.builder().maxAttempts(3).backoff(Backoff.fullJitter(Duration.ofMillis(10), cap))
        .time(clock, clock::sleep, clock.asClock()).build().<String>policy("payments").build();
  }

  @Test
  void aPolicyWaitsOutAnInjectedPushbackUpToItsCap() {
    FaultInjector payment = FaultInjector.of("payment", clock, 1).inject(Fault.pushback(Duration.ofSeconds(2)));
    Supplier<String> pay = payment.supplier(() -> "paid");
    assertThatThrownBy(() -> policy(Duration.ofSeconds(5)).get(pay)).isInstanceOf(InjectedFailure.class)
        .isInstanceOfSatisfying(RetryAfter.Aware.class, a -> assertThat(a.retryAfter()).contains(Duration.ofSeconds(2)))
        .hasMessage("payment: injected pushback (Retry-After 2s)");
    // 3 attempts, each retry after the server's 2 s (more than the 10 ms backoff would have waited).
    assertThat(payment.calls()).isEqualTo(3);
    assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void aPolicyDoesNotRetryAPushbackLongerThanItsCap() {
    FaultInjector payment = FaultInjector.of("payment", clock, 1).inject(Fault.pushback(Duration.ofSeconds(30)));
    assertThatThrownBy(() -> policy(Duration.ofSeconds(5)).get(payment.supplier(() -> "paid")))
        .isInstanceOf(InjectedFailure.class);
    assertThat(payment.calls()).isEqualTo(1);
    assertThat(clock.elapsed()).isZero();
  }

  @Test
  void otherFaultsAreNoPushback() {
    FaultInjector payment = FaultInjector.of("payment", clock, 1).inject(Fault.outage());
    assertThatThrownBy(payment.supplier(() -> "paid")::get)
        .isExactlyInstanceOf(InjectedFailure.class)
        .satisfies(e -> assertThat(RetryAfter.of(e)).isEmpty());
  }

  @Test
  void withoutSloResilienceAPushbackIsAPlainInjectedFailure() throws Exception {
    // slo-test's own classes in a loader that cannot see dev.slo4j.resilience: the pushback still fails the call with
    // its Retry-After, and nothing tries to load RetryAfter.Aware.
    ClassLoader parent = getClass().getClassLoader();
    ClassLoader isolated = new ClassLoader(parent) {
      @Override
      protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith("dev.slo4j.resilience.")) {
          throw new ClassNotFoundException(name + " (hidden)");
        }
        if (!name.startsWith("dev.slo4j.test.")) {
          return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
          Class<?> c = findLoadedClass(name);
          if (c == null) {
            try (InputStream in = parent.getResourceAsStream(name.replace('.', '/') + ".class")) {
              if (in == null) {
                throw new ClassNotFoundException(name);
              }
              byte[] b = in.readAllBytes();
              c = defineClass(name, b, 0, b.length);
            } catch (IOException e) {
              throw new ClassNotFoundException(name, e);
            }
          }
          return c;
        }
      }
    };
    Class<?> failure = isolated.loadClass(InjectedFailure.class.getName());
    Method of = failure.getDeclaredMethod("of", String.class, Duration.class);
    of.setAccessible(true);
    Object pushback = of.invoke(null, "payment: injected pushback", Duration.ofSeconds(3));
    assertThat(pushback.getClass()).isSameAs(failure);
    Method retryAfter = failure.getMethod("retryAfter");
    assertThat(retryAfter.invoke(pushback)).isEqualTo(java.util.Optional.of(Duration.ofSeconds(3)));
    assertThat(pushback.getClass().getInterfaces()).isEmpty();
  }
}
