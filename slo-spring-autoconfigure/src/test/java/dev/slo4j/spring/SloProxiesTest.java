package dev.slo4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slo4j.annotation.Slo;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;
import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Role;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.util.ClassUtils;

/**
 * How {@code @Slo} beans are proxied ({@link SloProxies}): a dedicated proxy that Spring and user code can see through
 * like Spring's own, slo4j's advisor inside a proxy that exists for another reason (in the order advisors sort), and
 * the cases the dedicated proxy cannot take or must still serve (circular references, frozen proxies, no proxy
 * creator).
 * Every case asserts that the calls are measured, since a proxy that loses the measuring is the failure that matters.
 */
class SloProxiesTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(Slo4jAutoConfiguration.class, AopAutoConfiguration.class))
      .withPropertyValues("spring.application.name=shop")
      .withBean(SimpleMeterRegistry.class);

  @Retention(RetentionPolicy.RUNTIME)
  @interface Audited {}

  public static class Cart {
    private final List<String> items = new ArrayList<>();

    @Slo(name = "add")
    public Cart add(String item) {
      items.add(item);
      return this;
    }

    @Audited
    public int size() {
      return items.size();
    }

    public Cart self() {
      return this;
    }

    @Override
    public String toString() {
      return "cart " + items;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Carts {
    @Bean
    Cart cart() {
      return new Cart();
    }

    @Bean
    Cart otherCart() {
      return new Cart();
    }
  }

  /** Another concern's advice (as {@code @Transactional} or an aspect would be), ordered before or after slo4j's. */
  @Configuration(proxyBeanMethods = false)
  static class Auditing {
    static final List<String> SEEN = new ArrayList<>();

    private static Advisor audit(String name, int order) {
      DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(
          AnnotationMatchingPointcut.forMethodAnnotation(Audited.class), (MethodInterceptor) invocation -> {
            SEEN.add(name + " " + invocation.getMethod().getName());
            return invocation.proceed();
          });
      advisor.setOrder(order);
      return advisor;
    }

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static Advisor outerAudit() {
      return audit("outer", -10);
    }

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static Advisor innerAudit() {
      return audit("inner", 10);
    }
  }

  private static double good(MeterRegistry meters, String slo) {
    return meters.get("slo4j.events").tags("slo", slo, "outcome", "good").functionCounter().count();
  }

  @Test
  void aBeanProxiedOnlyForItsSlosGetsADedicatedProxyThatSpringSeesThroughLikeItsOwn() {
    runner.withUserConfiguration(Carts.class).run(context -> {
      Cart cart = context.getBean("cart", Cart.class);
      Cart other = context.getBean("otherCart", Cart.class);
      assertThat(cart).isNotInstanceOf(Advised.class);
      assertThat(AopUtils.isAopProxy(cart)).isTrue();
      assertThat(AopUtils.getTargetClass(cart)).isEqualTo(Cart.class);
      assertThat(ClassUtils.getUserClass(cart.getClass())).isEqualTo(Cart.class);
      assertThat(other.getClass()).as("one proxy class for every bean of a class").isSameAs(cart.getClass());

      assertThat(cart.add("book").add("pen")).as("returning this returns the proxy, so the next call is measured")
          .isSameAs(cart);
      assertThat(cart.self()).isSameAs(cart);
      assertThat(cart.size()).isEqualTo(2);
      assertThat(cart).hasToString("cart [book, pen]").isEqualTo(cart).isNotEqualTo(other);
      assertThat(cart.hashCode()).isEqualTo(cart.hashCode());
      assertThat(good(context.getBean(MeterRegistry.class), "add")).isEqualTo(2);
    });
  }

  @Test
  void aBeanAlreadyProxiedForAnotherConcernGetsSlo4jsAdvisorInTheSameProxyInOrder() {
    Auditing.SEEN.clear();
    runner.withUserConfiguration(Carts.class, Auditing.class).run(context -> {
      Cart cart = context.getBean("cart", Cart.class);
      assertThat(cart).isInstanceOf(Advised.class);
      assertThat(AopUtils.getTargetClass(cart)).as("one proxy, not a proxy of a proxy").isEqualTo(Cart.class);
      List<Object> advice = Arrays.stream(((Advised) cart).getAdvisors()).map(a -> (Object) a.getAdvice()).toList();
      assertThat(advice).hasSize(3);
      assertThat(advice.get(1)).isInstanceOf(SloMethodInterceptor.class);

      cart.add("book");
      cart.add("pen");
      assertThat(cart.size()).isEqualTo(2);
      assertThat(Auditing.SEEN).containsExactly("outer size", "inner size");
      assertThat(good(context.getBean(MeterRegistry.class), "add")).isEqualTo(2);
    });
  }

  /** Two beans that need each other: Spring hands out the {@code @Slo} bean before it is initialized. */
  public static class Orders {
    @Autowired
    @Lazy(false)
    Payments payments;

    @Slo(name = "place")
    public String place() {
      return "placed with " + payments.name();
    }
  }

  public static class Payments {
    @Autowired
    Orders orders;

    public String name() {
      return "payments";
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Circular {
    @Bean
    Orders orders() {
      return new Orders();
    }

    @Bean
    Payments payments() {
      return new Payments();
    }
  }

  @Test
  void aCircularReferenceGetsTheSameMeasuredBeanThatTheContextHolds() {
    runner.withAllowCircularReferences(true).withUserConfiguration(Circular.class).run(context -> {
      assertThat(context).hasNotFailed();
      Orders orders = context.getBean(Orders.class);
      assertThat(context.getBean(Payments.class).orders).isSameAs(orders);
      assertThat(orders.place()).isEqualTo("placed with payments");
      context.getBean(Payments.class).orders.place();
      assertThat(good(context.getBean(MeterRegistry.class), "place")).isEqualTo(2);
    });
  }

  /** A bean that is a frozen Spring proxy: slo4j can neither add to its chain nor subclass it. */
  @Configuration(proxyBeanMethods = false)
  static class Unusual {
    @Bean
    static BeanPostProcessor freezeCarts() {
      return new BeanPostProcessor() {
        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
          if (!(bean instanceof Cart)) {
            return bean;
          }
          ProxyFactory factory = new ProxyFactory(bean);
          factory.setProxyTargetClass(true);
          factory.setFrozen(true);
          return factory.getProxy();
        }
      };
    }

    @Bean
    Cart cart() {
      return new Cart();
    }

  }

  @Test
  void aFrozenProxyIsWrappedInSpringsProxyAndStillMeasured() {
    runner.withUserConfiguration(Unusual.class).run(context -> {
      Cart cart = context.getBean(Cart.class);
      assertThat(((Advised) cart).getTargetSource().getTarget()).as("wrapped, not changed").isInstanceOf(Advised.class);
      cart.add("book");
      assertThat(good(context.getBean(MeterRegistry.class), "add")).isEqualTo(1);
    });
  }

  @Test
  void withoutSpringsProxyCreatorSlosAreStillMeasured() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(Slo4jAutoConfiguration.class))
        .withPropertyValues("spring.application.name=shop")
        .withBean(SimpleMeterRegistry.class)
        .withUserConfiguration(Carts.class).run(context -> {
          context.getBean("cart", Cart.class).add("book");
          assertThat(good(context.getBean(MeterRegistry.class), "add")).isEqualTo(1);
        });
  }

  /**
   * In a native image or AOT-generated code, Spring's proxy creator applies slo4j's advisor (its proxy classes exist
   * only if generated at build time); slo4j then leaves the proxy alone, and each call is counted once, not twice.
   */
  @Test
  void underAotSpringsProxyCreatorAppliesTheAdvisorAndEachCallCountsOnce() {
    System.setProperty("spring.aot.processing", "true");
    try {
      runner.withUserConfiguration(Carts.class).run(context -> {
        Cart cart = context.getBean("cart", Cart.class);
        assertThat(cart).isInstanceOf(Advised.class);
        assertThat(((Advised) cart).getTargetSource().getTarget()).isNotInstanceOf(Advised.class);
        cart.add("book").add("pen");
        assertThat(good(context.getBean(MeterRegistry.class), "add")).isEqualTo(2);
      });
    } finally {
      System.clearProperty("spring.aot.processing");
    }
  }

  /** Results of every shape through the dedicated proxy: a primitive, a failure, and a stage after plain results. */
  public static class Answers {
    @Slo(name = "count")
    public long count(boolean fail) {
      if (fail) {
        throw new IllegalStateException("down");
      }
      return 7;
    }

    @Slo(name = "answer")
    public Object answer(Object value) {
      return value;
    }
  }

  @Test
  void primitiveResultsFailuresAndAStageAfterPlainResultsAreEachJudgedRight() {
    runner.withBean(Answers.class).run(context -> {
      Answers answers = context.getBean(Answers.class);
      MeterRegistry meters = context.getBean(MeterRegistry.class);
      assertThat(answers.count(false)).isEqualTo(7);
      org.assertj.core.api.Assertions.assertThatIllegalStateException().isThrownBy(() -> answers.count(true))
          .withMessage("down");
      assertThat(good(meters, "count")).isEqualTo(1);
      assertThat(meters.get("slo4j.events").tags("slo", "count", "outcome", "bad").counter().count()).isEqualTo(1);

      answers.answer("a");
      answers.answer("b"); // the result class is now known not to be a stage
      java.util.concurrent.CompletableFuture<String> later = new java.util.concurrent.CompletableFuture<>();
      assertThat(answers.answer(later)).isSameAs(later);
      assertThat(good(meters, "answer")).as("the stage is judged when it completes, not when returned").isEqualTo(2);
      later.completeExceptionally(new IllegalStateException("late failure"));
      assertThat(good(meters, "answer")).isEqualTo(2);
      assertThat(meters.get("slo4j.events").tags("slo", "answer", "outcome", "bad").counter().count()).isEqualTo(1);
      answers.answer("c");
      assertThat(good(meters, "answer")).isEqualTo(3);
    });
  }

  /** One {@code @Slo} method per primitive return type; each fails when asked to. */
  public static class Primitives {
    @Slo(name = "p-long")
    public long aLong(boolean fail) {
      return fail ? failing() : Long.MIN_VALUE;
    }

    @Slo(name = "p-int")
    public int anInt(boolean fail) {
      return fail ? failing() : Integer.MAX_VALUE;
    }

    @Slo(name = "p-boolean")
    public boolean aBoolean(boolean fail) {
      return fail ? failing() != 0 : true;
    }

    @Slo(name = "p-double")
    public double aDouble(boolean fail) {
      return fail ? failing() : Double.NaN;
    }

    @Slo(name = "p-float")
    public float aFloat(boolean fail) {
      return fail ? failing() : -0.0f;
    }

    @Slo(name = "p-short")
    public short aShort(boolean fail) {
      return fail ? (short) failing() : Short.MIN_VALUE;
    }

    @Slo(name = "p-byte")
    public byte aByte(boolean fail) {
      return fail ? (byte) failing() : Byte.MAX_VALUE;
    }

    @Slo(name = "p-char")
    public char aChar(boolean fail) {
      return fail ? (char) failing() : '\uffff';
    }

    @Slo(name = "p-void")
    public void nothing(boolean fail) {
      if (fail) {
        failing();
      }
    }

    private static int failing() {
      throw new IllegalStateException("down");
    }
  }

  @Test
  void everyPrimitiveReturnTypeGetsItsValueBackAndEachCallJudged() {
    runner.withBean(Primitives.class).run(context -> {
      Primitives p = context.getBean(Primitives.class);
      MeterRegistry meters = context.getBean(MeterRegistry.class);
      assertThat(p.getClass()).as("the dedicated proxy").isNotEqualTo(Primitives.class);
      java.util.Map<String, java.util.function.Function<Boolean, Object>> calls = new java.util.LinkedHashMap<>();
      calls.put("p-long", p::aLong);
      calls.put("p-int", p::anInt);
      calls.put("p-boolean", p::aBoolean);
      calls.put("p-double", p::aDouble);
      calls.put("p-float", p::aFloat);
      calls.put("p-short", p::aShort);
      calls.put("p-byte", p::aByte);
      calls.put("p-char", p::aChar);
      calls.put("p-void", fail -> {
        p.nothing(fail);
        return null;
      });
      java.util.List<Object> expected = java.util.Arrays.asList(Long.MIN_VALUE, Integer.MAX_VALUE, true, Double.NaN,
          -0.0f, Short.MIN_VALUE, Byte.MAX_VALUE, '\uffff', null);
      java.util.List<Object> answered = new ArrayList<>();
      calls.forEach((slo, call) -> {
        answered.add(call.apply(false));
        answered.add(call.apply(false));
        org.assertj.core.api.Assertions.assertThatIllegalStateException().isThrownBy(() -> call.apply(true))
            .withMessage("down");
        assertThat(good(meters, slo)).as(slo).isEqualTo(2);
        assertThat(meters.get("slo4j.events").tags("slo", slo, "outcome", "bad").counter().count()).as(slo)
            .isEqualTo(1);
      });
      java.util.List<Object> twice = new ArrayList<>();
      expected.forEach(e -> {
        twice.add(e);
        twice.add(e);
      });
      assertThat(answered).as("Float -0.0 and Double NaN compare by their bits in equals").isEqualTo(twice);
    });
  }

  public interface Handler<T> {
    T handle(T value);
  }

  /** A generic interface implemented with a concrete type: callers through the interface call the bridge method. */
  public static class Upper implements Handler<String> {
    @Slo(name = "upper")
    @Override
    public String handle(String value) {
      return value.toUpperCase(java.util.Locale.ROOT);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Handlers {
    @Bean
    Upper upper() {
      return new Upper();
    }

    /** The same instance again, as a second bean: it must not be measured twice. */
    @Bean
    Handler<String> alias(Upper upper) {
      return upper;
    }
  }

  @Test
  void callsThroughABridgeMethodAreMeasuredAndABeanReturnedTwiceIsMeasuredOnce() {
    runner.withUserConfiguration(Handlers.class).run(context -> {
      @SuppressWarnings("unchecked")
      Handler<String> viaInterface = (Handler<String>) context.getBean("upper");
      assertThat(viaInterface.handle("a")).isEqualTo("A");
      assertThat(context.getBean("upper", Upper.class).handle("b")).isEqualTo("B");
      @SuppressWarnings("unchecked")
      Handler<String> alias = (Handler<String>) context.getBean("alias");
      assertThat(alias).isSameAs(context.getBean("upper"));
      alias.handle("c");
      assertThat(good(context.getBean(MeterRegistry.class), "upper")).isEqualTo(3);
    });
  }
}
