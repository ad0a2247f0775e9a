package dev.slo4j.spring;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * At build time (Spring AOT), registers the {@code @Slo} methods of each bean for reflection, as Spring does for
 * methods carrying {@code @Reflective} annotations such as {@code @EventListener}: {@link AnnotatedSloMethods} finds
 * them with {@code getDeclaredMethods()} and reads their annotation, which a native image only answers for registered
 * methods. A bean with interfaces also gets the JDK proxy hint of those interfaces, for applications that proxy
 * interfaces ({@code spring.aop.proxy-target-class=false}); class proxies are generated at build time by Spring.
 * Registered in {@code META-INF/spring/aot.factories}.
 */
class SloMethodsAotProcessor implements BeanRegistrationAotProcessor {

  @Override
  public BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
    Class<?> type = ClassUtils.getUserClass(registeredBean.getBeanClass());
    if (type.getName().startsWith("org.springframework.")) {
      return null;
    }
    List<Method> methods = new ArrayList<>();
    ReflectionUtils.doWithMethods(type, method -> {
      if (AnnotatedElementUtils.hasAnnotation(method, dev.slo4j.annotation.Slo.class)) {
        methods.add(method);
      }
    }, ReflectionUtils.USER_DECLARED_METHODS);
    if (methods.isEmpty()) {
      return null;
    }
    Class<?>[] interfaces = ClassUtils.getAllInterfacesForClass(type);
    return (generationContext, code) -> {
      ReflectionHints reflection = generationContext.getRuntimeHints().reflection();
      methods.forEach(m -> reflection.registerMethod(m, ExecutableMode.INVOKE));
      if (interfaces.length > 0) {
        generationContext.getRuntimeHints().proxies().registerJdkProxy(
            AopProxyUtils.completeJdkProxyInterfaces(interfaces));
      }
    };
  }
}
