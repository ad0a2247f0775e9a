package dev.slo4j.spring;

import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.SloMeter;
import dev.slo4j.SloRegistry;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.aop.Advisor;
import org.springframework.aop.ClassFilter;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMethodMatcher;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.config.SmartInstantiationAwareBeanPostProcessor;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Finds the {@code @Slo} methods of every bean as it is created, builds and validates their SLOs (a bad one stops the
 * start), refuses annotations that no proxy could honour (on a private, static or final method, or in a final class,
 * the proxy cannot intercept the call and the SLO would silently measure nothing — the top complaint of
 * annotation-driven resilience libraries), and puts the measuring on the bean ({@link SloProxies}). Self-invocation
 * ({@code this.method()}) cannot be detected; see docs/spring.md.
 *
 * <p>It runs after Spring's proxy creator (which is ordered first), so a bean that is already proxied for another
 * reason gets slo4j's advisor in the same proxy; a bean that another bean needs before it is initialized (a circular
 * reference) is measured from its early reference on, as Spring's proxy creator does.
 */
final class AnnotatedSloMethods implements SmartInstantiationAwareBeanPostProcessor {

  private final Supplier<SloDeclarations> declarations;
  private final Map<Method, ServiceLevelObjective> slos = new ConcurrentHashMap<>();
  private final Map<Method, SloMeter> meters = new ConcurrentHashMap<>();
  private final DefaultPointcutAdvisor creatorAdvisor;
  private final SloProxies proxies;
  /** Beans measured through their early reference, whose initialized instance is then left as it is. */
  private final Set<String> earlyReferences = ConcurrentHashMap.newKeySet();
  private volatile SloRegistry registry;

  AnnotatedSloMethods(Supplier<SloDeclarations> declarations) {
    this.declarations = declarations;
    SloMethodInterceptor interceptor = new SloMethodInterceptor(this);
    DefaultPointcutAdvisor advisor = advisor(interceptor, type -> declaresSlo(ClassUtils.getUserClass(type)));
    // Spring's proxy creator applies its own only where slo4j does not proxy beans itself (native image, AOT).
    this.creatorAdvisor = advisor(interceptor,
        type -> !SloProxies.dedicated() && declaresSlo(ClassUtils.getUserClass(type)));
    this.proxies = new SloProxies(this, advisor);
  }

  private static DefaultPointcutAdvisor advisor(SloMethodInterceptor interceptor, ClassFilter classes) {
    DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(
        new ComposablePointcut(classes, new AnnotationMethodMatcher(dev.slo4j.annotation.Slo.class, true)),
        interceptor);
    advisor.setOrder(0);
    return advisor;
  }

  /**
   * The advisor for Spring's proxy creator, which applies it only in a native image or AOT-generated code; elsewhere
   * {@link SloProxies} applies the same interceptor itself.
   */
  Advisor creatorAdvisor() {
    return creatorAdvisor;
  }

  /**
   * Whether a class (or what it inherits) has an {@code @Slo} method: computed once per class, for this post-processor
   * and for the advisor's class filter, so Spring's proxy creator does not test every method of every bean. Kept by
   * this context (not in a {@code ClassValue}, whose per-class map costs more at startup than the check, issue 17).
   */
  private final Map<Class<?>, Boolean> declaresSlo = new ConcurrentHashMap<>();

  /** Whether {@code type} has a method carrying {@code @Slo} (its own, inherited, or on an interface it implements). */
  boolean declaresSlo(Class<?> type) {
    Boolean known = declaresSlo.get(type);
    if (known == null) {
      known = scan(type);
      declaresSlo.put(type, known);
    }
    return known;
  }

  /**
   * Each method declared by the class, its superclasses and its interfaces, once: what
   * {@code AnnotatedElementUtils.hasAnnotation} on every method would find (it cannot be meta-present: {@code @Slo}
   * targets methods only), without searching the hierarchy again for each method. Spring's own classes never carry
   * one.
   */
  static boolean scan(Class<?> type) {
    if (type.getName().startsWith("org.springframework.") || type.getName().startsWith("java.")) {
      return false;
    }
    for (Class<?> c = type; c != null && c != Object.class && !c.isInterface(); c = c.getSuperclass()) {
      if (declaresSloItself(c)) {
        return true;
      }
    }
    for (Class<?> i : SloProxyClasses.allInterfaces(type)) {
      if (declaresSloItself(i)) {
        return true;
      }
    }
    return false;
  }

