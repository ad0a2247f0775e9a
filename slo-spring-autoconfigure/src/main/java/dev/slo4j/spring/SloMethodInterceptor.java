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

  private final AnnotatedSloMethods methods;
  /**
   * The most specific method of each (target class, invoked method): resolving it reflects over the class, which
   * costs more than the measuring; it never changes for a class, so it is resolved once.
   */
  private final ClassValue<ConcurrentHashMap<Method, Method>> mostSpecific = new ClassValue<>() {
    @Override
    protected ConcurrentHashMap<Method, Method> computeValue(Class<?> type) {
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
    Method method = invoked;
    if (target != null) {
      ConcurrentHashMap<Method, Method> resolved = mostSpecific.get(target.getClass());
      method = resolved.get(invoked);
      if (method == null) {
        method = resolved.computeIfAbsent(invoked,
            m -> AopUtils.getMostSpecificMethod(m, AopUtils.getTargetClass(target)));
      }
    }
    SloMeter meter = methods.meterFor(method);
    if (meter == null) {
      return invocation.proceed();
    }
    long start = meter.start();
    Object result;
    try {
      result = invocation.proceed();
    } catch (Throwable t) {
      meter.stop(start, null, t);
      throw t;
    }
    if (result instanceof CompletionStage<?> stage) {
      meter.stopOnCompletion(start, stage);
    } else {
      meter.stop(start, result, null);
    }
    return result;
  }
}
