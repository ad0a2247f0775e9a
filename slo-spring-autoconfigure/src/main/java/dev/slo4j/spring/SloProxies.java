package dev.slo4j.spring;

import dev.slo4j.SloMeter;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.springframework.aop.Advisor;
import org.springframework.aop.SpringProxy;
import org.springframework.aop.TargetClassAware;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aot.AotDetector;
import org.springframework.cglib.core.SpringNamingPolicy;
import org.springframework.cglib.proxy.Callback;
import org.springframework.cglib.proxy.CallbackFilter;
import org.springframework.cglib.proxy.Dispatcher;
import org.springframework.cglib.proxy.Enhancer;
import org.springframework.cglib.proxy.Factory;
import org.springframework.cglib.proxy.FixedValue;
import org.springframework.cglib.proxy.MethodInterceptor;
import org.springframework.cglib.proxy.MethodProxy;
import org.springframework.core.NativeDetector;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.objenesis.SpringObjenesis;
import org.springframework.util.ReflectionUtils;

/**
 * Puts the measuring of {@code @Slo} methods on a bean in the cheapest way that keeps Spring's semantics.
 *
 * <p>Why not only Spring AOP: a call through Spring's proxy costs about 40 ns and 88 bytes before any advice runs (it
 * looks the advice chain up and builds a method invocation per call), five to ten times what slo4j's own recording of
 * an availability SLO costs; issue 17 measured it as most of an {@code @Slo} call. So:
 * <ul>
 *   <li>a bean that Spring's proxy creator already proxies (for {@code @Transactional}, validation, an aspect…) gets
 *       slo4j's advisor inserted into that proxy's chain in order: one proxy, as before;</li>
 *   <li>any other bean gets a dedicated class proxy: each {@code @Slo} method is overridden to call its own meter and
 *       then the bean through CGLIB's generated invoker (no reflection, no chain, no allocation); every other method is
 *       dispatched straight to the bean;</li>
 *   <li>in a native image or an application run from Spring AOT's generated code, whose proxy classes must exist at
 *       build time, the advisor is left to Spring's proxy creator, as Spring's own annotations are.</li>
 * </ul>
 * The dedicated proxy behaves like Spring's class proxy where code can tell: it is a {@link SpringProxy} whose
 * {@link TargetClassAware#getTargetClass()} is the bean's class (so {@code AopUtils.getTargetClass} and
 * {@code ClassUtils.getUserClass} see through it), a method returning the bean itself returns the proxy, and the
 * proxy equals itself.
 */
final class SloProxies {

  private static final SpringObjenesis OBJENESIS = new SpringObjenesis();

  private final AnnotatedSloMethods methods;
  private final DefaultPointcutAdvisor advisor;

  SloProxies(AnnotatedSloMethods methods, DefaultPointcutAdvisor advisor) {
    this.methods = methods;
    this.advisor = advisor;
  }

  /**
   * Whether beans get the dedicated proxy: not in a native image, not from AOT-generated code and not while AOT
   * processes the application (whose proxy classes Spring generates at build time through its proxy creator).
   */
  static boolean dedicated() {
    return !NativeDetector.inNativeImage() && !AotDetector.useGeneratedArtifacts()
        && !Boolean.getBoolean("spring.aot.processing");
  }

  /** The bean measured: the same bean with slo4j's advisor in its existing proxy, or a proxy around it. */
  Object measure(Object bean, Class<?> userClass) {
    if (isDedicatedProxy(bean)) {
      return bean; // already measured: a bean method that returns another bean, for one
    }
    if (bean instanceof Advised advised) {
      for (Advisor existing : advised.getAdvisors()) {
        if (existing.getAdvice() == advisor.getAdvice()) {
          return bean; // Spring's proxy creator applied it (native image, AOT)
        }
      }
      if (!advised.isFrozen()) {
        advised.addAdvisor(positionOf(advised.getAdvisors()), advisor);
        return bean;
      }
    }
    if (dedicated() && !(bean instanceof Advised) && OBJENESIS.isWorthTrying()) {
      try {
        return dedicatedProxy(bean, userClass);
      } catch (RuntimeException | LinkageError e) {
        // A class CGLIB cannot subclass here (no visible constructor, a sealed hierarchy…): Spring's proxy below.
      }
    }
    ProxyFactory factory = new ProxyFactory(bean);
    factory.setProxyTargetClass(true); // AnnotatedSloMethods refused final classes and methods
    factory.addAdvisor(advisor);
    return factory.getProxy(userClass.getClassLoader());
  }

