package dev.slo4j.project;

import dev.slo4j.declare.SloDeclaration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slo4j.SloValidationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Slo4jConfigTest {

  static Map<String, Slo4jConfig.Value> props(String text) {
    return new LinkedHashMap<>(Slo4jConfig.readProperties(text, "application.properties"));
  }

  @Test
  void relaxedNamesAndBracketedKeysReadAsSpringBindsThem() {
    Slo4jConfig c = Slo4jConfig.of(props("""
        spring.application.name=shop
        slo4j.defaults.objective=99
        slo4j.defaults.labels.team=payments
        slo4j.defaults.labels[app.kubernetes.io/part-of]=store
        slo4j.defaults.alerting.page-labels.severity_routing=pager
        slo4j.slos.orders.observation=http.server.requests
        slo4j.slos.orders.runbook-url=https://runbooks.example/orders
        slo4j.slos.search.runbookUrl=https://runbooks.example/search
        slo4j.slos.browse.runbook_url=https://runbooks.example/browse
        slo4j.slos.browse.page=FALSE
        """));
    assertThat(c.applicationName()).isEqualTo("shop");
    assertThat(c.defaults().objective()).isEqualTo("99");
    assertThat(c.defaults().labels()).containsEntry("team", "payments").containsEntry("app.kubernetes.io/part-of",
        "store");
    assertThat(c.defaults().pageLabels()).containsEntry("severity_routing", "pager");
    assertThat(c.declarations()).extracting(SloDeclaration::runbookUrl).containsExactlyInAnyOrder(
        "https://runbooks.example/orders", "https://runbooks.example/search", "https://runbooks.example/browse");
    assertThat(c.declarations()).filteredOn(d -> d.name().equals("browse")).singleElement()
        .extracting(SloDeclaration::page).isEqualTo(false);
  }

  @Test
  void theAbsentAndExhaustionAlertDefaultsReadInEverySpellingAndAStrayKeyIsAProblem() {
    Slo4jConfig c = Slo4jConfig.of(props("""
        spring.application.name=shop
        slo4j.defaults.alerting.absentFor=10m
        slo4j.defaults.alerting.budget_exhaustion.for=1h
        slo4j.defaults.alerting.budget-exhaustion.horizon=3d
        """));
    assertThat(c.defaults().absentFor()).contains("10m");
    assertThat(c.defaults().budgetExhaustionFor()).contains("1h");
    assertThat(c.defaults().budgetExhaustionHorizon()).contains("3d");
    // A value under a longer key is ignored by Spring's binding: the build must not read it either.
    for (String stray : List.of("slo4j.defaults.alerting.absent-for.pages=10m", "slo4j.defaults.objective.x=99",
        "slo4j.defaults.alerting.budget-exhaustion.for.x=1h", "slo4j.defaults.page.x=true")) {
      assertThatThrownBy(() -> Slo4jConfig.of(props(stray + "\n")))
          .hasMessageContaining(stray.substring(0, stray.indexOf('=')) + " is not a setting of slo4j; did you mean");
    }
    assertThatThrownBy(() -> Slo4jConfig.of(props("slo4j.defaults.alerting.budget-exhaustion.after=1h\n")))
        .hasMessageContaining("slo4j.defaults.alerting.budget-exhaustion.after is not a setting of slo4j; the "
            + "budget-exhaustion defaults are for and horizon");
  }

  @Test
  void yamlDocumentsApplyByProfileAndNestedKeysFlatten() {
    String yaml = """
        spring:
          application:
            name: shop
        slo4j:
          defaults:
            objective: 99.9
        ---
        spring.config.activate.on-profile: prod
        slo4j:
          defaults:
            objective: "99.95"
        """;
    assertThat(Slo4jConfig.of(Slo4jConfig.flattenYaml(yaml, "application.yml", List.of())).defaults().objective())
        .isEqualTo("99.9");
    assertThat(Slo4jConfig.of(Slo4jConfig.flattenYaml(yaml, "application.yml", List.of("prod"))).defaults()
        .objective()).isEqualTo("99.95");
  }

  @Test
  void theServiceFollowsOneRuleAndAMismatchIsAnErrorNamingBothSources() {
    Slo4jConfig app = Slo4jConfig.of(props("spring.application.name=demo\n"));
    assertThat(app.service(null, "<service>")).isEqualTo(new Slo4jConfig.Service("demo",
        "application.properties: spring.application.name"));
    Slo4jConfig both = Slo4jConfig.of(props("spring.application.name=demo\nslo4j.service=demo-service\n"));
    assertThat(both.service(null, "<service>").name()).as("slo4j.service first").isEqualTo("demo-service");
    assertThat(Slo4jConfig.of(props("")).service("explicit", "<service>").name()).isEqualTo("explicit");
    assertThat(Slo4jConfig.of(props("")).service(null, "<service>").name()).isEmpty();
    assertThatThrownBy(() -> app.service("demo-service", "<service> of slo4j-maven-plugin"))
        .hasMessageContaining("the service is 'demo-service' by <service> of slo4j-maven-plugin but 'demo' by "
            + "application.properties: spring.application.name")
        .hasMessageContaining("slo_service=\"demo-service\" while the running service publishes slo_service=\"demo\"");
  }

  @Test
  void booleansReadAsSpringBindsThem() {
    dev.slo4j.declare.SloDefaults platformSaysNo = Slo4jConfig.platformDefaults("page: false\n", "platform.jar");
    for (String yes : List.of("true", "TRUE", "on", "Yes", "1")) {
      assertThat(platformSaysNo.with(Slo4jConfig.of(props("slo4j.defaults.page=" + yes + "\n")).defaults()).page())
          .as(yes).isTrue();
    }
    for (String no : List.of("false", "Off", "no", "0")) {
      assertThat(Slo4jConfig.of(props("slo4j.defaults.ticket=" + no + "\n")).defaults().ticket()).as(no).isFalse();
    }
    assertThat(platformSaysNo.with(Slo4jConfig.of(props("slo4j.defaults.page=\n")).defaults()).page())
        .as("blank leaves it unset, as Spring binds an empty string to null").isFalse();
  }

  @Test
  void badValuesNameThePropertyTheFileAndTheFix() {
    assertThatThrownBy(() -> Slo4jConfig.of(props("slo4j.defaults.objective=lots\nslo4j.defaults.page=maybe\n")))
        .isInstanceOf(SloValidationException.class)
        .hasMessageContaining("slo4j.defaults.objective: objective")
        .hasMessageContaining("application.properties: slo4j.defaults.page=maybe is not true or false");
    assertThatThrownBy(() -> Slo4jConfig.platformDefaults("objective: 99\nservice: shop\n", "platform.jar!/defaults"))
        .hasMessageContaining("platform.jar!/defaults: service is not a setting of slo4j");
    assertThatThrownBy(() -> Slo4jConfig.flattenYaml("a: 1\na: 2\n", "application.yml", List.of()))
        .hasMessageContaining("application.yml: not valid YAML");
    assertThatThrownBy(() -> Slo4jConfig.flattenYaml("- 1\n", "application.yml", List.of()))
        .hasMessageContaining("must be a mapping");
  }
}
