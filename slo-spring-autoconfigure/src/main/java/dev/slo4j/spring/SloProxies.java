package dev.slo4j.spring;

import dev.slo4j.SloMeter;
import dev.slo4j.spring.internal.SloCall;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aot.AotDetector;
import org.springframework.core.NativeDetector;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
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
 *   <li>any other bean gets a dedicated class proxy, generated once per bean class ({@link SloProxyClasses}): each
 *       {@code @Slo} method is overridden to call its own meter and the bean directly (no reflection, no chain, no
 *       argument array, no box); every other method calls the bean. A class it cannot serve as well as Spring's proxy
 *       (a protected method inherited from another package, a package not open to slo4j) gets Spring's proxy;</li>
 *   <li>in a native image or an application run from Spring AOT's generated code, whose proxy classes must exist at
 *       build time, the advisor is left to Spring's proxy creator, as Spring's own annotations are.</li>
 * </ul>
 * The dedicated proxy behaves like Spring's class proxy where code can tell: it is a {@code SpringProxy} whose
 * {@code TargetClassAware.getTargetClass()} is the bean's class (so {@code AopUtils.getTargetClass} and
 * {@code ClassUtils.getUserClass} see through it), a method returning the bean itself returns the proxy, and the
 * proxy equals itself.
 */
final class SloProxies {

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
    if (dedicated() && !(bean instanceof Advised)) {
      Object proxy;
      try {
        proxy = dedicatedProxy(bean, userClass);
      } catch (RuntimeException e) {
        proxy = null; // Objenesis could not instantiate the class on this JVM
      }
      if (proxy != null) {
        return proxy;
      }
      // A class the generated proxy cannot serve as well (see SloProxyClasses): Spring's proxy below.
    }
    ProxyFactory factory = new ProxyFactory(bean);
    factory.setProxyTargetClass(true); // AnnotatedSloMethods refused final classes and methods
    factory.addAdvisor(advisor);
    return factory.getProxy(userClass.getClassLoader());
  }

  private static boolean isDedicatedProxy(Object bean) {
    return SloProxyClasses.isProxy(bean);
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

  /** The dedicated proxy, or null when its class cannot be generated for this bean class (Spring's proxy then). */
  private Object dedicatedProxy(Object bean, Class<?> userClass) {
    List<Method> measured = new ArrayList<>();
    ReflectionUtils.doWithMethods(userClass, method -> {
      if (methods.hasSlo(method)) {
        measured.add(method);
      }
    }, ReflectionUtils.USER_DECLARED_METHODS);
    SloProxyClasses.ProxyClass type = SloProxyClasses.of(userClass, measured).orElse(null);
    if (type == null) {
      return null;
    }
    List<SloCall> calls = new ArrayList<>();
    for (Method method : type.measured()) {
      calls.add(new Measured(method, methods));
    }
    return type.newInstance(bean, calls);
  }

  /**
   * One {@code @Slo} method of one bean, as its generated proxy calls it: its meter, found once the registry exists.
   * A primitive result is not handed over at all: an {@code @Slo}'s SLO is resolved from the annotation, which cannot
   * declare a result predicate, so nothing would judge it, and boxing it would cost an allocation per call.
   */
  static final class Measured extends SloCall {
    private final Method method;
    private final AnnotatedSloMethods methods;
    /**
     * Not volatile: its {@code SloMeter}'s fields are all final, so a thread that sees the reference sees the whole
     * meter, and one that still sees null asks the registry again. A volatile read would make the JIT reload the meter's
     * state on every call.
     */
    private MeasuredMethod measured;

    Measured(Method method, AnnotatedSloMethods methods) {
      this.method = method;
      this.methods = methods;
    }

    @Override
    public long start() {
      MeasuredMethod m = measured;
      if (m == null) {
        SloMeter found = methods.meterFor(method);
        if (found == null) {
          return UNMEASURED; // the registry is not ready: a call during startup is not measured
        }
        m = measured = new MeasuredMethod(found);
      }
      return m.meter.start();
    }

    /** The method as measured for a call that {@link #start()} measured, else null. */
    private MeasuredMethod ended(long start) {
      return start == UNMEASURED ? null : measured;
    }

    @Override
    public void threw(long start, Throwable failure) {
      MeasuredMethod m = ended(start);
      if (m != null) {
        m.meter.stop(start, null, failure);
      }
    }

    @Override
    public void returned(long start) {
      MeasuredMethod m = ended(start);
      if (m != null) {
        m.meter.stop(start, null, null);
      }
    }

    @Override
    public void returned(long start, Object result) {
      MeasuredMethod m = ended(start);
      if (m != null) {
        m.returned(start, result);
      }
    }
  }
}