  private static boolean declaresSloItself(Class<?> type) {
    for (Method method : ReflectionUtils.getDeclaredMethods(type)) {
      if (!method.isSynthetic() && !method.isBridge() && method.isAnnotationPresent(dev.slo4j.annotation.Slo.class)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Object getEarlyBeanReference(Object bean, String beanName) throws BeansException {
    Class<?> type = ClassUtils.getUserClass(AopUtils.getTargetClass(bean));
    if (!declaresSlo(type)) {
      return bean;
    }
    earlyReferences.add(beanName);
    findSlos(type, beanName);
    return proxies.measure(bean, type);
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
    Class<?> type = ClassUtils.getUserClass(AopUtils.getTargetClass(bean));
    if (!declaresSlo(type) || earlyReferences.remove(beanName)) {
      return bean;
    }
    findSlos(type, beanName);
    return proxies.measure(bean, type);
  }

  private void findSlos(Class<?> type, String beanName) {
    ReflectionUtils.doWithMethods(type, method -> {
      dev.slo4j.annotation.Slo a = AnnotatedElementUtils.findMergedAnnotation(method, dev.slo4j.annotation.Slo.class);
      if (a == null) {
        return;
      }
      String where = "@Slo(name = \"" + a.name() + "\") on " + type.getName() + "#" + method.getName();
      int m = method.getModifiers();
      String why = Modifier.isPrivate(m) ? "it is private" : Modifier.isStatic(m) ? "it is static"
          : Modifier.isFinal(m) ? "it is final" : Modifier.isFinal(type.getModifiers()) ? "its class is final" : null;
      if (why != null) {
        throw new BeanInitializationException(where + " (bean '" + beanName + "') would never be measured: " + why
            + ", and proxies only intercept public or protected, non-static, non-final methods of non-final"
            + " classes. Make the method public and not final, or measure it with SloMeter in code.");
      }
      String early = judgedTooEarly(method);
      if (early != null) {
        throw new BeanInitializationException(where + " (bean '" + beanName + "') would judge each call when it"
            + " returns, not when its work is done: " + early + ", so its failures and its time would never count."
            + " Return a CompletionStage (judged when it completes), or declare the SLO in properties on the"
            + " observation Spring records when the request completes (slo4j.slos.<name>.observation ="
            + " http.server.requests, with .match.uri), or measure it with SloMeter in code.");
      }
      slos.put(method, declarations.get().fromAnnotation(a, method));
    }, ReflectionUtils.USER_DECLARED_METHODS);
  }

  /**
   * Why a call of {@code method} would be over before its work is done, or null. slo4j judges a call when it returns,
   * or when the {@link java.util.concurrent.CompletionStage} it returns completes; a reactive type (Reactor's
   * {@code Mono} and {@code Flux}, RxJava's, any Reactive Streams or {@link java.util.concurrent.Flow} publisher) does
   * its work when subscribed to, after the call, and a Kotlin suspending function returns at its first suspension.
   * Measuring either at return would count every call as good and instant: refused instead.
   */
  static String judgedTooEarly(Method method) {
    Class<?> type = method.getReturnType();
    if (java.util.concurrent.CompletionStage.class.isAssignableFrom(type)) {
      return null;
    }
    if (java.util.concurrent.Flow.Publisher.class.isAssignableFrom(type)
        || isSubtypeOf(type, "org.reactivestreams.Publisher")
        || org.springframework.core.ReactiveAdapterRegistry.getSharedInstance().getAdapter(type) != null) {
      return "it returns a " + type.getName() + ", which does its work when subscribed to, after the call returned";
    }
    if (org.springframework.core.KotlinDetector.isSuspendingFunction(method)) {
      return "it is a Kotlin suspending function, which returns at its first suspension";
    }
    return null;
  }

  /** Whether {@code type} is or extends the type of that name, without loading it (it may not be on the classpath). */
  private static boolean isSubtypeOf(Class<?> type, String name) {
    if (type == null) {
      return false;
    }
    if (type.getName().equals(name) || isSubtypeOf(type.getSuperclass(), name)) {
      return true;
    }
    for (Class<?> i : type.getInterfaces()) {
      if (isSubtypeOf(i, name)) {
        return true;
      }
    }
    return false;
  }

  /** The service, the defaults and the resolver: read once, shared with the SLOs declared in properties. */
  SloDeclarations declarations() {
    return declarations.get();
  }

  /** Every annotated SLO found so far. */
  List<ServiceLevelObjective> slos() {
    return List.copyOf(slos.values());
  }

  /** Registers every annotated SLO found so far, so that their series exist before the first call. */
  void registerAll(SloRegistry into) {
    this.registry = into;
    slos.forEach((method, slo) -> meters.computeIfAbsent(method, k -> into.register(slo)));
  }

  /** Whether the method carries an {@code @Slo}. */
  boolean hasSlo(Method method) {
    return slos.containsKey(method);
  }

  /** The meter of an annotated method, registering its SLO on first use; null if the method carries no {@code @Slo}. */
  SloMeter meterFor(Method method) {
    SloMeter meter = meters.get(method);
    if (meter != null) {
      return meter;
    }
    ServiceLevelObjective slo = slos.get(method);
    SloRegistry r = registry;
    if (slo == null || r == null) {
      return null;
    }
    return meters.computeIfAbsent(method, k -> r.register(slo));
  }
}
