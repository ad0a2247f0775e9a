package dev.slo4j.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slo4j.SloMeter;
import dev.slo4j.SloRegistry;
import dev.slo4j.SloValidationException;
import dev.slo4j.annotation.Slo;
import dev.slo4j.micrometer.MicrometerSloRecorder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class Slo4jAutoConfigurationTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(Slo4jAutoConfiguration.class, AopAutoConfiguration.class))
      .withPropertyValues("spring.application.name=shop")
      .withUserConfiguration(MeterRegistryConfiguration.class);

  @Configuration(proxyBeanMethods = false)
  static class MeterRegistryConfiguration {
    @Bean
    SimpleMeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }
  }

  /** A bean with SLOs, as product code writes them. */
  public static class Checkout {
    @Slo(name = "checkout", objective = "99.9", badOn = IOException.class)
    public String pay(boolean fail) throws IOException {
      if (fail) {
        throw new IOException("card network down");
      }
      return "paid";
    }

    @Slo(name = "quote", latency = "300ms")
    public CompletableFuture<String> quote(CompletableFuture<String> answer) {
      return answer;
    }

    /** Not annotated: the proxy's interceptor lets it through unmeasured. */
    public String receipt(boolean fail) throws IOException {
      return pay(fail) + " (receipt)";
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class CheckoutConfiguration {
    @Bean
    Checkout checkout() {
      return new Checkout();
    }
  }

  public static class PrivateSlo {
    @Slo(name = "hidden")
    private void hidden() {}
  }

  public static class FinalSlo {
    @Slo(name = "sealed")
    public final void sealed() {}
  }

  @Test
  void onByDefaultWithARegistryRecordingThroughMicrometer() {
    runner.withPropertyValues("management.endpoints.web.exposure.include=slos").run(context -> {
      assertThat(context).hasSingleBean(SloRegistry.class).hasSingleBean(MicrometerSloRecorder.class)
          .hasSingleBean(SlosEndpoint.class);
    });
  }

  @Test
  void theRulesEndpointWritesForTheBackendOfSlo4jRulesTarget() {
    runner.withPropertyValues("management.endpoints.web.exposure.include=slos", "slo4j.rules.target=mimir",
        "slo4j.rules.namespace=shop", "slo4j.slos.orders.observation=http.server.requests").run(context -> {
          String rules = context.getBean(SlosEndpoint.class).rules("rules");
          assertThat(rules).contains("\nnamespace: shop\ngroups:\n").contains("- name: slo4j-tiles-5m-1");
        });
    runner.withPropertyValues("management.endpoints.web.exposure.include=slos", "slo4j.rules.target=thanos2")
        .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
            .hasMessageContaining("slo4j.rules.target is 'thanos2'; give one of prometheus, operator, thanos, mimir"));
  }

  @Test
  void anOpenTelemetryBeanGetsTheBadEvents() {
    runner.run(context -> assertThat(context).doesNotHaveBean(dev.slo4j.opentelemetry.OpenTelemetrySloEvents.class));
    runner.withBean(io.opentelemetry.api.OpenTelemetry.class, io.opentelemetry.api.OpenTelemetry::noop)
        .run(context -> assertThat(context).hasSingleBean(dev.slo4j.opentelemetry.OpenTelemetrySloEvents.class));
  }

  @Test
  void platformResilienceDefaultsComeFromPropertiesAndBadOnesStopTheStart() {
    runner.withPropertyValues("slo4j.resilience.max-attempts=5", "slo4j.resilience.breaker-wait=30s")
        .run(context -> {
          dev.slo4j.resilience.ResilienceDefaults defaults =
              context.getBean(dev.slo4j.resilience.ResilienceDefaults.class);
          assertThat(defaults.toString()).contains("5 attempts").contains("breaker wait PT30S");
          assertThat(context).getBean(dev.slo4j.ResilienceListener.class)
              .isInstanceOf(dev.slo4j.micrometer.MicrometerResilienceListener.class);
        });
    runner.withPropertyValues("slo4j.resilience.jitter=sometimes", "slo4j.resilience.retry-budget-ratio=2")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause()
              .hasMessageContaining("property slo4j.resilience.jitter")
              .hasMessageContaining("one of full, equal, decorrelated")
              .hasMessageContaining("ratio must be between 0 and 1, was 2.0");
        });
  }

  @Test
  void everyPropertyHasMetadataWithADescriptionForIdeCompletion() throws Exception {
    String json;
    try (var in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    java.util.List<String> names = com.jayway.jsonpath.JsonPath.read(json, "$.properties[*].name");
    assertThat(names).contains("slo4j.enabled", "slo4j.service", "slo4j.defaults.objective", "slo4j.defaults.window",
        "slo4j.defaults.labels", "slo4j.slos", "slo4j.resilience.max-attempts", "slo4j.resilience.breaker-wait");
    java.util.List<String> undocumented = com.jayway.jsonpath.JsonPath.read(json,
        "$.properties[?(@.name =~ /slo4j\\..*/ && !@.description)].name");
    assertThat(undocumented).isEmpty();
  }

  @Test
  void offWhenDisabled() {
    runner.withPropertyValues("slo4j.enabled=false").run(context -> {
      assertThat(context).doesNotHaveBean(SloRegistry.class).doesNotHaveBean(MicrometerSloRecorder.class)
          .doesNotHaveBean(SlosEndpoint.class);
    });
  }

  @Test
  void theApplicationsOwnRegistryWins() {
    SloRegistry own = SloRegistry.builder().build();
    runner.withBean(SloRegistry.class, () -> own).run(context -> {
      assertThat(context).hasSingleBean(SloRegistry.class);
      assertThat(context.getBean(SloRegistry.class)).isSameAs(own);
    });
  }

  @Test
  void withoutMicrometerTheSlosStillWorkOnTheLocalBudget() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(Slo4jAutoConfiguration.class, AopAutoConfiguration.class))
        .withClassLoader(new FilteredClassLoader(MeterRegistry.class))
        .withUserConfiguration(CheckoutConfiguration.class)
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(SloRegistry.class)
              .doesNotHaveBean(MicrometerSloRecorder.class);
          context.getBean(Checkout.class).pay(false);
          assertThat(context.getBean(SloRegistry.class).find("checkout")).isPresent();
        });
  }

  @Test
  void withoutActuatorThereIsNoEndpoint() {
    runner.withPropertyValues("management.endpoints.web.exposure.include=slos")
        .withClassLoader(new FilteredClassLoader(Endpoint.class)).run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(SloRegistry.class).doesNotHaveBean(SlosEndpoint.class);
    });
  }

  @Test
  void annotatedMethodsAreMeasuredAndTheirSeriesExistBeforeTheFirstCall() {
    runner.withUserConfiguration(CheckoutConfiguration.class).run(context -> {
      MeterRegistry meters = context.getBean(MeterRegistry.class);
      assertThat(meters.get("slo4j.events").tags("slo", "checkout", "slo.service", "shop", "outcome", "bad").counter()
          .count()).isZero();
      Checkout checkout = context.getBean(Checkout.class);
      assertThat(checkout.pay(false)).isEqualTo("paid");
      try {
        checkout.pay(true);
      } catch (IOException expected) {
        assertThat(expected).hasMessage("card network down");
      }
      assertThat(meters.get("slo4j.events").tags("slo", "checkout", "outcome", "good").functionCounter().count()).isEqualTo(1);
      assertThat(meters.get("slo4j.events").tags("slo", "checkout", "outcome", "bad").counter().count()).isEqualTo(1);
    });
  }

  @Test
  void aMethodWithoutAnSloOnTheSameBeanIsNotMeasuredHoweverOftenItIsCalled() {
    runner.withUserConfiguration(CheckoutConfiguration.class).run(context -> {
      MeterRegistry meters = context.getBean(MeterRegistry.class);
      Checkout checkout = context.getBean(Checkout.class);
      for (int i = 0; i < 3; i++) {
        assertThat(checkout.receipt(false)).isEqualTo("paid (receipt)");
        assertThat(checkout.pay(false)).isEqualTo("paid");
      }
      // receipt() calls pay() on the target itself (self-invocation): only the three calls through the proxy count.
      assertThat(meters.get("slo4j.events").tags("slo", "checkout", "outcome", "good").functionCounter().count()).isEqualTo(3);
      assertThat(meters.find("slo4j.events").tags("slo", "receipt").counters()).isEmpty();
    });
  }

  @Test
  void aMethodReturningAStageIsMeasuredWhenItCompletes() {
    runner.withUserConfiguration(CheckoutConfiguration.class).run(context -> {
      MeterRegistry meters = context.getBean(MeterRegistry.class);
      CompletableFuture<String> answer = new CompletableFuture<>();
      CompletableFuture<String> returned = context.getBean(Checkout.class).quote(answer);
      assertThat(meters.get("slo4j.latency").tags("slo", "quote").timer().count()).isZero();
      answer.complete("42");
      assertThat(returned).isCompletedWithValue("42");
      assertThat(meters.get("slo4j.latency").tags("slo", "quote").timer().count()).isEqualTo(1);
    });
  }

  @Test
  void platformDefaultsApplyToAnnotationsThatLeaveThemOut() {
    runner.withUserConfiguration(CheckoutConfiguration.class)
        .withPropertyValues("slo4j.defaults.window=28d", "slo4j.defaults.objective=99.5",
            "slo4j.defaults.labels.team=payments")
        .run(context -> {
          SloMeter quote = context.getBean(SloRegistry.class).find("quote").orElseThrow();
          assertThat(quote.slo().window()).isEqualTo(Duration.ofDays(28));
          assertThat(quote.slo().objective().toPercentString()).isEqualTo("99.5%");
          assertThat(quote.slo().labels()).containsEntry("team", "payments");
          SloMeter checkout = context.getBean(SloRegistry.class).find("checkout").orElseThrow();
          assertThat(checkout.slo().objective().toPercentString()).as("stated on the annotation").isEqualTo("99.9%");
        });
  }

  @Test
  void theAbsentAndExhaustionAlertsAreSwitchedOnForEverySloByProperties() {
    String[] properties = {"slo4j.defaults.alerting.absent-for=15m",
        "slo4j.defaults.alerting.budget-exhaustion.for=2h", "slo4j.defaults.alerting.budget-exhaustion.horizon=5d"};
    runner.withUserConfiguration(CheckoutConfiguration.class).withPropertyValues(properties).run(context -> {
      for (String name : List.of("checkout", "quote")) {
        dev.slo4j.Alerting alerting = context.getBean(SloRegistry.class).find(name).orElseThrow().slo().alerting();
        assertThat(alerting.absentFor()).as(name).contains(Duration.ofMinutes(15));
        assertThat(alerting.exhaustedFor()).as(name).contains(Duration.ofHours(2));
        assertThat(alerting.exhaustionHorizon()).as(name).contains(Duration.ofDays(5));
      }
      // The build reads the same properties into the same SLOs (the Maven plugin's and the CLI's reader), so the
      // rules it checks in carry the same alerts.
      dev.slo4j.project.Slo4jConfig build = dev.slo4j.project.Slo4jConfig.of(
          dev.slo4j.project.Slo4jConfig.readProperties(String.join("\n", properties) + "\n", "application.properties"));
      assertThat(build.defaults()).isEqualTo(SloDeclarations.defaults(context.getBean(Slo4jProperties.class)
          .getDefaults()));
    });
    runner.withUserConfiguration(CheckoutConfiguration.class)
        .withPropertyValues("slo4j.defaults.alerting.budget-exhaustion.for=soon").run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).hasStackTraceContaining("defaults alerting.budget-exhaustion");
        });
  }

  /**
   * Keys Spring's binding would ignore stop the start, with the message the build gives for the same key; every real
   * setting, written in any of Spring's relaxed forms, still starts.
   */
  @Test
  void aDefaultsKeyThatIsNotASettingStopsTheStartAsTheBuildRefusesIt() {
    Map<String, String> refused = Map.of(
        "slo4j.defaults.objectiv=99.5", "slo4j.defaults.objectiv is not a setting of slo4j",
        "slo4j.defaults.alerting.absent-for.x=15m", "did you mean slo4j.defaults.alerting.absent-for?",
        "slo4j.defaults.objective.value=99", "did you mean slo4j.defaults.objective?",
        "slo4j.defaults.alerting.budget-exhaustion.forr=2h", "slo4j.defaults.alerting.budget-exhaustion.forr is not a");
    refused.forEach((property, message) -> runner.withUserConfiguration(CheckoutConfiguration.class)
        .withPropertyValues(property).run(context -> {
          assertThat(context).as(property).hasFailed();
          assertThat(context.getStartupFailure()).as(property).rootCause()
              .isInstanceOf(dev.slo4j.SloValidationException.class).hasMessageContaining(message);
          String key = property.substring(0, property.indexOf('='));
          assertThatThrownBy(() -> dev.slo4j.project.Slo4jConfig.of(dev.slo4j.project.Slo4jConfig.readProperties(
              property + "\n", "application.properties"))).as("the build refuses %s too", key)
              .hasMessageContaining(message);
        }));
    runner.withUserConfiguration(CheckoutConfiguration.class)
        .withPropertyValues("slo4j.defaults.alerting.absentFor=15m", "slo4j.defaults.window=28d",
            "slo4j.defaults.labels[team]=payments", "slo4j.defaults.alerting.annotations.runbook_url=https://x",
            "slo4j.defaults.alerting.budget_exhaustion.for=2h", "slo4j.defaults.page=no", "slo4j.defaults.ticket=on",
            "slo4j.defaults.alerting.page-labels.severity=critical")
        .run(context -> {
          assertThat(context).hasNotFailed();
          dev.slo4j.ServiceLevelObjective quote = context.getBean(SloRegistry.class).find("quote").orElseThrow().slo();
          assertThat(quote.alerting().absentFor()).contains(Duration.ofMinutes(15));
          assertThat(quote.labels()).containsEntry("team", "payments");
        });
  }

  @Test
  void theBudgetPolicyComesFromPropertiesAndABadValueStopsTheStart() {
    runner.withPropertyValues("slo4j.budget-policy.warn-below=40%", "slo4j.budget-policy.exceptions=hotfix")
        .run(context -> assertThat(context.getBean(dev.slo4j.budget.BudgetPolicy.class))
            .hasToString("warn below 40%, freeze when spent, except [hotfix]"));
    runner.run(context -> assertThat(context.getBean(dev.slo4j.budget.BudgetPolicy.class))
        .isEqualTo(dev.slo4j.budget.BudgetPolicy.workbook()));
    runner.withPropertyValues("slo4j.budget-policy.freeze-below=lots").run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).hasStackTraceContaining(
          "slo4j.budget-policy.freeze-below 'lots' is not a share such as 25% or 0.25 (slo4j.budget-policy.*: e.g."
              + " warn-below=25%");
    });
  }

  @Test
  void aBadSloInPropertiesStopsTheStartNamingThePropertyAndTheFix() {
    runner.withPropertyValues("slo4j.slos.search.objective=120", "slo4j.slos.search.observation=http.server.requests",
        "slo4j.slos.browse.latency=fast").run(context -> {
          assertThat(context).hasFailed();
          Throwable failure = context.getStartupFailure();
          while (failure != null && !(failure instanceof SloValidationException)) {
            failure = failure.getCause();
          }
          assertThat(failure).isInstanceOf(SloValidationException.class);
          assertThat(failure.getMessage())
              .contains("property slo4j.slos.search: slo 'search': objective")
              .contains("property slo4j.slos.browse: slo 'browse': latency")
              .contains("set property slo4j.slos.browse.observation");
        });
  }

  @Test
  void anSloOnAPrivateMethodIsRefusedAtStartupBecauseItWouldNeverBeMeasured() {
    runner.withBean(PrivateSlo.class).run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).rootCause()
          .hasMessageContaining("@Slo(name = \"hidden\") on dev.slo4j.spring.Slo4jAutoConfigurationTest$PrivateSlo#hidden")
          .hasMessageContaining("would never be measured: it is private");
    });
    runner.withBean(FinalSlo.class).run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).hasStackTraceContaining("it is final");
    });
  }
}
