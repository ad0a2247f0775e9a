package dev.slo4j.resilience;

import dev.slo4j.ResilienceListener;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Deadlines and pushback against a real HTTP dependency on loopback: a 10 s answer under a 500 ms deadline, and
 * {@code Retry-After} headers read from real responses (waits go to a fake sleeper, so nothing sleeps for them).
 */
class DeadlineFaultIT {

  private static final int CALLS = 20;
  private static final Duration DEADLINE = Duration.ofMillis(500);
  /** How long the slow dependency takes: far beyond the deadline, so that ending at it leaves seconds of slack. */
  private static final Duration SLOW = Duration.ofSeconds(10);
  /**
   * A call ended at the deadline, not when the dependency answered: the deadline plus 3 s for a loaded CI machine,
   * still 6.5 s before the answer. The measured p50 and p99 (about 500-550 ms) are printed for docs/resilience.md.
   */
  private static final long ENDED_AT_DEADLINE_MS = DEADLINE.toMillis() + 3_000;
  private final FaultServer server;
  private final List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());

  DeadlineFaultIT() throws Exception {
    server = new FaultServer(11);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private ResiliencePolicy<String> deadlinePolicy() {
    return ResiliencePolicy.<String>builder("slow-price").listener(new ResilienceListener() {})
        .retry(3, Backoff.fullJitter(Duration.ofMillis(10), Duration.ofMillis(50)))
        .deadline(DEADLINE)
        .fallback(failure -> {
          failures.add(failure);
          return "fallback";
        })
        .build();
  }

  private static long[] report(String form, long[] nanos) {
    long[] ms = Arrays.stream(nanos).map(n -> Duration.ofNanos(n).toMillis()).sorted().toArray();
    long p50 = ms[(int) Math.ceil(0.50 * ms.length) - 1];
    long p99 = ms[(int) Math.ceil(0.99 * ms.length) - 1];
    System.out.printf(Locale.ROOT, "| %d s dependency, deadline %d ms | %s | p50 %d ms | p99 %d ms | all %s |%n",
        SLOW.toSeconds(), DEADLINE.toMillis(), form, p50, p99, Arrays.toString(ms));
    return new long[] {p50, p99};
  }

  private static Throwable root(Throwable t) {
    Throwable r = t;
    while (r.getCause() != null && r.getCause() != r) {
      r = r.getCause();
    }
    return r;
  }

  /**
   * Warms the client, the server and the policy's code paths with fast calls, as a running service is warm: the first
   * calls of a JVM load classes and compile, which is not what the deadline is about.
   */
  private void warmUp(ResiliencePolicy<String> policy, ScheduledExecutorService scheduler) throws Exception {
    for (int i = 0; i < 20; i++) {
      assertThat(policy.call(ctx -> server.price(ctx.remaining()))).isEqualTo("42");
      assertThat(policy.stage(server::priceAsync, scheduler).toCompletableFuture().get()).isEqualTo("42");
    }
  }

  @Test
  void aBlockingCallGivenTheRemainingTimeEndsAtTheDeadline() throws Exception {
    ResiliencePolicy<String> policy = deadlinePolicy();
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    warmUp(policy, scheduler);
    scheduler.shutdownNow();
    long warm = server.requests();
    server.latency(SLOW);
    ExecutorService callers = Executors.newFixedThreadPool(CALLS);
    try {
      List<Future<long[]>> calls = new ArrayList<>();
      for (int i = 0; i < CALLS; i++) {
        calls.add(callers.submit(() -> {
          long start = System.nanoTime();
          String answer = policy.call(ctx -> server.price(ctx.remaining()));
          return new long[] {System.nanoTime() - start, "fallback".equals(answer) ? 1 : 0};
        }));
      }
      long[] nanos = new long[CALLS];
      for (int i = 0; i < CALLS; i++) {
        long[] r = calls.get(i).get();
        nanos[i] = r[0];
        assertThat(r[1]).as("call %d ended in the fallback, not a %d s answer", i, SLOW.toSeconds()).isEqualTo(1);
      }
      long[] p = report("call(ctx -> timeout(ctx.remaining()))", nanos);
      assertThat(p[1]).as("p99 ms").isLessThanOrEqualTo(ENDED_AT_DEADLINE_MS);
      assertThat(failures).hasSize(CALLS).allSatisfy(f -> assertThat(root(f)).isInstanceOf(HttpTimeoutException.class));
      assertThat(server.requests() - warm).as("no retry starts that cannot finish by the deadline").isEqualTo(CALLS);
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void anAsynchronousCallIsTimedOutAtTheDeadline() throws Exception {
    ResiliencePolicy<String> policy = deadlinePolicy();
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try {
      warmUp(policy, scheduler);
      server.latency(SLOW);
      long[] nanos = new long[CALLS];
      List<CompletableFuture<String>> answers = new ArrayList<>();
      for (int i = 0; i < CALLS; i++) {
        int n = i;
        long start = System.nanoTime();
        answers.add(policy.stage(server::priceAsync, scheduler).toCompletableFuture()
            .whenComplete((v, e) -> nanos[n] = System.nanoTime() - start));
      }
      CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get();
      for (CompletableFuture<String> answer : answers) {
        assertThat(answer.get()).isEqualTo("fallback");
      }
      long[] p = report("stage(() -> sendAsync(...))", nanos);
      // Measured p99 522-541 ms at load average 4-7; the timeout fires on one scheduler thread, whose wake-ups a
      // loaded CI machine delays.
      assertThat(p[0]).as("p50 ms").isLessThanOrEqualTo(ENDED_AT_DEADLINE_MS);
      assertThat(p[1]).as("p99 ms").isLessThanOrEqualTo(ENDED_AT_DEADLINE_MS);
      assertThat(failures).hasSize(CALLS).allSatisfy(f -> assertThat(f).isInstanceOf(DeadlineExceededException.class));
    } finally {
      scheduler.shutdownNow();
    }
  }

  /** A policy that retries with a 2 s cap and records its waits instead of sleeping. */
  private ResiliencePolicy.Builder<String> pushbackPolicy(AtomicLong slept) {
    return pushbackPolicy(slept, Duration.ofSeconds(2), new ResilienceListener() {});
  }

  /** A policy that retries with this cap and records its waits instead of sleeping. */
  private ResiliencePolicy.Builder<String> pushbackPolicy(AtomicLong slept, Duration cap, ResilienceListener listener) {
    return ResiliencePolicy.<String>builder("pushed-back").listener(listener)
        .retry(2, Backoff.fullJitter(Duration.ofMillis(50), cap))
        .sleeper(slept::addAndGet)
        .fallbackValue("fallback");
  }

  @Test
  void aRetryAfterHeaderIsHonouredByDefault() {
    server.outage(true);
    server.retryAfter("1");
    AtomicLong slept = new AtomicLong();
    assertThat(pushbackPolicy(slept).build().get(server::price)).isEqualTo("fallback");
    assertThat(server.requests()).isEqualTo(2);
    assertThat(slept.get()).as("waited ms").isEqualTo(1000);
  }

  @Test
  void anHttpDateRetryAfterIsHonoured() {
    server.outage(true);
    server.retryAfter(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(java.time.ZoneOffset.UTC)
        .plusSeconds(5)));
    AtomicLong slept = new AtomicLong();
    pushbackPolicy(slept, Duration.ofSeconds(10), new ResilienceListener() {}).build().get(server::price);
    assertThat(server.requests()).isEqualTo(2);
    // The header has whole seconds: between 4 and 5 s from when it was written, less the time the call took to read
    // it (seconds of slack for a loaded machine); the backoff alone would wait at most 50 ms.
    assertThat(slept.get()).as("waited ms").isBetween(1000L, 5000L);
  }

  @Test
  void aRetryAfterLongerThanTheCapEndsTheRetriesAtOnce() {
    server.outage(true);
    server.retryAfter("3600");
    AtomicLong slept = new AtomicLong();
    assertThat(pushbackPolicy(slept).build().get(server::price)).isEqualTo("fallback");
    assertThat(slept.get()).as("waited ms, at most the 2 s cap").isLessThanOrEqualTo(2000).isZero();
    assertThat(server.requests()).as("retrying before the server asked only meets the same answer").isEqualTo(1);
  }

  @Test
  void aRetryAfterBeyondTheDeadlineEndsTheRetriesAtOnce() {
    server.outage(true);
    server.retryAfter("1");
    AtomicLong slept = new AtomicLong();
    List<String> refused = new ArrayList<>();
    ResiliencePolicy<String> p = pushbackPolicy(slept, Duration.ofSeconds(2), new ResilienceListener() {
          @Override
          public void onDeadlineExceeded(String policy, Throwable cause) {
            refused.add("deadline");
          }
        }).deadline(Duration.ofMillis(800)).build();
    assertThat(p.get(server::price)).isEqualTo("fallback");
    assertThat(slept.get()).isZero();
    assertThat(server.requests()).isEqualTo(1);
    assertThat(refused).containsExactly("deadline");
  }

  @Test
  void aGarbageRetryAfterIsIgnored() {
    server.outage(true);
    server.retryAfter("soon");
    AtomicLong slept = new AtomicLong();
    pushbackPolicy(slept).build().get(server::price);
    assertThat(server.requests()).isEqualTo(2);
    assertThat(slept.get()).as("the backoff's own first delay, in [0, 50 ms]").isBetween(0L, 50L);
  }
}
