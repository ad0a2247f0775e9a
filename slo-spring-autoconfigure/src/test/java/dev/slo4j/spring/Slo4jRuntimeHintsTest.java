package dev.slo4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slo4j.annotation.Slo;
import org.junit.jupiter.api.Test;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.javapoet.ClassName;

/** The hints a native image of a service using slo4j needs, as Spring's AOT engine collects them at build time. */
class Slo4jRuntimeHintsTest {

  @Test
  void theFilesSloFourJReadsAtStartupAreInTheImage() {
    RuntimeHints hints = registered();
    assertThat(RuntimeHintsPredicates.resource().forResource("META-INF/slo4j/defaults.yaml")).accepts(hints);
    assertThat(RuntimeHintsPredicates.resource().forResource("slo4j/demo.rules.yml")).accepts(hints);
    assertThat(RuntimeHintsPredicates.resource().forResource("slo4j/demo.rules.test.yml")).accepts(hints);
    assertThat(RuntimeHintsPredicates.resource().forResource("application.yml")).rejects(hints);
  }

  @Test
  @SuppressWarnings("removal") // onMethod(..): deprecated in Spring 7 for onMethodInvocation, absent in 6.2
  void theEndpointsJsonTypesCanBeSerialized() {
    RuntimeHints hints = registered();
    for (Class<?> type : new Class<?>[] {SlosEndpoint.Report.class, SlosEndpoint.RulesReport.class,
        SlosEndpoint.SloReport.class}) {
      assertThat(RuntimeHintsPredicates.reflection().onType(type)).as(type.getName()).accepts(hints);
    }
    assertThat(RuntimeHintsPredicates.reflection().onMethod(SlosEndpoint.Report.class, "slos").invoke())
        .accepts(hints);
    assertThat(RuntimeHintsPredicates.reflection().onMethod(SlosEndpoint.RulesReport.class, "matches").invoke())
        .accepts(hints);
    assertThat(RuntimeHintsPredicates.reflection().onMethod(SlosEndpoint.SloReport.class, "burnRates").invoke())
        .accepts(hints);
  }

  @Test
  @SuppressWarnings("removal")
  void thePropertiesCanBeBoundWithABinder() {
    RuntimeHints hints = registered();
    assertThat(RuntimeHintsPredicates.reflection().onMethod(Slo4jProperties.class, "setService").invoke())
        .accepts(hints);
    assertThat(RuntimeHintsPredicates.reflection().onMethod(Slo4jProperties.Rules.class, "setLocation").invoke())
        .accepts(hints);
    assertThat(RuntimeHintsPredicates.reflection().onMethod(Slo4jProperties.Defaults.class, "getAlerting").invoke())
        .accepts(hints);
  }

  @Test
  void theAttributesOfSloCanBeReadByReflection() {
    assertThat(RuntimeHintsPredicates.reflection().onType(Slo.class)
        .withMemberCategory(MemberCategory.INVOKE_DECLARED_METHODS)).accepts(registered());
  }

  @Test
  void theAutoConfigurationImportsTheHints() {
    assertThat(Slo4jAutoConfiguration.class.getAnnotation(ImportRuntimeHints.class).value())
        .containsExactly(Slo4jRuntimeHints.class);
  }

  /** A service's own beans: one measured through a class proxy, one that could be proxied by its interface. */
  public static class Checkout {
    @Slo(name = "checkout")
    public String pay() {
      return "paid";
    }
  }

  public interface Pricing {
    String quote();
  }

  public static class ListPrice implements Pricing {
    @Override
    @Slo(name = "quote", latency = "300ms")
    public String quote() {
      return "9.99";
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration({Slo4jAutoConfiguration.class, AopAutoConfiguration.class})
  static class Service {
    @Bean
    Checkout checkout() {
      return new Checkout();
    }

    @Bean
    ListPrice listPrice() {
      return new ListPrice();
    }
  }

  @Test
  @SuppressWarnings("removal")
  void aheadOfTimeProcessingOfAServiceRegistersTheHintsAndItsSloMethods() throws Exception {
    RuntimeHints hints;
    try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
      TestPropertyValues.of("spring.application.name=shop").applyTo(context);
      context.register(Service.class);
      DefaultGenerationContext generation = new DefaultGenerationContext(
          new ClassNameGenerator(ClassName.get(Service.class)), new InMemoryGeneratedFiles());
      new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
      hints = generation.getRuntimeHints();
    }
    assertThat(RuntimeHintsPredicates.resource().forResource("META-INF/slo4j/defaults.yaml")).accepts(hints);
    assertThat(RuntimeHintsPredicates.resource().forResource("slo4j/shop.rules.yml")).accepts(hints);
    assertThat(RuntimeHintsPredicates.reflection().onMethod(Checkout.class, "pay").invoke()).accepts(hints);
    assertThat(RuntimeHintsPredicates.reflection().onMethod(ListPrice.class, "quote").invoke()).accepts(hints);
    assertThat(RuntimeHintsPredicates.proxies().forInterfaces(Pricing.class,
        org.springframework.aop.SpringProxy.class, org.springframework.aop.framework.Advised.class,
        org.springframework.core.DecoratingProxy.class)).accepts(hints);
  }

  @Test
  @SuppressWarnings("removal")
  void theProcessorRegistersTheSloMethodsOfABeanAndSkipsBeansWithout() {
    org.springframework.beans.factory.support.DefaultListableBeanFactory beanFactory =
        new org.springframework.beans.factory.support.DefaultListableBeanFactory();
    beanFactory.registerBeanDefinition("checkout",
        new org.springframework.beans.factory.support.RootBeanDefinition(Checkout.class));
    beanFactory.registerBeanDefinition("plain",
        new org.springframework.beans.factory.support.RootBeanDefinition(String.class));
    SloMethodsAotProcessor processor = new SloMethodsAotProcessor();
    assertThat(processor.processAheadOfTime(
        org.springframework.beans.factory.support.RegisteredBean.of(beanFactory, "plain"))).isNull();
    DefaultGenerationContext generation = new DefaultGenerationContext(
        new ClassNameGenerator(ClassName.get(Service.class)), new InMemoryGeneratedFiles());
    processor.processAheadOfTime(org.springframework.beans.factory.support.RegisteredBean.of(beanFactory, "checkout"))
        .applyTo(generation, null);
    assertThat(RuntimeHintsPredicates.reflection().onMethod(Checkout.class, "pay").invoke())
        .accepts(generation.getRuntimeHints());
    assertThat(generation.getRuntimeHints().proxies().jdkProxyHints()).isEmpty();
  }

  private static RuntimeHints registered() {
    RuntimeHints hints = new RuntimeHints();
    new Slo4jRuntimeHints().registerHints(hints, Slo4jRuntimeHintsTest.class.getClassLoader());
    return hints;
  }
}
