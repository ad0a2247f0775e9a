package dev.slo4j.spring.internal;

/**
 * Not API: what a proxy class that slo4j generates for an {@code @Slo} bean calls around each measured method.
 *
 * <p>Why it is public: the generated class lives in the bean's own package (so that it can subclass a package-private
 * class and call package-private and protected methods directly), and code there can call only public types of
 * slo4j. Its only implementation is slo4j's own; applications never see an instance.
 *
 * <p>A generated method calls {@link #start()} before the bean's method, then {@link #returned(long, Object)} for an
 * object result, {@link #returned(long)} for none or a primitive, or {@link #threw}. None of them throws.
 */
public abstract class SloCall {

  /**
   * What {@link #start()} returns while the SLO's meter does not exist yet (a call during startup): the call is not
   * measured. A clock that returns exactly this value loses that one call.
   */
  public static final long UNMEASURED = Long.MIN_VALUE;

  /** Only slo4j implements it. */
  protected SloCall() {}

  /** Starts a call: the start time the SLO needs, or {@link #UNMEASURED}. */
  public abstract long start();

  /** Ends a call that threw; the generated method rethrows it. */
  public abstract void threw(long start, Throwable failure);

  /**
   * Ends a call of a {@code void} method, or of a method returning a primitive, that returned: the SLO of an
   * {@code @Slo} method cannot judge results, so a primitive is not passed (nor boxed).
   */
  public abstract void returned(long start);

  /** Ends a call that returned an object (judged now, or when it completes for a {@code CompletionStage}). */
  public abstract void returned(long start, Object result);
}
