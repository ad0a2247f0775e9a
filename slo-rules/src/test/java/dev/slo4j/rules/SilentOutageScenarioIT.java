package dev.slo4j.rules;

import static dev.slo4j.rules.AlertScenario.hours;
import static dev.slo4j.rules.AlertScenario.min;

import dev.slo4j.Alerting;
import dev.slo4j.AvailabilitySli;
import dev.slo4j.LatencySli;
import dev.slo4j.PromQlEvents;
import dev.slo4j.ServiceLevelObjective;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outages that used to read as a full budget, and scraped labels that used to split or break an SLO (issue 14),
 * proven with the real {@code promtool test rules}. Three instances at 1, 2 and 3 thousand events a minute unless said
 * otherwise, scraped and evaluated every minute; times from the start of the series. The numbers are in
 * docs/rules.md, "Outages with no good series" and "Which labels an SLO keeps".
 */
class SilentOutageScenarioIT {

  static final String PAGE = "page";

  @TempDir Path dir;

  void run(String name, List<ServiceLevelObjective> slos, List<List<AlertScenario>> groups) throws Exception {
    AlertScenario.prove(dir, name, slos, min(1), groups);
  }

  static String ratio(String window, AlertScenario s) {
    return "slo4j:error_ratio:rate" + window + s.sel();
  }

  static ServiceLevelObjective queryGoodOverTotal(String name) {
    return ServiceLevelObjective.builder(name).service("checkout").objective("99.9%")
        .sli(AvailabilitySli.fromQueries(PromQlEvents.goodOverTotal(
            "sum(rate(http_request_duration_seconds_count{job=\"myservice\",code=\"200\"}[{{.window}}]))",
            "sum(rate(http_request_duration_seconds_count{job=\"myservice\"}[{{.window}}]))")))
        .build();
  }

  /**
   * A good/total query SLI whose good series does not exist (every instance has only ever failed): every event is bad,
   * the page fires at the first evaluation with two samples. The previous rules read 0 and never paged.
   */
  @Test
  void aQuerySliWithNoGoodSeriesPagesAsAFullOutage() throws Exception {
    Duration end = hours(1);
    AlertScenario failing = AlertScenario.queries("every call fails from the start: no code=\"200\" series", "http")
        .length(end).errors(min(0), end, 1.0).withoutGoodSeries()
        .firesFirstAt(min(1), PAGE).firing(end, PAGE);
    failing.near(min(30), ratio("5m", failing), 1.0, 1e-9).near(min(30), ratio("1h", failing), 1.0, 1e-9);
    run("query-no-good.yml", List.of(queryGoodOverTotal("http")), List.of(List.of(failing)));
  }

  static ServiceLevelObjective latency(String name, Duration threshold) {
    return ServiceLevelObjective.builder(name).service("checkout").objective("99%").sli(LatencySli.of(threshold))
        .alerting(Alerting.builder().absentFor(min(10)).build()).build();
  }

  /**
   * A 5s threshold stored by Prometheus 3 as {@code le="5.0"} on every instance, and spelled {@code 5}/{@code 5.0}/
   * {@code 5} by a mixed fleet: healthy traffic reads 0, an outage after 6h of history pages at S+9m (the 1h window of a 99%
   * SLO needs 8.64 minutes of it), as with the Prometheus 2 spelling.
   */
  @Test
  void latencyThresholdBucketIsMatchedInPrometheus3Spelling() throws Exception {
    Duration end = hours(7);
    AlertScenario prom3 = AlertScenario.latency("5s threshold, le=\"5.0\" everywhere, outage from 6h", "slow-prom3")
        .length(end).leLabels("5.0", "5.0", "5.0").errors(hours(6), end, 1.0)
        .firesFirstAt(min(360 + 9), PAGE);
    prom3.near(min(359), ratio("5m", prom3), 0, 1e-9).near(min(390), ratio("5m", prom3), 1.0, 1e-9);
    AlertScenario mixed = AlertScenario.latency("5s threshold, le spelled 5 / 5.0 / 5, outage from 6h", "slow-mixed")
        .length(end).leLabels("5", "5.0", "5").errors(hours(6), end, 1.0)
        .firesFirstAt(min(360 + 9), PAGE);
    mixed.near(min(359), ratio("5m", mixed), 0, 1e-9).near(min(390), ratio("5m", mixed), 1.0, 1e-9);
    run("le-spelling.yml", List.of(latency("slow-prom3", Duration.ofSeconds(5)),
        latency("slow-mixed", Duration.ofSeconds(5))), List.of(List.of(prom3, mixed)));
  }

  /**
   * Calls counted but no threshold bucket published (a meter filter replaced the histogram's buckets): no call can be
   * good, so the SLO reads as a full outage and pages; the absent-SLI ticket, which reads the bucket too, names the
   * cause 10 minutes later.
   */
  @Test
  void aMissingThresholdBucketPagesAndRaisesTheAbsentAlert() throws Exception {
    Duration end = hours(1);
    AlertScenario noBucket = AlertScenario.latency("healthy calls, but no le=\"0.3\" bucket", "no-bucket")
        .length(end).withoutGoodSeries()
        .firesFirstAt(min(1), PAGE).firing(end, PAGE);
    noBucket.near(min(30), ratio("5m", noBucket), 1.0, 1e-9);
    String absent = "count(ALERTS{alertname=\"SloSliAbsent\",alertstate=\"firing\",slo=\"no-bucket\"})";
    noBucket.check(min(9), absent, "[]").check(min(10), absent, "[{labels: '{}', value: 1}]");
    ServiceLevelObjective slo = latency("no-bucket", Duration.ofMillis(300)).toBuilder()
        .alerting(Alerting.builder().absentFor(min(10)).serviceUp("vector(1)").build()).build();
    run("no-bucket.yml", List.of(slo), List.of(List.of(noBucket)));
  }

