package dev.slo4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slo4j.SloMeter;
import dev.slo4j.SloRegistry;
import dev.slo4j.project.RuleFiles;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Issue 13: the running service compares the SLOs it registered with the rules it ships (generated at build time),
 * and the platform's defaults file reaches the running service as it reaches the build.
 */
@ExtendWith(OutputCaptureExtension.class)
class SloRulesAtStartupTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(Slo4jAutoConfiguration.class, AopAutoConfiguration.class))
      .withPropertyValues("spring.application.name=shop", "management.endpoints.web.exposure.include=slos")
      .withUserConfiguration(Slo4jAutoConfigurationTest.MeterRegistryConfiguration.class,
          Slo4jAutoConfigurationTest.CheckoutConfiguration.class);

  /** Writes the rules the build would write for the SLOs a context registers with these properties. */
  private Path bundle(Path dir, String... properties) {
    AtomicReference<List<dev.slo4j.ServiceLevelObjective>> slos = new AtomicReference<>();
    runner.withPropertyValues(properties).withPropertyValues("slo4j.rules.verify=off").run(context ->
        slos.set(context.getBean(SloRegistry.class).meters().stream().map(SloMeter::slo).toList()));
    try {
      Path folder = Files.createDirectories(dir.resolve("slo4j"));
      RuleFiles files = RuleFiles.builder(slos.get()).rules("shop.rules.yml").command("mvn slo4j:generate").build();
      Files.writeString(folder.resolve("shop.rules.yml"), files.files().get("shop.rules.yml"));
      return folder;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void theStartupLogListsTheSlosAndSaysTheBundledRulesMatch(@TempDir Path dir, CapturedOutput output)
      throws Exception {
    Path rules = bundle(dir);
    runner.withPropertyValues("slo4j.rules.location=" + rules.toUri()).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(output).contains("slo4j measures 2 SLOs of service 'shop' (spring.application.name): checkout (",
          "quote (99.9% of calls complete within 300ms over 30d)");
      assertThat(output).contains("match the registered SLOs (fingerprint ").doesNotContain("do not match");
      SlosEndpoint.Report report = context.getBean(SlosEndpoint.class).slos();
      assertThat(report.rules().matches()).isTrue();
      assertThat(report.rules().fingerprint()).isEqualTo(report.fingerprint()).hasSize(16);
    });
  }

  @Test
  void aDefaultChangedWithoutRegeneratingIsAWarningNamingTheSloAndBothValues(@TempDir Path dir,
      CapturedOutput output) throws Exception {
    Path rules = bundle(dir); // generated for 99.9%
    runner.withPropertyValues("slo4j.rules.location=" + rules.toUri(), "slo4j.defaults.objective=99").run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(output).contains("do not match the SLOs this service registered",
          "shop/quote differs in objective (this service: 99%; " + rules.toUri() + "shop.rules.yml: 99.9%)",
          "mvn slo4j:generate");
      assertThat(output).as("checkout states its objective on the annotation").doesNotContain("shop/checkout differs");
      SlosEndpoint.Report report = context.getBean(SlosEndpoint.class).slos();
      assertThat(report.rules().matches()).isFalse();
      assertThat(report.rules().differences()).singleElement().asString().startsWith("shop/quote differs in objective");
    });
  }

  @Test
  void withVerifyFailAMismatchOrMissingRulesStopTheStart(@TempDir Path dir) throws Exception {
    Path rules = bundle(dir);
    runner.withPropertyValues("slo4j.rules.location=" + rules.toUri(), "slo4j.defaults.objective=99",
        "slo4j.rules.verify=fail").run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).hasMessageContaining("shop/quote differs in objective")
              .hasMessageContaining("slo4j.rules.verify=fail");
        });
    runner.withPropertyValues("slo4j.rules.location=" + dir.resolve("nowhere").toUri(), "slo4j.rules.verify=fail")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).hasMessageContaining("found no rules bundled at")
              .hasMessageContaining("mvn slo4j:generate");
        });
    runner.withPropertyValues("slo4j.rules.verify=sometimes").run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure())
          .hasMessageContaining("slo4j.rules.verify=sometimes is not warn, fail or off");
    });
  }

  @Test
  void anotherServiceNameInTheRulesIsADifference(@TempDir Path dir, CapturedOutput output) throws Exception {
    Path rules = bundle(dir, "slo4j.service=shop-service"); // the build named the service differently
    runner.withPropertyValues("slo4j.rules.location=" + rules.toUri()).run(context -> {
      assertThat(output).contains("shop/quote is in this service but not in",
          "shop-service/quote is in " + rules.toUri() + "shop.rules.yml but not in this service");
    });
  }

  @Test
  void thePlatformDefaultsFileOnTheClasspathAppliesUnderTheServicesOwnDefaults(@TempDir Path dir)
      throws Exception {
    Path defaults = Files.createDirectories(dir.resolve("META-INF/slo4j")).resolve("defaults.yaml");
    Files.writeString(defaults, """
        objective: 99.5%
        window: 28d
        labels:
          team: platform
        alerting:
          labels:
            routing: slo
        """);
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, previous)) {
      Thread.currentThread().setContextClassLoader(loader);
      runner.withPropertyValues("slo4j.defaults.window=7d").run(context -> {
        SloMeter quote = context.getBean(SloRegistry.class).find("quote").orElseThrow();
        assertThat(quote.slo().objective().toPercentString()).as("the platform's").isEqualTo("99.5%");
        assertThat(quote.slo().window()).as("the service's over the platform's").isEqualTo(Duration.ofDays(7));
        assertThat(quote.slo().labels()).containsEntry("team", "platform");
        assertThat(quote.slo().alerting().labels()).containsEntry("routing", "slo");
      });
      Files.writeString(defaults, "objectiv: 99.5%\n");
      runner.run(context -> {
        assertThat(context).hasFailed();
        assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("defaults.yaml]: objectiv")
            .hasMessageContaining("is not a setting of slo4j");
      });
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }
}
