package dev.slo4j.spring;

import dev.slo4j.SloMeter;
import java.lang.reflect.Method;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.support.AopUtils;

/**
 * Measures each call of an {@code @Slo} method against its SLO: a plain AOP Alliance interceptor, so no AspectJ weaver
 * is needed. A method returning a {@link CompletionStage} is judged when the stage completes, not when it returns.
 * What the method returns or throws passes through unchanged.
 */
final class SloMethodInterceptor implements MethodInterceptor {

  /** Cached for a method that carries no {@code @Slo}: the interceptor then only proceeds. */
  private static final Object NO_SLO = new Object();

  private final AnnotatedSloMethods methods;
  /**
   * The measured method (or {@link #NO_SLO}) of each (target class, invoked method), in one lookup: finding the most specific
   * method reflects over the class, and finding its meter is a second map lookup keyed by {@code Method} (whose
   * {@code equals} compares parameter types); neither changes for a class, so both are done once. Issue 17 measured
   * the two lookups per call at about a third of slo4j's cost on an {@code @Slo} call.
   */
  private final ClassValue<ConcurrentHashMap<Method, Object>> meters = new ClassValue<>() {
    @Override
    protected ConcurrentHashMap<Method, Object> computeValue(Class<?> type) {
      return new ConcurrentHashMap<>();
    }
  };

  SloMethodInterceptor(AnnotatedSloMethods methods) {
    this.methods = methods;
  }

  @Override
  public Object invoke(MethodInvocation invocation) throws Throwable {
    Object target = invocation.getThis();
    Method invoked = invocation.getMethod();
    Class<?> type = target != null ? target.getClass() : invoked.getDeclaringClass();
    ConcurrentHashMap<Method, Object> cache = meters.get(type);
    Object found = cache.get(invoked);
    if (found == null) {
      found = resolve(target, invoked, cache);
    }
    if (found == NO_SLO) {
      return invocation.proceed();
    }
    MeasuredMethod measured = (MeasuredMethod) found;
    SloMeter meter = measured.meter;
    long start = meter.start();
    Object result;
    try {
      result = invocation.proceed();
    } catch (Throwable t) {
      meter.stop(start, null, t);
      throw t;
    }
    return measured.returned(start, result);
  }

  /** The meter of an invoked method, cached once known; not cached while the registry is not set yet. */
  private Object resolve(Object target, Method invoked, ConcurrentHashMap<Method, Object> cache) {
    Method method = target == null ? invoked : AopUtils.getMostSpecificMethod(invoked, AopUtils.getTargetClass(target));
    if (!methods.hasSlo(method)) {
      cache.put(invoked, NO_SLO);
      return NO_SLO;
    }
    SloMeter meter = methods.meterFor(method);
    if (meter == null) {
      return NO_SLO; // the registry is not ready: this call is not measured, and the next one asks again
    }
    MeasuredMethod measured = new MeasuredMethod(meter);
    cache.put(invoked, measured);
    return measured;
  }
}