  /**
   * The same pods behind two Kubernetes Services: every series scraped twice, with different {@code service} and
   * {@code job} labels, and again with different {@code service} labels only (what made the previous rules fail with
   * "same labelset after applying rule labels"). One SLO series each, the right ratio, and the outage pages at S+1m.
   */
  @Test
  void podsBehindTwoServicesAreOneSlo() throws Exception {
    Duration end = hours(2);
    AlertScenario twoJobs = AlertScenario.availability("scraped by two Services and two jobs, outage from 60m",
            "two-jobs")
        .length(end).scrapedAs("service=\"orders\",job=\"orders\"", "service=\"orders-v2\",job=\"orders-v2\"")
        .errors(min(60), end, 1.0).firesFirstAt(min(61), PAGE);
    AlertScenario twoServices = AlertScenario.availability("scraped by two Services, one job, outage from 60m",
            "two-services")
        .length(end).scrapedAs("service=\"orders\",job=\"k8s\"", "service=\"orders-v2\",job=\"k8s\"")
        .errors(min(60), end, 1.0).firesFirstAt(min(61), PAGE);
    for (AlertScenario s : List.of(twoJobs, twoServices)) {
      s.recorded(min(59), "slo4j:error_ratio:rate5m", 0).recorded(min(59), "slo4j:error_ratio:rate1h", 0)
          .value(min(90), "count(" + ratio("5m", s) + ")", 1)
          .near(min(90), ratio("1h", s), 0.5, 1e-9).near(min(90), ratio("5m", s), 1.0, 1e-9);
    }
    run("two-k8s-services.yml", List.of(availability("two-jobs"), availability("two-services")),
        List.of(List.of(twoJobs, twoServices)));
  }

  static ServiceLevelObjective availability(String name) {
    return ServiceLevelObjective.builder(name).service("checkout").objective("99.9%").build();
  }

  /**
   * A canary ({@code canary="true"}, 1% of the traffic) failing every call: one SLO at a 1% error ratio (10x), not a
   * canary SLO at 100% (1000x) paging at S+1m. The 10x burn pages when the 6x tier says so: 6h x 0.6% / 1% = 3.6h of
   * it after 6h of clean history, at S+3h39m (3h36m plus the tile edge).
   */
  @Test
  void aFailingCanaryIsPartOfTheSloNotASloOfItsOwn() throws Exception {
    Duration end = hours(10);
    AlertScenario canary = AlertScenario.availability("canary with 1% of traffic fails every call from 6h", "canary")
        .length(end).eventsPerMinute(100).instanceWeights(50, 49, 1)
        .instanceLabels("canary=\"false\"", "canary=\"false\"", "canary=\"true\"")
        .errorsOnlyOn(2).errors(hours(6), end, 1.0)
        .firstFiringWithin(end, end, PAGE, min(360 + 219));
    canary.value(min(390), "count(" + ratio("5m", canary) + ")", 1)
        .near(min(390), ratio("5m", canary), 0.01, 1e-9).near(min(480), ratio("1h", canary), 0.01, 1e-9);
    run("canary.yml", List.of(availability("canary")), List.of(List.of(canary)));
  }

  /**
   * A query SLI whose queries keep a scraped {@code service} label: the rules' own {@code service} does not overwrite
   * it, it is kept as {@code exported_service}; the outage pages at S+1m.
   */
  @Test
  void aScrapedServiceLabelIsKeptAsExportedService() throws Exception {
    Duration end = hours(2);
    AlertScenario kept = AlertScenario.queries("query SLI by (service), scraped service=\"orders-k8s\"", "by-service")
        .length(end).instanceLabels("service=\"orders-k8s\"", "service=\"orders-k8s\"", "service=\"orders-k8s\"")
        .errors(min(60), end, 1.0).firesFirstAt(min(61), PAGE);
    kept.check(min(30), "slo4j:error_ratio:rate5m{slo=\"by-service\"}",
        "[{labels: 'slo4j:error_ratio:rate5m{exported_service=\"orders-k8s\",service=\"checkout\",slo=\"by-service\"}', "
            + "value: 0}]");
    ServiceLevelObjective slo = ServiceLevelObjective.builder("by-service").service("checkout").objective("99.9%")
        .sli(AvailabilitySli.fromQueries(PromQlEvents.badOverTotal(
            "sum by (service) (rate(http_request_duration_seconds_count{job=\"myservice\",code=\"500\"}[{{.window}}]))",
            "sum by (service) (rate(http_request_duration_seconds_count{job=\"myservice\"}[{{.window}}]))")))
        .build();
    run("scraped-service.yml", List.of(slo), List.of(List.of(kept)));
  }
}