  private static boolean isDedicatedProxy(Object bean) {
    if (bean instanceof Factory factory) {
      for (Callback callback : factory.getCallbacks()) {
        if (callback instanceof Measured) {
          return true;
        }
      }
    }
    return false;
  }

  /** Where the advisor goes in an existing chain: after every advisor that orders before it, as the creator sorts. */
  private int positionOf(Advisor[] existing) {
    int position = 0;
    while (position < existing.length
        && AnnotationAwareOrderComparator.INSTANCE.compare(existing[position], advisor) <= 0) {
      position++;
    }
    return position;
  }

  private Object dedicatedProxy(Object bean, Class<?> userClass) {
    List<Method> measured = new ArrayList<>();
    ReflectionUtils.doWithMethods(userClass, method -> {
      if (methods.hasSlo(method)) {
        measured.add(method);
      }
    }, ReflectionUtils.USER_DECLARED_METHODS);
    Routes routes = new Routes(userClass, List.copyOf(measured));
    Class<?>[] types = new Class<?>[Routes.FIRST_SLO + measured.size()];
    Callback[] callbacks = new Callback[types.length];
    types[Routes.DISPATCH] = Dispatcher.class;
    callbacks[Routes.DISPATCH] = (Dispatcher) () -> bean;
    types[Routes.PASS_THROUGH] = MethodInterceptor.class;
    callbacks[Routes.PASS_THROUGH] = new PassThrough(bean);
    types[Routes.EQUALS] = MethodInterceptor.class;
    callbacks[Routes.EQUALS] = (MethodInterceptor) (proxy, method, args, invoker) ->
        args[0] == proxy || bean.equals(args[0]);
    types[Routes.TARGET_CLASS] = FixedValue.class;
    callbacks[Routes.TARGET_CLASS] = (FixedValue) () -> userClass;
    for (int i = 0; i < measured.size(); i++) {
      types[Routes.FIRST_SLO + i] = MethodInterceptor.class;
      callbacks[Routes.FIRST_SLO + i] = Measured.of(bean, measured.get(i), methods, userClass);
    }
    Enhancer enhancer = new Enhancer();
    enhancer.setSuperclass(userClass);
    enhancer.setInterfaces(new Class<?>[] {SpringProxy.class, TargetClassAware.class});
    enhancer.setNamingPolicy(SpringNamingPolicy.INSTANCE);
    enhancer.setClassLoader(userClass.getClassLoader());
    enhancer.setUseFactory(true);
    enhancer.setCallbackFilter(routes);
    enhancer.setCallbackTypes(types);
    Object proxy = OBJENESIS.newInstance(enhancer.createClass());
    ((Factory) proxy).setCallbacks(callbacks);
    return proxy;
  }

  /**
   * Which callback each method of the proxy class uses. A record, so that CGLIB's class cache recognizes two beans of
   * one class as one proxy class instead of generating a class per bean.
   */
  private record Routes(Class<?> userClass, List<Method> measured) implements CallbackFilter {
    static final int DISPATCH = 0;
    static final int PASS_THROUGH = 1;
    static final int EQUALS = 2;
    static final int TARGET_CLASS = 3;
    static final int FIRST_SLO = 4;

    @Override
    public int accept(Method method) {
      if (method.getDeclaringClass() == TargetClassAware.class) {
        return TARGET_CLASS;
      }
      if (method.getName().equals("equals") && method.getParameterCount() == 1
          && method.getParameterTypes()[0] == Object.class) {
        return EQUALS;
      }
      int slo = measured.indexOf(AopUtils.getMostSpecificMethod(method, userClass));
      if (slo >= 0) {
        return FIRST_SLO + slo;
      }
      // A method that could return the bean itself returns the proxy instead, as Spring's proxies do.
      return method.getReturnType().isAssignableFrom(userClass) ? PASS_THROUGH : DISPATCH;
    }
  }

  /**
   * A method without an SLO that could return the bean itself (its return type is a supertype of the bean's class, so
   * the proxy, a subclass, fits in its place).
   */
  private record PassThrough(Object bean) implements MethodInterceptor {
    @Override
    public Object intercept(Object proxy, Method method, Object[] args, MethodProxy invoker) throws Throwable {
      Object result = invoker.invoke(bean, args);
      return result == bean ? proxy : result;
    }
  }

