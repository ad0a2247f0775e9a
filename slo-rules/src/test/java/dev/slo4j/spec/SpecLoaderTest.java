package dev.slo4j.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slo4j.AvailabilitySli;
import dev.slo4j.LatencySli;
import dev.slo4j.PromQlEvents;
import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.SloValidationException;
import dev.slo4j.budget.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpecLoaderTest {

  static String resource(String name) throws IOException {
    try (InputStream in = SpecLoaderTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** A one-SLO spec of our own format: {@code sloFields} on line 5, then an objective unless they set one. */
  static String own(String sloFields) {
    String fields = sloFields.startsWith("objective") ? sloFields : sloFields + "\nobjective: 99.9";
    return "version: slo4j/v1\nservice: shop\nslos:\n  - name: checkout\n" + fields.indent(4);
  }

  static String error(String yaml) {
    try {
      SpecLoader.parse(yaml, "shop.yaml");
    } catch (SloValidationException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected a validation error for:\n" + yaml);
  }

  @Test
  void theSampleSpecLoadsWithDefaultsAppliedAndOverridden() throws IOException {
    List<ServiceLevelObjective> slos = SpecLoader.load(Path.of("../specs/orders-service.yaml"));
    assertThat(slos).extracting(ServiceLevelObjective::name)
        .containsExactly("order-availability", "order-latency", "http-availability");
    ServiceLevelObjective availability = slos.get(0);
    assertThat(availability.service()).isEqualTo("orders-service");
    assertThat(availability.objective().ratio()).isEqualByComparingTo("0.999");
    assertThat(availability.window()).isEqualTo(Duration.ofDays(30));
    assertThat(availability.labels()).containsEntry("team", "payments");
    assertThat(availability.alerting().annotations())
        .containsEntry("runbook_url", "https://runbooks.example.com/orders-service");
    AvailabilitySli sli = (AvailabilitySli) availability.sli();
    assertThat(sli.badOn()).containsExactly("java.io.IOException", "java.util.concurrent.TimeoutException");
    assertThat(sli.isBad(new java.io.UncheckedIOException(new java.io.IOException()))).isFalse();
    assertThat(sli.isBad(new java.io.FileNotFoundException())).isTrue();
    assertThat(slos.get(1).objective().ratio()).isEqualByComparingTo("0.99");
    assertThat(((LatencySli) slos.get(1).sli()).threshold()).isEqualTo(Duration.ofMillis(300));
    ServiceLevelObjective http = slos.get(2);
    assertThat(http.window()).isEqualTo(Duration.ofDays(28));
    assertThat(http.alerting().ticket()).isFalse();
    assertThat(http.sli().events()).get().extracting(e -> e.totalRate("5m")).isEqualTo(
        "sum(rate(http_server_requests_seconds_count{application=\"orders-service\"}[5m]))");
  }

  @Test
  void importsSlothSpecsKeepingQueriesLabelsAndAlertRouting() throws IOException {
    List<ServiceLevelObjective> slos = SpecLoader.parse(resource("sloth-getting-started.yml"), "getting-started.yml");
    assertThat(slos).hasSize(1);
    ServiceLevelObjective slo = slos.get(0);
    assertThat(slo.name()).isEqualTo("requests-availability");
    assertThat(slo.service()).isEqualTo("myservice");
    assertThat(slo.objective().ratio()).isEqualByComparingTo(new BigDecimal("0.999"));
    assertThat(slo.objective().allowedErrorRatio().toPlainString()).isEqualTo("0.001");
    assertThat(slo.window()).isEqualTo(Duration.ofDays(30));
    assertThat(slo.labels()).containsEntry("owner", "myteam").containsEntry("tier", "2");
    PromQlEvents events = slo.sli().events().orElseThrow();
    assertThat(events.badQuery()).contains(
        "sum(rate(http_request_duration_seconds_count{job=\"myservice\",code=~\"(5..|429)\"}[{{.window}}]))");
    assertThat(slo.alerting().labels()).containsEntry("category", "availability");
    assertThat(slo.alerting().pageLabels()).containsEntry("severity", "pageteam").containsEntry("routing_key", "myteam");
    assertThat(slo.alerting().ticketLabels()).containsEntry("slack_channel", "#alerts-myteam");
    assertThat(slo.alerting().annotations()).containsEntry("sloth_alert_name", "MyServiceHighErrorRate")
        .containsEntry("summary", "High error rate on 'myservice' requests responses");
    assertThat(SpecLoader.parse(resource("sloth-home-wifi.yml"), "home-wifi.yml"))
        .extracting(s -> s.objective().toPercentString()).containsExactly("95%", "99.9%");
  }

  @Test
  void importsOpenSloWithGoodOverTotal() throws IOException {
    ServiceLevelObjective slo = SpecLoader.parse(resource("openslo-getting-started.yml"), "openslo.yml").get(0);
    assertThat(slo.name()).isEqualTo("sloth-slo-my-service");
    assertThat(slo.service()).isEqualTo("my-service");
    assertThat(slo.objective().toPercentString()).isEqualTo("99.9%");
    assertThat(slo.window()).isEqualTo(Duration.ofDays(30));
    PromQlEvents events = slo.sli().events().orElseThrow();
    assertThat(events.goodQuery()).isPresent();
    assertThat(events.badRate("5m")).startsWith("(sum(rate(http_request_duration_seconds_count{job=\"myservice\"}[5m])))"
        + " - ((sum(rate(http_request_duration_seconds_count{job=\"myservice\",code!~\"(5..|429)\"}[5m])))"
        + " or 0 * (sum(rate(http_request_duration_seconds_count{job=\"myservice\"}[5m]))))");
  }

  @Test
  void importsOpenSloV1WithInlineIndicator() {
    ServiceLevelObjective slo = SpecLoader.parse("""
        apiVersion: openslo/v1
        kind: SLO
        metadata:
          name: search-errors
        spec:
          service: search
          budgetingMethod: Occurrences
          indicator:
            spec:
              ratioMetric:
                counter: true
                bad:
                  metricSource:
                    type: Prometheus
                    spec:
                      query: sum(rate(search_errors_total[{{.window}}]))
                total:
                  metricSource:
                    type: Prometheus
                    spec:
                      query: sum(rate(search_requests_total[{{.window}}]))
          timeWindow:
            - duration: 28d
              isRolling: true
          objectives:
            - target: 0.995
        """, "search.yaml").get(0);
    assertThat(slo.objective().toPercentString()).isEqualTo("99.5%");
    assertThat(slo.window()).isEqualTo(Duration.ofDays(28));
    assertThat(slo.sli().events().orElseThrow().badRate("1h")).isEqualTo("sum(rate(search_errors_total[1h]))");
  }

  @Test
  void defaultsCarryAPlatformPolicy() {
    ServiceLevelObjective slo = SpecLoader.parse("""
        version: slo4j/v1
        service: shop
        defaults:
          objective: "99.5"
          policy:
            tiers:
              - {severity: page, budgetConsumed: 2%, longWindow: 1h}
              - {severity: ticket, budgetConsumed: 10%, longWindow: 3d, shortWindow: 6h}
        slos:
          - name: checkout
        """, "shop.yaml").get(0);
    assertThat(slo.objective().toPercentString()).isEqualTo("99.5%");
    assertThat(slo.alertPolicy().tiers()).extracting(t -> t.severity()).containsExactly(Severity.PAGE, Severity.TICKET);
    assertThat(slo.alertPolicy().tiersFor(slo.window()).get(0).shortWindow()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void thePolicyOptionAloneKeepsTheWorkbookTiers() {
    // Regression: requireOngoingBurn without tiers used to be dropped in favour of the plain workbook policy.
    ServiceLevelObjective slo = SpecLoader.parse("""
        version: slo4j/v1
        service: shop
        defaults:
          objective: "99.9"
          policy:
            requireOngoingBurn: false
        slos:
          - name: checkout
        """, "shop.yaml").get(0);
    assertThat(slo.alertPolicy().requireOngoingBurn()).isFalse();
    assertThat(slo.alertPolicy().tiers()).isEqualTo(dev.slo4j.budget.AlertPolicy.workbook().tiers());
  }

  @Test
  void theAbsentSliAndBudgetExhaustionAlertsAreOnForEverySloOfTheDefaultsAndAnSloMayChangeTheirTimes() {
    List<ServiceLevelObjective> slos = SpecLoader.parse("""
        version: slo4j/v1
        service: shop
        defaults:
          objective: "99.9"
          alerting:
            absent: {serviceUp: 'up{job="shop-prod"}'}
            budgetExhaustion: {}
        slos:
          - name: checkout
          - name: search
            alerting:
              absent: {for: 30m}
              budgetExhaustion: {for: 15m, horizon: 2d}
        """, "shop.yaml");
    assertThat(slos.get(0).alerting().exhaustedFor()).contains(Duration.ofMinutes(5));
    assertThat(slos.get(0).alerting().exhaustionHorizon()).isEmpty();
    assertThat(slos.get(1).alerting().exhaustedFor()).contains(Duration.ofMinutes(15));
    assertThat(slos.get(1).alerting().exhaustionHorizon()).contains(Duration.ofDays(2));
    assertThat(slos.get(0).alerting().absentFor()).contains(Duration.ofMinutes(10));
    assertThat(slos.get(0).alerting().serviceUp()).contains("up{job=\"shop-prod\"}");
    assertThat(slos.get(1).alerting().absentFor()).contains(Duration.ofMinutes(30));
    assertThat(slos.get(1).alerting().serviceUp()).contains("up{job=\"shop-prod\"}");
    assertThat(SpecLoader.parse("""
        version: slo4j/v1
        service: shop
        slos:
          - name: checkout
            objective: "99.9"
        """, "shop.yaml").get(0).alerting()).satisfies(a -> {
          assertThat(a.absentFor()).isEmpty();
          assertThat(a.exhaustedFor()).as("off unless asked").isEmpty();
        });
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      objective 100    | objective: 100        | shop.yaml:5: slo 'checkout': objective 100% leaves no error budget; use a value below 100%, e.g. 99.9%
      objective 100%   | objective: 100%       | shop.yaml:5: slo 'checkout': objective 100% leaves no error budget; use a value below 100%, e.g. 99.9%
      objective 101    | objective: 101        | shop.yaml:5: slo 'checkout': objective 101% is above 100%; use a value below 100%, e.g. 99.9%
      objective 0      | objective: 0          | shop.yaml:5: slo 'checkout': objective 0% promises nothing; use a value between 0% and 100%, e.g. 99.9%
      objective abc    | objective: abc        | shop.yaml:5: slo 'checkout': objective 'abc' is not a number; write a percentage such as 99.9 or 99.9%
      objective ratio  | objective: 0.999      | shop.yaml:5: slo 'checkout': objective 0.999 reads as 0.999%, which is almost certainly meant as a ratio; a plain number is a percentage: write 99.9 or 99.9%
      window zero      | window: 0d            | shop.yaml:5: slo 'checkout': window PT0S is not a time span; use a positive rolling window, e.g. 30d
      window unit      | window: 1x            | shop.yaml:5: slo 'checkout': window '1x' is not a duration; write a number and a unit (ms, s, m, h, d, w), e.g. 30d, 5m, 300ms or 1h30m
      window negative  | window: -1d           | shop.yaml:5: slo 'checkout': window '-1d' is not a duration; write a number and a unit (ms, s, m, h, d, w), e.g. 30d, 5m, 300ms or 1h30m
      window too short | window: 2h            | shop.yaml:5: slo 'checkout': window 2h is outside the supported range 1d to 366d; use e.g. 7d, 28d or 30d
      unknown field    | objectve: 99.9        | shop.yaml:5: slo 'checkout': unknown field 'objectve'; accepted here: name, service, description, objective, window, labels, sli, alerting
      latency zero     | sli: {latency: {threshold: 0ms}} | shop.yaml:5: slo 'checkout': sli.latency.threshold 0ms makes every call bad; use a positive duration, e.g. 300ms
      latency missing  | sli: {latency: {}}    | shop.yaml:5: slo 'checkout': sli.latency.threshold is missing; give the slowest good call, e.g. 300ms
      bad label name   | labels: {1team: x}    | shop.yaml:5: slo 'checkout': labels name '1team' is not a Prometheus label name; use letters, digits and '_', not starting with a digit or '__'
      reserved label   | labels: {slo: x}      | shop.yaml:5: slo 'checkout': labels name 'slo' is set by slo4j itself; remove it (reserved: slo, service, severity)
      no placeholder   | sli: {events: {badQuery: 'sum(rate(e[5m]))', totalQuery: 'sum(rate(t[{{.window}}]))'}} | shop.yaml:5: slo 'checkout': sli.events.badQuery 'sum(rate(e[5m]))' has no {{.window}} placeholder; write the range as [{{.window}}] so each alert window can be filled in
      both queries     | sli: {events: {badQuery: a, goodQuery: b, totalQuery: c}} | shop.yaml:5: slo 'checkout': sli.events needs exactly one of badQuery and goodQuery
      bad class name   | sli: {availability: {badOn: [not a class]}} | shop.yaml:5: slo 'checkout': sli.availability.badOn 'not a class' is not a class name; give a fully qualified exception type, e.g. java.io.IOException
      wrong type       | labels: [a, b]        | shop.yaml:5: slo 'checkout': labels must be a mapping of fields, not a list
      page not boolean | alerting: {page: maybe} | shop.yaml:5: slo 'checkout': alerting.page 'maybe' must be true or false
      absent too soon  | alerting: {absent: {for: 30s}} | shop.yaml:5: slo 'checkout': alerting.absent.for is 30s; give at least 1m, several scrape intervals, so a restart does not raise the alert
      absent bad for   | alerting: {absent: {for: soon}} | shop.yaml:5: slo 'checkout': alerting.absent.for 'soon' is not a duration; write a number and a unit (ms, s, m, h, d, w), e.g. 30d, 5m, 300ms or 1h30m
      absent empty up  | alerting: {absent: {serviceUp: ' '}} | shop.yaml:5: slo 'checkout': alerting.absent.serviceUp is empty; give a PromQL expression that is positive while the service is up, e.g. up{job="checkout"}, or remove it
      absent unknown   | alerting: {absent: {after: 5m}} | shop.yaml:5: slo 'checkout': unknown field 'alerting.absent.after'; accepted here: for, serviceUp
      exhausted soon   | alerting: {budgetExhaustion: {for: 30s}} | shop.yaml:5: slo 'checkout': alerting.budgetExhaustion.for 30s is outside 1m to 1d; give how long the budget must stay spent before the ticket, e.g. 5m
      exhausted late   | alerting: {budgetExhaustion: {for: 2d}} | shop.yaml:5: slo 'checkout': alerting.budgetExhaustion.for 2d is outside 1m to 1d; give how long the budget must stay spent before the ticket, e.g. 5m
      horizon short    | alerting: {budgetExhaustion: {horizon: 30m}} | shop.yaml:5: slo 'checkout': alerting.budgetExhaustion.horizon 30m is shorter than 1h; give how far ahead to warn, e.g. 3d
      horizon long     | alerting: {budgetExhaustion: {horizon: 31d}} | shop.yaml:5: slo 'checkout': alerting.budgetExhaustion.horizon 31d is longer than the window 30d: in a rolling window a burn can only be projected one window ahead; give at most 30d
      horizon bad      | alerting: {budgetExhaustion: {horizon: soon}} | shop.yaml:5: slo 'checkout': alerting.budgetExhaustion.horizon 'soon' is not a duration; write a number and a unit (ms, s, m, h, d, w), e.g. 30d, 5m, 300ms or 1h30m
      exhaustion field | alerting: {budgetExhaustion: {within: 3d}} | shop.yaml:5: slo 'checkout': unknown field 'alerting.budgetExhaustion.within'; accepted here: for, horizon
      alerting field   | alerting: {exhausted: {}} | shop.yaml:5: slo 'checkout': unknown field 'alerting.exhausted'; accepted here: page, ticket, labels, pageLabels, ticketLabels, annotations, absent, budgetExhaustion
      """)
  void badSpecsNameTheSloTheFieldTheValueAndTheFix(String caseName, String field, String expected) {
    assertThat(error(own(field))).isEqualTo(expected);
  }

  @Test
  void fileLevelProblemsAreLocatedToo() {
    assertThat(error("version: slo4j/v1\nservice: shop\nslos:\n  - name: a\n    objective: 99\n  - name: a\n"
        + "    objective: 99\n")).isEqualTo(
        "shop.yaml: slo 'a': name 'a' is used twice in service 'shop'; SLO names must be unique within a service");
    assertThat(error("version: slo4j/v1\nservice: shop\ncolour: blue\nslos: []\n")).isEqualTo(
        "shop.yaml:3: unknown field 'colour'; accepted here: version, service, labels, defaults, slos, budgetPolicy");
    assertThat(error("version: slo4j/v1\nslos:\n  - objective: 99\n")).isEqualTo(
        "shop.yaml:3: an SLO at shop.yaml:3 has no name; give each SLO a name, e.g. checkout-latency");
    assertThat(error("version: slo4j/v1\nslos:\n  - name: a\n    objective: 99\n")).isEqualTo(
        "shop.yaml:3: slo 'a': service is missing; name the service that owns this SLO, e.g. checkout-service");
    assertThat(error("version: slo4j/v1\nslos: [\n")).startsWith("shop.yaml:3: not valid YAML:");
    assertThat(error("kind: Thing\n")).isEqualTo("shop.yaml:1: unknown spec format (no version); use 'version: "
        + "slo4j/v1' (slo4j), 'version: prometheus/v1' (Sloth), 'apiVersion: sloth.slok.dev/v1' with 'kind: "
        + "PrometheusServiceLevel' (Sloth on Kubernetes) or 'apiVersion: openslo/v1' (OpenSLO)");
  }

  @Test
  void everyProblemOfAFileIsReportedAtOnce() {
    SloValidationException e = (SloValidationException) org.assertj.core.api.Assertions.catchThrowable(
        () -> SpecLoader.parse(own("objective: 100\nwindow: 0d\nsli: {latency: {threshold: 0ms}}\ncolour: x"),
            "shop.yaml"));
    assertThat(e.problems()).extracting(p -> p.field())
        .containsExactly("colour", "objective", "window", "sli.latency.threshold");
    assertThat(e.problems()).extracting(p -> p.location().orElseThrow())
        .containsExactly("shop.yaml:8", "shop.yaml:5", "shop.yaml:6", "shop.yaml:7");
    assertThat(e.getMessage()).startsWith("4 problems in SLO declarations:\n  - shop.yaml:8: slo 'checkout': "
        + "unknown field 'colour'");
  }

  @Test
  void unsupportedImportsAreErrorsNotSilentLoss() {
    assertThat(error("""
        version: prometheus/v1
        service: s
        slos:
          - name: a
            objective: 99
            sli:
              raw:
                error_ratio_query: x
        """)).isEqualTo("shop.yaml:7: slo 'a': sli.raw (a ready-made error ratio query) is not supported: slo4j needs "
        + "event counts to weight long windows by traffic; rewrite it as sli.events error_query/total_query");
    assertThat(error("""
        apiVersion: openslo/v1
        kind: SLO
        metadata: {name: a}
        spec:
          service: s
          budgetingMethod: Timeslices
          indicatorRef: my-sli
          timeWindow: [{duration: 1w, isRolling: false, calendar: {startTime: "2024-01-01 00:00:00"}}]
          objectives: [{target: 0.99}]
        """)).contains(
        "shop.yaml:6: slo 'a': budgetingMethod Timeslices is not supported; slo4j budgets by Occurrences",
        "shop.yaml:8: slo 'a': calendar windows are not supported; slo4j measures rolling windows",
        "shop.yaml:7: slo 'a': only an inline indicator with spec.ratioMetric is supported");
    assertThatThrownBy(() -> SpecLoader.parse("apiVersion: openslo/v1\nkind: SLI\nmetadata: {name: a}\n", "x.yaml"))
        .hasMessageContaining("kind 'SLI' is not supported");
  }

  @Test
  void readsSlothsKubernetesResource() {
    ServiceLevelObjective slo = SpecLoader.parse("""
        apiVersion: sloth.slok.dev/v1
        kind: PrometheusServiceLevel
        metadata: {name: sloth-slo-my-service, namespace: monitoring}
        spec:
          service: myservice
          labels: {owner: myteam}
          slos:
            - name: requests-availability
              objective: 99.9
              sli:
                events:
                  errorQuery: sum(rate(http_errors_total[{{.window}}]))
                  totalQuery: sum(rate(http_requests_total[{{.window}}]))
              alerting:
                pageAlert: {labels: {severity: pageteam}}
                ticketAlert: {disable: true}
        """, "crd.yaml").get(0);
    assertThat(slo.service()).isEqualTo("myservice");
    assertThat(slo.labels()).containsEntry("owner", "myteam");
    assertThat(slo.objective().toPercentString()).isEqualTo("99.9%");
    assertThat(slo.sli().events().orElseThrow().badRate("1h")).isEqualTo("sum(rate(http_errors_total[1h]))");
    assertThat(slo.alerting().pageLabels()).containsEntry("severity", "pageteam");
    assertThat(slo.alerting().ticket()).isFalse();
    assertThat(error("apiVersion: sloth.slok.dev/v1\nkind: PrometheusServiceLevel\nmetadata: {name: x}\n"))
        .isEqualTo("shop.yaml:1: spec is missing; a PrometheusServiceLevel holds its service and SLOs under spec");
  }

  @Test
  void hostileTextIsRejectedBeforeParsingAndDuplicateKeysAnywhere() {
    assertThat(error("version: slo4j/v1\n#" + "x".repeat(200_000) + "\n")).isEqualTo("shop.yaml:2: line 2 is longer "
        + "than 65,536 characters; a spec's lines are short: break long queries over lines with a YAML block scalar (|)");
    assertThat(error(("---\n" + own("objective: 99.9")).repeat(40_000))).isEqualTo("shop.yaml: too large: more than "
        + "3,145,728 bytes; a spec may hold at most 3 MiB (3,145,728 bytes), all its documents together: split it into "
        + "a file per service");
    assertThat(error(own("objective: 99.9\nlabels: {team: a, team: b}"))).isEqualTo("shop.yaml:6: key 'team' appears "
        + "twice in one mapping (lines 6 and 6); YAML would keep only the last, remove one");
    assertThat(error("version: slo4j/v1\nslos: [\n")).isEqualTo("shop.yaml:3: not valid YAML: expected the node "
        + "content, but found '<stream end>' at line 3, column 1, while parsing a flow node; is a bracket ([ or {) "
        + "left open?");
    assertThat(error("version: slo4j/v1\nslos: [a, b\nservice: x\n")).isEqualTo("shop.yaml:3: not valid YAML: "
        + "expected ',' or ']', but got : at line 3, column 8, while parsing a flow sequence starting at line 2, "
        + "column 7");
  }
}
