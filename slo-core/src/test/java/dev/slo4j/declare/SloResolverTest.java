package dev.slo4j.declare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slo4j.LatencySli;
import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.SloValidationException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SloResolverTest {

  static class Shop {
    @dev.slo4j.annotation.Slo(name = "checkout")
    void checkout() {}

    @dev.slo4j.annotation.Slo(name = "quote", objective = "99.95", latency = "300ms", labels = "tier=1", page = false,
        runbookUrl = "https://runbooks.example/quote")
    void quote() {}
  }

  static dev.slo4j.annotation.Slo annotation(String method) throws NoSuchMethodException {
    return Shop.class.getDeclaredMethod(method).getAnnotation(dev.slo4j.annotation.Slo.class);
  }

  @Test
  void theDeclarationWinsThenTheServicesDefaultsThenThePlatformsThenSlo4js() throws Exception {
    SloDefaults platform = SloDefaults.builder().objective("99.5").window("28d").label("team", "platform")
        .alertLabels(Map.of("routing", "slo")).page(true).build();
    SloDefaults service = SloDefaults.builder().objective("99").label("team", "payments").build();
    SloResolver resolver = SloResolver.of("shop", platform.with(service));

    ServiceLevelObjective checkout = resolver.resolve(SloDeclaration.of(annotation("checkout"), "Shop#checkout"));
    assertThat(checkout.objective().toPercentString()).as("the service's over the platform's").isEqualTo("99%");
    assertThat(checkout.window()).as("the platform's").isEqualTo(Duration.ofDays(28));
    assertThat(checkout.labels()).containsEntry("team", "payments");
    assertThat(checkout.alerting().labels()).containsEntry("routing", "slo");
    assertThat(checkout.service()).isEqualTo("shop");

    ServiceLevelObjective quote = resolver.resolve(SloDeclaration.of(annotation("quote"), "Shop#quote"));
    assertThat(quote.objective().toPercentString()).isEqualTo("99.95%");
    assertThat(quote.sli()).isEqualTo(LatencySli.of(Duration.ofMillis(300)));
    assertThat(quote.labels()).containsEntry("tier", "1").containsEntry("team", "payments");
    assertThat(quote.alerting().page()).as("page = false is a statement").isFalse();
    assertThat(quote.alerting().annotations()).containsEntry("runbook_url", "https://runbooks.example/quote");

    ServiceLevelObjective plain = SloResolver.of("shop", SloDefaults.none()).resolve(SloDeclaration.of(annotation("checkout"), "x"));
    assertThat(plain.objective().toPercentString()).isEqualTo("99.9%");
    assertThat(plain.window()).isEqualTo(ServiceLevelObjective.DEFAULT_WINDOW);
  }

  @Test
  void pageTrueOnTheAnnotationFollowsThePlatformsDefault() throws Exception {
    ServiceLevelObjective checkout = SloResolver.of("shop", SloDefaults.builder().page(false).build())
        .resolve(SloDeclaration.of(annotation("checkout"), "Shop#checkout"));
    assertThat(checkout.alerting().page()).isFalse();
    assertThat(checkout.alerting().ticket()).isTrue();
  }

  @Test
  void everyProblemIsLocatedWhereItWasWrittenAndAMissingServiceNamesTheFix() {
    SloDeclaration bad = SloDeclaration.builder("Checkout", "@Slo on Shop#checkout").objective("100")
        .labels(List.of("team")).latency("fast").build();
    assertThatThrownBy(() -> SloResolver.of("", SloDefaults.none()).resolve(bad))
        .isInstanceOf(SloValidationException.class)
        .hasMessageContaining("@Slo on Shop#checkout: slo 'Checkout': no service owns this SLO; set "
            + "spring.application.name or slo4j.service")
        .hasMessageContaining("@Slo on Shop#checkout: slo 'Checkout': label 'team' is not name=value")
        .hasMessageContaining("@Slo on Shop#checkout: slo 'Checkout': latency 'fast' is not a duration")
        .hasMessageContaining("@Slo on Shop#checkout: slo 'Checkout': objective 100% leaves no error budget");
  }

  @Test
  void aNameDeclaredTwiceInAServiceNamesBothPlaces() {
    SloResolver resolver = SloResolver.of("shop", SloDefaults.none());
    assertThatThrownBy(() -> resolver.resolveAll(List.of(SloDeclaration.builder("checkout", "A#a").build(),
        SloDeclaration.builder("checkout", "B#b").build())))
        .hasMessageContaining("B#b: slo 'checkout': name 'checkout' is also declared at A#a for service 'shop'");
  }

  @Test
  void theAbsentAndExhaustionAlertsComeFromTheDefaultsAndTheServiceCanTurnThePlatformsOff() throws Exception {
    SloDefaults platform = SloDefaults.builder().absentFor("10m").budgetExhaustionFor("1h")
        .budgetExhaustionHorizon("3d").build();
    ServiceLevelObjective on = SloResolver.of("shop", platform)
        .resolve(SloDeclaration.of(annotation("checkout"), "Shop#checkout"));
    assertThat(on.alerting().absentFor()).contains(Duration.ofMinutes(10));
    assertThat(on.alerting().exhaustedFor()).contains(Duration.ofHours(1));
    assertThat(on.alerting().exhaustionHorizon()).contains(Duration.ofDays(3));
    // The service's "off" wins over the platform's setting, key by key; unset leaves the platform's.
    SloDefaults service = SloDefaults.builder().absentFor("off").build();
    ServiceLevelObjective partly = SloResolver.of("shop", platform.with(service))
        .resolve(SloDeclaration.of(annotation("checkout"), "Shop#checkout"));
    assertThat(partly.alerting().absentFor()).isEmpty();
    assertThat(partly.alerting().exhaustedFor()).contains(Duration.ofHours(1));
    ServiceLevelObjective off = SloResolver.of("shop", platform.with(SloDefaults.builder().absentFor("OFF")
        .budgetExhaustionFor("off").build())).resolve(SloDeclaration.of(annotation("checkout"), "Shop#checkout"));
    assertThat(off.alerting().absentFor()).isEmpty();
    assertThat(off.alerting().exhaustedFor()).isEmpty();
    assertThat(SloResolver.of("shop", SloDefaults.none())
        .resolve(SloDeclaration.of(annotation("checkout"), "x")).alerting().absentFor()).as("slo4j's own: off")
        .isEmpty();
  }

  @Test
  void badAbsentAndExhaustionDefaultsAreProblemsNamingTheSetting() throws Exception {
    SloResolver resolver = SloResolver.of("shop", SloDefaults.builder().absentFor("soon").budgetExhaustionFor("1h")
        .budgetExhaustionHorizon("1s").build());
    assertThat(resolver.problems(SloDeclaration.of(annotation("checkout"), "Shop#checkout")))
        .extracting(p -> p.field() + ": " + p.message()).anySatisfy(m -> assertThat(m)
            .startsWith("alerting.absent-for: defaults alerting.absent-for"))
        .anySatisfy(m -> assertThat(m).contains("horizon"));
    assertThat(SloResolver.of("shop", SloDefaults.builder().absentFor("10s").build())
        .problems(SloDeclaration.of(annotation("checkout"), "Shop#checkout")))
        .as("the alert's own bound: at least a minute").isNotEmpty();
  }
}