  /**
   * One {@code @Slo} method: its meter, found once the registry exists, around the call to the bean. A method returning
   * a primitive gets a subclass for its type ({@link #of}).
   */
  private static class Measured implements MethodInterceptor {
    private final Object bean;
    private final Method method;
    private final AnnotatedSloMethods methods;
    /** Whether the method's return type admits the proxy, so that returning the bean itself returns the proxy. */
    private final boolean mayReturnProxy;
    /**
     * Not volatile: its {@code SloMeter}'s fields are all final, so a thread that sees the reference sees the whole
     * meter, and one that still sees null asks the registry again. A volatile read would make the JIT reload the meter's
     * state on every call.
     */
    private MeasuredMethod measured;

    Measured(Object bean, Method method, AnnotatedSloMethods methods, Class<?> userClass) {
      this.bean = bean;
      this.method = method;
      this.methods = methods;
      this.mayReturnProxy = method.getReturnType().isAssignableFrom(userClass);
    }

    /** The method as measured, or null while the registry is not ready (a call during startup is not measured). */
    final MeasuredMethod measured() {
      MeasuredMethod m = measured;
      if (m == null) {
        SloMeter found = methods.meterFor(method);
        if (found != null) {
          m = measured = new MeasuredMethod(found);
        }
      }
      return m;
    }

    @Override
    public Object intercept(Object proxy, Method invoked, Object[] args, MethodProxy invoker) throws Throwable {
      MeasuredMethod m = measured();
      if (m == null) {
        return proxyFor(invoker.invoke(bean, args), proxy);
      }
      SloMeter meter = m.meter;
      long start = meter.start();
      Object result;
      try {
        result = invoker.invoke(bean, args);
      } catch (Throwable t) {
        meter.stop(start, null, t);
        throw t;
      }
      return proxyFor(m.returned(start, result), proxy);
    }

    private Object proxyFor(Object result, Object proxy) {
      return mayReturnProxy && result == bean ? proxy : result;
    }

    /**
     * The callback of one method. A method returning a primitive gets one that unboxes the bean's result at once and
     * boxes it again after recording: CGLIB boxes it to pass it through {@code intercept} and the proxy unboxes it,
     * and the JIT drops such a box only if nothing but an unboxing uses it, with no call in between. Kept across the
     * recording, it cost 24 bytes and about 8 ns per call of a method returning a {@code long} (issue 17). One class per
     * type, so that each call site's profile sees one box type. Typed as the interface, so that the verifier loads
     * only the classes an application uses, not all nine at startup.
     */
    static MethodInterceptor of(Object bean, Method method, AnnotatedSloMethods methods, Class<?> userClass) {
      Class<?> type = method.getReturnType();
      if (type == long.class) {
        return new MeasuredLong(bean, method, methods, userClass);
      } else if (type == int.class) {
        return new MeasuredInt(bean, method, methods, userClass);
      } else if (type == boolean.class) {
        return new MeasuredBoolean(bean, method, methods, userClass);
      } else if (type == double.class) {
        return new MeasuredDouble(bean, method, methods, userClass);
      } else if (type == float.class) {
        return new MeasuredFloat(bean, method, methods, userClass);
      } else if (type == short.class) {
        return new MeasuredShort(bean, method, methods, userClass);
      } else if (type == byte.class) {
        return new MeasuredByte(bean, method, methods, userClass);
      } else if (type == char.class) {
        return new MeasuredChar(bean, method, methods, userClass);
      }
      return new Measured(bean, method, methods, userClass);
    }

    /**
     * The measured method when a primitive's callback can record it without the result (no result predicate, as
     * {@code @Slo} cannot declare one); null sends the call to {@link #intercept}, which boxes as any.
     */
    final MeasuredMethod unjudged() {
      MeasuredMethod m = measured();
      return m == null || m.judgesResults ? null : m;
    }

    /** Calls the bean; a call that throws is ended as failed and the throwable rethrown. */
    final Object call(SloMeter meter, long start, Object[] args, MethodProxy invoker) throws Throwable {
      try {
        return invoker.invoke(bean, args);
      } catch (Throwable t) {
        meter.stop(start, null, t);
        throw t;
      }
    }
  }

  // One per primitive type, each unboxing at once (see Measured.of); a null unjudged() takes the boxing path.

  private static final class MeasuredLong extends Measured {
    MeasuredLong(Object bean, Method method, AnnotatedSloMethods methods, Class<?> userClass) {
      super(bean, method, methods, userClass);
    }

    @Override
    public Object intercept(Object proxy, Method invoked, Object[] args, MethodProxy invoker) throws Throwable {
      MeasuredMethod m = unjudged();
      if (m == null) {
        return super.intercept(proxy, invoked, args, invoker);
      }
      long start = m.meter.start();
      long value = (Long) call(m.meter, start, args, invoker);
      m.meter.stop(start, null, null);
      return value;
    }
  }

