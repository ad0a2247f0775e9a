package dev.slo4j.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slo4j.annotation.Slo;
import dev.slo4j.spring.elsewhere.Hooks;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The class slo4j generates for a dedicated {@code @Slo} proxy ({@link SloProxyClasses}), on the shapes of class and
 * method a generated class can get wrong: a package-private class, package-private and protected methods, parameters
 * of every width, varargs and arrays, checked exceptions, default methods, visibility bridges; and the class it must
 * leave to Spring's proxy. Each case checks that the bean's own state answers (the proxy called the bean, not itself)
 * and that every call is counted once.
 */
class SloProxyClassesTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(Slo4jAutoConfiguration.class, AopAutoConfiguration.class))
      .withPropertyValues("spring.application.name=shop")
      .withBean(SimpleMeterRegistry.class);

  private static double count(MeterRegistry meters, String slo, String outcome) {
    return outcome.equals("good")
        ? meters.get("slo4j.events").tags("slo", slo, "outcome", "good").functionCounter().count()
        : meters.get("slo4j.events").tags("slo", slo, "outcome", "bad").counter().count();
  }

  private static void assertGenerated(Object bean) {
    assertThat(bean).isNotInstanceOf(Advised.class);
    assertThat(bean.getClass().getName()).contains(SloProxyClasses.SUFFIX);
    assertThat(SloProxyClasses.isProxy(bean)).isTrue();
  }

  /** Package-private, with package-private and protected measured methods of every parameter width. */
  static class Ledger {
    private final List<String> lines = new ArrayList<>();

    @Slo(name = "post")
    long post(String account, long cents, double rate, int[] codes, Object... notes) {
      lines.add(account + " " + cents + " " + rate + " " + Arrays.toString(codes) + " " + Arrays.toString(notes));
      return cents * codes.length + notes.length;
    }

    @Slo(name = "audit")
    protected String audit(char c, byte b, short s, float f, boolean fail) throws IOException {
      if (fail) {
        throw new IOException("disk full");
      }
      return "" + c + b + s + f + lines.size();
    }

    int lines() {
      return lines.size();
    }

    protected List<String> copy() {
      return List.copyOf(lines);
    }
  }

  @Test
  void aPackagePrivateClassIsServedWithEveryParameterWidthAndItsCheckedExceptions() {
    runner.withBean(Ledger.class).run(context -> {
      Ledger ledger = context.getBean(Ledger.class);
      MeterRegistry meters = context.getBean(MeterRegistry.class);
      assertGenerated(ledger);
      assertThat(ledger.post("a", Long.MAX_VALUE / 4, -0.5, new int[] {1, 2}, "x", null)).isEqualTo(
          Long.MAX_VALUE / 4 * 2 + 2);
      assertThat(ledger.post("b", -1, Double.MAX_VALUE, new int[0])).isEqualTo(0);
      assertThat(ledger.audit('\u0000', Byte.MIN_VALUE, Short.MAX_VALUE, Float.MIN_VALUE, false))
          .isEqualTo("\u0000-12832767" + Float.MIN_VALUE + "2");
      IOException thrown = new IOException("x");
      assertThatThrownBy(() -> ledger.audit('a', (byte) 0, (short) 0, 0f, true)).isInstanceOf(IOException.class)
          .hasMessage("disk full").isNotSameAs(thrown);
      assertThat(ledger.lines()).as("the bean's own list, not the proxy's").isEqualTo(2);
      assertThat(ledger.copy()).containsExactly("a " + Long.MAX_VALUE / 4 + " -0.5 [1, 2] [x, null]",
          "b -1 " + Double.MAX_VALUE + " [] []");
      assertThat(count(meters, "post", "good")).isEqualTo(2);
      assertThat(count(meters, "audit", "good")).isEqualTo(1);
      assertThat(count(meters, "audit", "bad")).isEqualTo(1);
    });
  }

  /** An interface whose default methods the bean does not override, one of them measured. */
  public interface Greeter {
    @Slo(name = "greet")
    default String greet(String name) {
      return prefix() + name;
    }

    default String shout(String name) {
      return greet(name).toUpperCase(java.util.Locale.ROOT);
    }

    String prefix();
  }

  /** The bean implements it through another interface: the default methods come from a super-interface. */
  public interface PoliteGreeter extends Greeter {}

  public static class Polite implements PoliteGreeter {
    private String prefix = "dear ";

    @Override
    public String prefix() {
      return prefix;
    }
  }

  @Test
  void aDefaultMethodTheBeanDoesNotOverrideIsMeasuredOrCalledOnTheBean() {
    runner.withBean(Polite.class).run(context -> {
      Polite polite = context.getBean(Polite.class);
      assertGenerated(polite);
      assertThat(polite.greet("ann")).isEqualTo("dear ann");
      assertThat(polite.shout("bob")).as("called on the bean: its greet is a self-call, not measured")
          .isEqualTo("DEAR BOB");
      assertThat(count(context.getBean(MeterRegistry.class), "greet", "good")).isEqualTo(1);
    });
  }

  /** A package-private base class: javac gives the public subclass a bridge for each of its public methods. */
  abstract static class Base {
    int calls;

    @Slo(name = "base")
    public String base() {
      return "base " + ++calls;
    }
  }

  public static class Derived extends Base {}

  @Test
  void aMethodReachedThroughAVisibilityBridgeIsMeasuredOnceOnTheBean() {
    assertThat(Arrays.stream(Derived.class.getDeclaredMethods()).anyMatch(java.lang.reflect.Method::isBridge))
        .as("javac wrote the bridge this test is about").isTrue();
    runner.withBean(Derived.class).run(context -> {
      Derived derived = context.getBean(Derived.class);
      assertGenerated(derived);
      assertThat(derived.base()).isEqualTo("base 1");
      assertThat(((Base) derived).base()).isEqualTo("base 2");
      assertThat(count(context.getBean(MeterRegistry.class), "base", "good")).isEqualTo(2);
    });
  }

  /** A protected method inherited from another package: the generated proxy could not call it on the bean. */
  public static class Hooked extends Hooks {
    @Slo(name = "work")
    public String work() {
      return "worked";
    }
  }

  @Test
  void aProtectedMethodFromAnotherPackageLeavesTheBeanToSpringsProxyStillMeasured() {
    runner.withBean(Hooked.class).run(context -> {
      Hooked hooked = context.getBean(Hooked.class);
      assertThat(hooked).isInstanceOf(Advised.class);
      assertThat(SloProxyClasses.isProxy(hooked)).isFalse();
      assertThat(AopUtils.getTargetClass(hooked)).isEqualTo(Hooked.class);
      assertThat(hooked.work()).isEqualTo("worked");
      assertThat(Hooks.callHook(hooked)).isEqualTo("hooked 1");
      assertThat(Hooks.callHook(hooked)).as("the bean's count, kept across calls").isEqualTo("hooked 2");
      assertThat(count(context.getBean(MeterRegistry.class), "work", "good")).isEqualTo(1);
    });
  }

  @Test
  void twoContextsShareOneGeneratedClassAndEachCountsItsOwnCalls() {
    Class<?>[] classes = new Class<?>[2];
    for (int i = 0; i < 2; i++) {
      int context = i;
      runner.withBean(Ledger.class).run(c -> {
        Ledger ledger = c.getBean(Ledger.class);
        classes[context] = ledger.getClass();
        ledger.post("a", 1, 1, new int[0]);
        assertThat(count(c.getBean(MeterRegistry.class), "post", "good")).isEqualTo(1);
      });
    }
    assertThat(classes[1]).isSameAs(classes[0]);
  }
}
