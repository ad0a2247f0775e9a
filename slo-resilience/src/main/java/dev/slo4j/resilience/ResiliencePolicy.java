package dev.slo4j.resilience;

import dev.slo4j.Degradation;
import dev.slo4j.ResilienceListener;

import dev.slo4j.SloMeter;
import dev.slo4j.Ticker;
import dev.slo4j.budget.BudgetStatus;
import dev.slo4j.LocalBudget;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One object that protects a call to a dependency: shedding by error budget, a resilience4j circuit breaker, a
 * resilience4j retry with jittered backoff, a retry budget and a deadline, SLO recording, and a fallback or the last
 * good value when all else fails. Immutable and thread-safe; build one per dependency and share it.
 *
 * <h2>Order</h2>
 * <pre>
 *   fallback / serve-stale   (outermost: answers when everything inside failed; counted as degraded)
 *     SLO recording          (the caller-visible outcome before any fallback: degradation never hides an outage)
 *       shed                 (optional work is not started while the SLO burns)
 *         retry              (resilience4j Retry: jittered backoff, retry budget, deadline)
 *           circuit breaker  (resilience4j CircuitBreaker, per attempt: an open breaker stops the retries at once)
 *             call
 * </pre>
 * The breaker is inside the retry so it sees every attempt (resilience4j recommends the same), and an open breaker's
 * {@link CallNotPermittedException} is never retried. A shed call is recorded as a bad event of the SLO only if the
 * SLO's predicate says so; it is always reported to the {@link ResilienceListener}.
 *
 * <h2>What is retried</h2>
 * By default {@link IOException}, {@link UncheckedIOException} and {@link TimeoutException} (and subclasses) of an
 * idempotent call; a non-idempotent call ({@link Builder#idempotent(boolean) idempotent(false)}) is never retried
 * unless {@link Builder#retryNonIdempotent()} says so explicitly. {@link CallNotPermittedException}, {@link
 * LoadShedException} and whatever {@link Builder#doNotRetryOn} matches (a server's "overloaded" answer) are never
 * retried.
 *
 * <h2>Deadlines</h2>
 * With {@link Builder#deadline(Duration) deadline(d)} no retry starts that could not finish in time, and the call in
 * flight is bounded where the policy can bound it:
 * <ul>
 *   <li>{@link #stage asynchronous calls} end with a {@link DeadlineExceededException} when the deadline passes, and
 *       the attempt's stage, if it is a {@link java.util.concurrent.Future}, is cancelled (on JDK 16+ cancelling the
 *       future {@code HttpClient.sendAsync} returned aborts the exchange; a stage derived from it with {@code thenApply}
 *       does not pass the cancellation back);</li>
 *   <li>a blocking call cannot be interrupted safely, so it bounds itself: {@link #call(ContextCall)} hands it a
 *       {@link CallContext} whose {@link CallContext#remaining() remaining()} is its client's timeout,
 *       <pre>{@code
 * policy.call(ctx -> client.send(request.newBuilder().timeout(ctx.remaining()).build(), BodyHandlers.ofString()));
 * }</pre>
 *       A blocking {@link #get(Supplier)} or {@link #call(Callable)} without such a timeout runs as long as its client
 *       lets it: the deadline then only stops retries.</li>
 * </ul>
 *
 * <h2>Pushback</h2>
 * A {@code Retry-After} carried by the failure ({@link RetryAfter}, e.g. {@link HttpStatusException#of}) is honoured
 * by default: the retry waits at least that long. When it asks for more than the backoff's cap, or for more than the
 * deadline leaves, the policy does not retry at all and the failure answers at once.
 *
 * @param <T> what the protected call returns
 */
public final class ResiliencePolicy<T> {

  private final String name;
  private final Retry retry;
  private final Backoff backoff;
  private final RetryBudget retryBudget;
  private final Predicate<T> retryOnResult;
  private final Duration deadline;
  private final CircuitBreaker breaker;
  private final AdaptiveThrottle throttle;
  private final SloMeter slo;
  private final LocalBudget shedBudget;
  private final Criticality criticality;
  private final Function<Throwable, ? extends T> fallback;
  private final Duration staleMaxAge;
  private final ResilienceListener listener;
  private final Ticker ticker;
  private final Sleeper sleeper;
  private volatile Stale<T> stale;

  /**
   * An I/O failure or a timeout, itself or among its causes (at most 16 deep, cycles ignored): the default of
   * {@link Builder#retryOn}.
   */
  static boolean isTransient(Throwable failure) {
    Throwable t = failure;
    for (int depth = 0; t != null && depth < 16; depth++) {
      if (t instanceof IOException || t instanceof UncheckedIOException || t instanceof TimeoutException) {
        return true;
      }
      Throwable cause = t.getCause();
      t = cause == t ? null : cause;
    }
    return false;
  }

  /**
   * Waits between attempts. The default sleeps the calling thread; a test passes one that moves its fake clock instead
   * (slo-test's {@code TestClock::sleep}), so a backoff of seconds takes no time and the SLO sees it.
   */
  @FunctionalInterface
  public interface Sleeper {
    /** Waits {@code millis} milliseconds. */
    void sleep(long millis) throws InterruptedException;
  }

  /**
   * A call that is told its deadline: each attempt gets the {@link CallContext} (the same one, its attempt number
   * moved on) and passes {@link CallContext#remaining()} to its client as the timeout.
   */
  @FunctionalInterface
  public interface ContextCall<T> {
    T call(CallContext context) throws Exception;
  }

  private record Stale<T>(T value, long at) {}

  private ResiliencePolicy(Builder<T> b) {
    this.name = b.name;
    this.retryBudget = b.retryBudget;
    this.retryOnResult = b.retryOnResult;
    this.deadline = b.deadline;
    this.breaker = b.breaker;
    this.throttle = b.throttle;
    this.slo = b.slo;
    this.shedBudget = b.shedBudget;
    this.criticality = b.criticality;
    this.fallback = b.fallback;
    this.staleMaxAge = b.staleMaxAge;
    this.listener = b.listener;
    this.ticker = b.ticker;
    this.sleeper = b.sleeper;
    boolean retries = b.maxAttempts > 1 && (b.idempotent || b.retryNonIdempotent);
    this.backoff = retries ? b.backoff : null;
    if (retries) {
      Predicate<Throwable> retryOn = b.retryOn;
      Predicate<Throwable> doNotRetry = b.doNotRetryOn;
      RetryConfig.Builder<Object> config = RetryConfig.custom()
          .maxAttempts(b.maxAttempts)
          .intervalBiFunction(b.backoff)
          .retryOnException(e -> !(e instanceof CallNotPermittedException) && !(e instanceof LoadShedException)
              && !(e instanceof ThrottledException) && !doNotRetry.test(e) && retryOn.test(e))
          .failAfterMaxAttempts(false);
      if (b.retryOnResult != null) {
        Predicate<T> onResult = b.retryOnResult;
        @SuppressWarnings("unchecked")
        Predicate<Object> untyped = r -> onResult.test((T) r);
        config.retryOnResult(untyped);
      }
      this.retry = Retry.of(name, config.build());
    } else {
      this.retry = null;
    }
  }

  /** A builder for a policy named {@code name} (the name of its retry, in logs and metrics). */
  public static <T> Builder<T> builder(String name) {
    return new Builder<>(name);
  }

  public String name() {
    return name;
  }

  /** The resilience4j retry inside, for its metrics and events; empty when the policy does not retry. */
  public java.util.Optional<Retry> retry() {
    return java.util.Optional.ofNullable(retry);
  }

  /** Runs {@code call} under the policy. */
  public T get(Supplier<? extends T> call) {
    Objects.requireNonNull(call, "call");
    try {
      return execute(call::get);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("a Supplier threw a checked exception", e);
    }
  }

  /** Runs {@code call} under the policy; a checked exception that is not answered is rethrown unchanged. */
  public T call(Callable<? extends T> call) throws Exception {
    Objects.requireNonNull(call, "call");
    return execute(call);
  }

  /**
   * Runs {@code call} under the policy, telling each attempt how much of the deadline is left: the form that keeps a
   * deadline for a blocking call, whose client takes {@link CallContext#remaining()} as its timeout. A checked
   * exception that is not answered is rethrown unchanged.
   */
  public T call(ContextCall<? extends T> call) throws Exception {
    Objects.requireNonNull(call, "call");
    CallContext context = new CallContext(ticker, deadline);
    return execute(() -> call.call(context.next()));
  }

  private T execute(Callable<? extends T> call) throws Exception {
    long sloStart = slo == null ? 0 : slo.start();
    long callStart = deadline == null ? 0 : ticker.read(); // a clock read costs ~20 ns: only when a deadline needs it
    try {
      shedIfBurning();
      T result = withRetries(call, callStart);
      if (slo != null) {
        slo.stop(sloStart, result, null);
      }
      if (staleMaxAge != null) {
        stale = new Stale<>(result, ticker.read());
      }
      return result;
    } catch (Exception failure) {
      if (slo != null && !(failure instanceof LoadShedException)) {
        slo.stop(sloStart, null, failure);
      }
      return degrade(failure);
    }
  }

  private void shedIfBurning() {
    if (shedBudget == null || criticality == Criticality.CRITICAL) {
      return;
    }
    BudgetStatus status = shedBudget.status();
    if (status == BudgetStatus.EXHAUSTED || (status == BudgetStatus.BURNING && criticality == Criticality.OPTIONAL)) {
      throw new LoadShedException(name, criticality, status);
    }
  }

  private T withRetries(Callable<? extends T> call, long callStart) throws Exception {
    if (retry == null) {
      T result = attempt(call);
      succeeded(result);
      return result;
    }
    // The retry's context (an allocation) is made when an attempt fails or a result may be retried: a first attempt
    // that succeeds needs none. The Retry is this policy's own, so no metric of it is lost.
    Retry.AsyncContext<T> context = null;
    while (true) {
      long attemptStart = deadline == null ? 0 : ticker.read();
      T result;
      try {
        result = attempt(call);
      } catch (Exception e) {
        if (context == null) {
          context = retry.asyncContext();
        }
        long delay = context.onError(e);
        if (delay < 0 || !retryAllowed(delay, attemptStart, callStart, e)) {
          throw e;
        }
        sleep(delay, e);
        continue;
      }
      succeeded(result);
      if (context == null) {
        if (retryOnResult == null) {
          return result;
        }
        context = retry.asyncContext();
      }
      long delay = context.onResult(result);
      if (delay < 0 || !retryAllowed(delay, attemptStart, callStart, null)) {
        context.onComplete();
        return result;
      }
      sleep(delay, null);
    }
  }

  /** Tells the retry budget an attempt answered: it earns retries unless its result is one to retry. */
  private void succeeded(T result) {
    if (retryBudget != null && (retryOnResult == null || !retryOnResult.test(result))) {
      retryBudget.onSuccess();
    }
  }

  private boolean retryAllowed(long delayMillis, long attemptStart, long callStart, Throwable cause) {
    if (backoff != null && cause != null
        && backoff.pushback(cause).filter(asked -> asked.compareTo(backoff.cap()) > 0).isPresent()) {
      return false; // the server asked for a longer wait than the cap allows: retrying sooner only meets a refusal
    }
    if (deadline != null) {
      long now = ticker.read();
      long lastAttempt = now - attemptStart;
      if (now + TimeUnit.MILLISECONDS.toNanos(delayMillis) + lastAttempt - callStart > deadline.toNanos()) {
        listener.onDeadlineExceeded(name, cause);
        return false;
      }
    }
    if (retryBudget != null && !retryBudget.tryRetry()) {
      listener.onRetryBudgetExhausted(name, cause);
      return false;
    }
    return true;
  }

  private void sleep(long millis, Exception cause) throws Exception {
    if (millis <= 0) {
      return;
    }
    try {
      sleeper.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (cause != null) {
        cause.addSuppressed(e);
        throw cause;
      }
      throw e;
    }
  }

  private T attempt(Callable<? extends T> call) throws Exception {
    if (throttle != null) {
      return throttled(call);
    }
    return breakerAttempt(call);
  }

  private T throttled(Callable<? extends T> call) throws Exception {
    if (!throttle.tryAcquire()) {
      throw new ThrottledException(name, throttle.rejectionProbability());
    }
    T result = breakerAttempt(call);
    throttle.onAccepted();
    return result;
  }

  private T breakerAttempt(Callable<? extends T> call) throws Exception {
    if (breaker == null) {
      return call.call();
    }
    breaker.acquirePermission();
    long start = breaker.getCurrentTimestamp();
    try {
      T result = call.call();
      breaker.onResult(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), result);
      return result;
    } catch (Exception e) {
      breaker.onError(breaker.getCurrentTimestamp() - start, breaker.getTimestampUnit(), e);
      throw e;
    }
  }

  private T degrade(Exception failure) throws Exception {
    Stale<T> last = stale;
    if (last != null && ticker.read() - last.at() <= staleMaxAge.toNanos()) {
      listener.onDegraded(name, Degradation.STALE, failure);
      return last.value();
    }
    if (fallback != null) {
      T answer = fallback.apply(failure);
      listener.onDegraded(name, failure instanceof LoadShedException ? Degradation.SHED : Degradation.FALLBACK,
          failure);
      return answer;
    }
    if (failure instanceof LoadShedException) {
      listener.onDegraded(name, Degradation.SHED, failure);
    }
    throw failure;
  }

  /**
   * Runs an asynchronous call under the policy: retries are scheduled on {@code scheduler} (never a sleeping thread),
   * the breaker judges each attempt's stage, the SLO is recorded when the final stage completes.
   */
  public CompletionStage<T> stage(Supplier<? extends CompletionStage<T>> call, ScheduledExecutorService scheduler) {
    Objects.requireNonNull(call, "call");
    Objects.requireNonNull(scheduler, "scheduler");
    long sloStart = slo == null ? 0 : slo.start();
    long callStart = ticker.read();
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      shedIfBurning();
      Retry.AsyncContext<T> context = retry == null ? null : retry.asyncContext();
      attemptAsync(call, scheduler, context, callStart, result);
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
    }
    CompletableFuture<T> answered = new CompletableFuture<>();
    result.whenComplete((value, error) -> {
      Throwable failure = unwrap(error);
      if (slo != null && !(failure instanceof LoadShedException)) {
        slo.stop(sloStart, value, failure);
      }
      if (failure == null) {
        if (staleMaxAge != null) {
          stale = new Stale<>(value, ticker.read());
        }
        answered.complete(value);
        return;
      }
      try {
        answered.complete(degrade(failure instanceof Exception e ? e : new CompletionException(failure)));
      } catch (Exception e) {
        answered.completeExceptionally(e);
      }
    });
    return answered;
  }

  private void attemptAsync(Supplier<? extends CompletionStage<T>> call, ScheduledExecutorService scheduler,
      Retry.AsyncContext<T> context, long callStart, CompletableFuture<T> result) {
    long attemptStart = ticker.read();
    CompletionStage<T> stage;
    try {
      if (throttle != null && !throttle.tryAcquire()) {
        throw new ThrottledException(name, throttle.rejectionProbability());
      }
      if (breaker != null) {
        breaker.acquirePermission();
      }
      stage = withinDeadline(call.get(), scheduler, callStart);
    } catch (RuntimeException e) {
      retryOrFail(call, scheduler, context, callStart, result, attemptStart, e, null, true);
      return;
    }
    long breakerStart = breaker == null ? 0 : breaker.getCurrentTimestamp();
    stage.whenComplete((value, error) -> {
      Throwable failure = unwrap(error);
      if (breaker != null) {
        long took = breaker.getCurrentTimestamp() - breakerStart;
        if (failure == null) {
          breaker.onResult(took, breaker.getTimestampUnit(), value);
        } else {
          breaker.onError(took, breaker.getTimestampUnit(), failure);
        }
      }
      if (throttle != null && failure == null) {
        throttle.onAccepted();
      }
      if (failure == null) {
        succeeded(value);
      }
      retryOrFail(call, scheduler, context, callStart, result, attemptStart, failure, value, false);
    });
  }

  /** The attempt's stage, failed with {@link DeadlineExceededException} (and the attempt cancelled) at the deadline. */
  private CompletionStage<T> withinDeadline(CompletionStage<T> stage, ScheduledExecutorService scheduler,
      long callStart) {
    if (deadline == null || stage == null) {
      return stage;
    }
    long left = deadline.toNanos() - (ticker.read() - callStart);
    CompletableFuture<T> bounded = new CompletableFuture<>();
    java.util.concurrent.atomic.AtomicBoolean timedOut = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.ScheduledFuture<?> timer = scheduler.schedule(() -> {
      // Cancel the attempt before answering, so a caller that sees the deadline also sees the attempt cancelled.
      if (!bounded.isDone() && timedOut.compareAndSet(false, true)) {
        if (stage instanceof java.util.concurrent.Future<?> attempt) {
          attempt.cancel(true);
        }
        bounded.completeExceptionally(new DeadlineExceededException(name, deadline));
      }
    }, Math.max(0, left), TimeUnit.NANOSECONDS);
    stage.whenComplete((value, error) -> {
      timer.cancel(false);
      if (timedOut.get()) {
        bounded.completeExceptionally(new DeadlineExceededException(name, deadline));
      } else if (error == null) {
        bounded.complete(value);
      } else {
        bounded.completeExceptionally(error);
      }
    });
    return bounded;
  }

  private void retryOrFail(Supplier<? extends CompletionStage<T>> call, ScheduledExecutorService scheduler,
      Retry.AsyncContext<T> context, long callStart, CompletableFuture<T> result, long attemptStart,
      Throwable failure, T value, boolean thrown) {
    if (context == null) {
      complete(result, value, failure);
      return;
    }
    long delay = failure != null ? context.onError(failure) : context.onResult(value);
    if (delay < 0 || !retryAllowed(delay, attemptStart, callStart, failure)) {
      if (failure == null) {
        context.onComplete();
      }
      complete(result, value, failure);
      return;
    }
    scheduler.schedule(() -> attemptAsync(call, scheduler, context, callStart, result), delay, TimeUnit.MILLISECONDS);
  }

  private static <T> void complete(CompletableFuture<T> result, T value, Throwable failure) {
    if (failure == null) {
      result.complete(value);
    } else {
      result.completeExceptionally(failure);
    }
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  @Override
  public String toString() {
    return "ResiliencePolicy[" + name + "]";
  }

  /**
   * Collects a policy's parts; each is optional. {@link #build()} copies, so a builder can make several policies.
   *
   * @param <T> what the protected call returns
   */
  public static final class Builder<T> {
    private final BuilderOptions options = new BuilderOptions();
    private final String name;
    private int maxAttempts = 1;
    private Backoff backoff = Backoff.fullJitter(Duration.ofMillis(50), Duration.ofSeconds(2));
    private Predicate<Throwable> retryOn = ResiliencePolicy::isTransient;
    private Predicate<Throwable> doNotRetryOn = e -> false;
    private Predicate<T> retryOnResult;
    private boolean idempotent = true;
    private boolean retryNonIdempotent;
    private RetryBudget retryBudget;
    private Duration deadline;
    private CircuitBreaker breaker;
    private AdaptiveThrottle throttle;
    private SloMeter slo;
    private LocalBudget shedBudget;
    private Criticality criticality = Criticality.CRITICAL;
    private Function<Throwable, ? extends T> fallback;
    private Duration staleMaxAge;
    private ResilienceListener listener = ResilienceListener.LOGGING;
    private Ticker ticker = Ticker.system();
    private Sleeper sleeper = Thread::sleep;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("a policy needs a name: it names its retry in logs and metrics");
      }
    }

    /**
     * Retries: at most {@code maxAttempts} attempts in all (3 = the call and two retries), waiting {@code backoff}
     * between them.
     */
    public Builder<T> retry(int maxAttempts, Backoff backoff) {
      options.once("retry");
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts counts the first call too, so it is at least 1, was "
            + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      this.backoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /**
     * Which failures are worth retrying (default: an {@code IOException}, {@code UncheckedIOException} or
     * {@code TimeoutException} anywhere in the failure's cause chain, so that a client's wrapper around an I/O error,
     * such as Spring's {@code ResourceAccessException} or a {@code CompletionException}, is retried too).
     */
    public Builder<T> retryOn(Predicate<Throwable> retryable) {
      options.once("retryOn");
      this.retryOn = Objects.requireNonNull(retryable, "retryable");
      return this;
    }

    /** Which failures must never be retried, e.g. a server saying it is overloaded. */
    public Builder<T> doNotRetryOn(Predicate<Throwable> never) {
      options.once("doNotRetryOn");
      this.doNotRetryOn = Objects.requireNonNull(never, "never");
      return this;
    }

    /** Results that are worth retrying, e.g. an empty answer from a replica that is catching up. */
    public Builder<T> retryOnResult(Predicate<T> retryable) {
      options.once("retryOnResult");
      this.retryOnResult = Objects.requireNonNull(retryable, "retryable");
      return this;
    }

    /** Whether the call may run twice without harm (default true); a non-idempotent call is never retried... */
    public Builder<T> idempotent(boolean idempotent) {
      options.once("idempotent");
      this.idempotent = idempotent;
      return this;
    }

    /** ...unless this says so explicitly: the caller vouches that a repeated attempt does no harm. */
    public Builder<T> retryNonIdempotent() {
      options.once("retryNonIdempotent");
      this.retryNonIdempotent = true;
      return this;
    }

    /** Caps retries at what recent successful attempts earned ({@link RetryBudget}). */
    public Builder<T> retryBudget(RetryBudget budget) {
      options.once("retryBudget");
      this.retryBudget = Objects.requireNonNull(budget, "budget");
      return this;
    }

    /**
     * The whole call (attempts and waits) ends within this much time: no retry is started that could not finish before
     * it, an asynchronous attempt fails with {@link DeadlineExceededException} when it passes, and a blocking call
     * bounds itself with {@link CallContext#remaining()} ({@link ResiliencePolicy#call(ContextCall)}); see
     * "Deadlines" in the class comment.
     */
    public Builder<T> deadline(Duration deadline) {
      options.once("deadline");
      Objects.requireNonNull(deadline, "deadline");
      if (deadline.isNegative() || deadline.isZero()) {
        throw new IllegalArgumentException("deadline must be positive, was " + deadline);
      }
      this.deadline = deadline;
      return this;
    }

    /** A resilience4j breaker around each attempt (see {@link SloCircuitBreakers} for SLO-derived presets). */
    public Builder<T> circuitBreaker(CircuitBreaker breaker) {
      options.once("circuitBreaker");
      this.breaker = Objects.requireNonNull(breaker, "breaker");
      return this;
    }

    /**
     * Opt-in adaptive client-side throttling ({@link AdaptiveThrottle}, SRE book ch. 21) around each attempt, outside
     * the breaker: rejects attempts locally once the dependency accepts fewer than 1 in K. Costs answers above 50%
     * errors with K = 2; saves the dependency almost all load at a full outage.
     */
    public Builder<T> adaptiveThrottling(AdaptiveThrottle throttle) {
      options.once("adaptiveThrottling");
      this.throttle = Objects.requireNonNull(throttle, "throttle");
      return this;
    }

    /** Records the caller-visible outcome (after retries, before any fallback) against this SLO. */
    public Builder<T> slo(SloMeter meter) {
      options.once("slo");
      this.slo = Objects.requireNonNull(meter, "meter");
      return this;
    }

    /**
     * Sheds this work while {@code budget} burns: {@link Criticality#OPTIONAL} work when it is burning or exhausted,
     * {@link Criticality#DEFAULT} work when exhausted, critical work never.
     */
    public Builder<T> shedWhenBurning(LocalBudget budget, Criticality criticality) {
      options.once("shedWhenBurning");
      this.shedBudget = Objects.requireNonNull(budget, "budget");
      this.criticality = Objects.requireNonNull(criticality, "criticality");
      return this;
    }

    /** Answers with {@code fallback(failure)} when the call failed, was shed, or its breaker is open. */
    public Builder<T> fallback(Function<Throwable, ? extends T> fallback) {
      options.once("fallback");
      this.fallback = Objects.requireNonNull(fallback, "fallback");
      return this;
    }

    /** Answers with {@code value} when the call failed. */
    public Builder<T> fallbackValue(T value) {
      return fallback(failure -> value);
    }

    /** Answers with the last good value, if it is at most {@code maxAge} old, before trying the fallback. */
    public Builder<T> serveStale(Duration maxAge) {
      options.once("serveStale");
      Objects.requireNonNull(maxAge, "maxAge");
      if (maxAge.isNegative() || maxAge.isZero()) {
        throw new IllegalArgumentException("serveStale maxAge must be positive, was " + maxAge);
      }
      this.staleMaxAge = maxAge;
      return this;
    }

    /** Who hears of degraded answers and refused retries (default: a WARN log). */
    public Builder<T> listener(ResilienceListener listener) {
      options.once("listener");
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** The clock for deadlines and stale ages (a fake one in tests). */
    public Builder<T> ticker(Ticker ticker) {
      options.once("ticker");
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /** How the policy waits between attempts (a test can advance a fake clock instead). */
    public Builder<T> sleeper(Sleeper sleeper) {
      options.once("sleeper");
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** The options set so far were defaults: each may be set once more. */
    Builder<T> defaultsApplied() {
      options.reset();
      return this;
    }


    public ResiliencePolicy<T> build() {
      return new ResiliencePolicy<>(this);
    }
  }
}