  private static final class MeasuredInt extends Measured {
    MeasuredInt(Object bean, Method method, AnnotatedSloMethods methods, Class<?> userClass) {
      super(bean, method, methods, userClass);
    }

    @Override
    public Object intercept(Object proxy, Method invoked, Object[] args, MethodProxy invoker) throws Throwable {
      MeasuredMethod m = unjudged();
      if (m == null) {
        return super.intercept(proxy, invoked, args, invoker);
      }
      long start = m.meter.start();
      int value = (Integer) call(m.meter, start, args, invoker);
      m.meter.stop(start, null, null);
      return value;
    }
  }

  private static final class MeasuredBoolean extends Measured {
    MeasuredBoolean(Object bean, Method method, AnnotatedSloMethods methods, Class<?> userClass) {
      super(bean, method, methods, userClass);
    }

    @Override
    public Object intercept(Object proxy, Method invoked, Object[] args, MethodProxy invoker) throws Throwable {
      MeasuredMethod m = unjudged();
      if (m == null) {
        return super.intercept(proxy, invoked, args, invoker);
      }
      long start = m.meter.start();
      boolean value = (Boolean) call(m.meter, start, args, invoker);
      m.meter.stop(start, null, null);
      return value;
    }
  }

  private static final class MeasuredDouble extends Measured {
    MeasuredDouble(Object bean, Method method, AnnotatedSloMethods methods, Class<?> userClass) {
      super(bean, method, methods, userClass);
    }

    @Override
    public Object intercept(Object proxy, Method invoked, Object[] args, MethodProxy invoker) throws Throwable {
      MeasuredMethod m = unjudged();
      if (m == null) {
        return super.intercept(proxy, invoked, args, invoker);
      }
      long start = m.meter.start();
      double value = (Double) call(m.meter, start, args, invoker);
      m.meter.stop(start, null, null);
      return value;
    }
  }

  private static final class MeasuredFloat extends Measured {
    MeasuredFloat(Object bean, Method method, AnnotatedSloMethods methods, Class<?> userClass) {
      super(bean, method, methods, userClass);
    }

    @Override
    public Object intercept(Object proxy, Method invoked, Object[] args, MethodProxy invoker) throws Throwable {
      MeasuredMethod m = unjudged();
      if (m == null) {
        return super.intercept(proxy, invoked, args, invoker);
      }
      long start = m.meter.start();
      float value = (Float) call(m.meter, start, args, invoker);
      m.meter.stop(start, null, null);
      return value;
    }
  }

  private static final class MeasuredShort extends Measured {
    MeasuredShort(Object bean, Method method, AnnotatedSloMethods methods, Class<?> userClass) {
      super(bean, method, methods, userClass);
    }

    @Override
    public Object intercept(Object proxy, Method invoked, Object[] args, MethodProxy invoker) throws Throwable {
      MeasuredMethod m = unjudged();
      if (m == null) {
        return super.intercept(proxy, invoked, args, invoker);
      }
      long start = m.meter.start();
      short value = (Short) call(m.meter, start, args, invoker);
      m.meter.stop(start, null, null);
      return value;
    }
  }

  private static final class MeasuredByte extends Measured {
    MeasuredByte(Object bean, Method method, AnnotatedSloMethods methods, Class<?> userClass) {
      super(bean, method, methods, userClass);
    }

    @Override
    public Object intercept(Object proxy, Method invoked, Object[] args, MethodProxy invoker) throws Throwable {
      MeasuredMethod m = unjudged();
      if (m == null) {
        return super.intercept(proxy, invoked, args, invoker);
      }
      long start = m.meter.start();
      byte value = (Byte) call(m.meter, start, args, invoker);
      m.meter.stop(start, null, null);
      return value;
    }
  }

  private static final class MeasuredChar extends Measured {
    MeasuredChar(Object bean, Method method, AnnotatedSloMethods methods, Class<?> userClass) {
      super(bean, method, methods, userClass);
    }

    @Override
    public Object intercept(Object proxy, Method invoked, Object[] args, MethodProxy invoker) throws Throwable {
      MeasuredMethod m = unjudged();
      if (m == null) {
        return super.intercept(proxy, invoked, args, invoker);
      }
      long start = m.meter.start();
      char value = (Character) call(m.meter, start, args, invoker);
      m.meter.stop(start, null, null);
      return value;
    }
  }
}
