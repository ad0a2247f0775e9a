package dev.slo4j.rules;

import static dev.slo4j.rules.EscapingTest.HEADER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slo4j.Alerting;
import dev.slo4j.MetricNames;
import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.testing.Alertmanager;
import dev.slo4j.testing.Promtool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated Alertmanager {@code inhibit_rules} in a real Alertmanager (Debian's {@code prometheus-alertmanager}
 * 0.25, which {@code .ci/run} installs): {@code amtool check-config} accepts them, and alerts posted to its API show that
 * an SLO's page silences that SLO's ticket and nothing else (not the same SLO name in another service, not another SLO
 * of the service, not the SLO's other alerts), also when the severity labels are hostile text.
 */
class AlertmanagerInhibitIT {

  private static final String ROUTE = "route:\n  receiver: none\n  group_wait: 1h\nreceivers:\n  - name: none\n";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ServiceLevelObjective slo(String service, String name, String page, String ticket) {
    return ServiceLevelObjective.builder(name).service(service).objective("99.9%")
        .alerting(Alerting.builder().pageLabel("severity", page).ticketLabel("severity", ticket).build()).build();
  }

  private static String config(List<ServiceLevelObjective> slos) {
    return ROUTE + RuleGenerator.ofDefaults().generate(slos).toAlertmanagerInhibitRules(HEADER);
  }

  private static Map<String, String> alert(String alertname, String service, String slo, String severity) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("alertname", alertname);
    labels.put("service", service);
    labels.put("slo", slo);
    labels.put("severity", severity);
    return labels;
  }

  /** Posts alerts firing from now for an hour, or resolved now when {@code resolved}. */
  private static void post(Alertmanager am, boolean resolved, List<Map<String, String>> alerts) throws Exception {
    ArrayNode body = JSON.createArrayNode();
    Instant now = Instant.now();
    for (Map<String, String> labels : alerts) {
      ObjectNode a = body.addObject();
      ObjectNode l = a.putObject("labels");
      labels.forEach(l::put);
      a.put("startsAt", now.minusSeconds(60).toString());
      a.put("endsAt", (resolved ? now.minusSeconds(1) : now.plusSeconds(3600)).toString());
    }
    var r = am.send("POST", "api/v2/alerts", JSON.writeValueAsString(body));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  /** Each alert's labels mapped to its state: {@code active}, or {@code suppressed} (inhibited). */
  private static Map<Map<String, String>, String> states(Alertmanager am) throws Exception {
    JsonNode alerts = JSON.readTree(am.send("GET", "api/v2/alerts", null).body());
    Map<Map<String, String>, String> out = new LinkedHashMap<>();
    for (JsonNode a : alerts) {
      Map<String, String> labels = new LinkedHashMap<>();
      a.get("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
      out.put(labels, a.get("status").get("state").asText());
    }
    return out;
  }

  /** Waits (up to 15 s) until Alertmanager reports {@code expected} for these alerts, then asserts it. */
  private static void assertStates(Alertmanager am, Map<Map<String, String>, String> expected) throws Exception {
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(15).toNanos();
    Map<Map<String, String>, String> seen = states(am);
    while (!seen.entrySet().containsAll(expected.entrySet()) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      seen = states(am);
    }
    assertThat(seen).containsAllEntriesOf(expected);
  }

  @Test
  void aPageSilencesTheTicketOfTheSameSloOfTheSameServiceAndNothingElse(@TempDir Path dir) throws Exception {
    String config = config(List.of(slo("shop", "checkout", "page", "ticket"), slo("shop", "quote", "page", "ticket"),
        slo("cart", "checkout", "page", "ticket")));
    Files.writeString(dir.resolve("alertmanager.yml"), config);
    Promtool.Result check = Alertmanager.amtool(dir, "check-config", "alertmanager.yml");
    assertThat(check.exitCode()).as(check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS").contains(" - 1 inhibit rules");

    Map<String, String> page = alert(MetricNames.BURN_ALERT, "shop", "checkout", "page");
    Map<String, String> ticket = alert(MetricNames.BURN_ALERT, "shop", "checkout", "ticket");
    Map<String, String> otherSlo = alert(MetricNames.BURN_ALERT, "shop", "quote", "ticket");
    Map<String, String> otherService = alert(MetricNames.BURN_ALERT, "cart", "checkout", "ticket");
    Map<String, String> otherAlert = alert("SloSliAbsent", "shop", "checkout", "ticket");
    try (Alertmanager am = Alertmanager.start(config)) {
      post(am, false, List.of(ticket, otherSlo, otherService, otherAlert));
      assertStates(am, Map.of(ticket, "active", otherSlo, "active", otherService, "active", otherAlert, "active"));

      post(am, false, List.of(page));
      assertStates(am, Map.of(page, "active", ticket, "suppressed", otherSlo, "active", otherService, "active",
          otherAlert, "active"));

      post(am, true, List.of(page)); // the page resolves: the ticket shows again
      assertStates(am, Map.of(ticket, "active"));
    }
  }

  @Test
  void hostileSeverityLabelsInhibitExactlyTheirOwnTicket(@TempDir Path dir) throws Exception {
    List<String> severities = List.of("critical\", alertname=~\".+", "pa\"ge", "p\\age", "page\nx", "{ $value }",
        "'quoted'", "a,b", "=~.*", "é\u2028ü", "\uD83D\uDE00", "  spaced  ", "#comment", "severity=\"page\"");
    try (Alertmanager am = Alertmanager.start(ROUTE)) {
      int i = 0;
      for (String severity : severities) {
        String service = "svc" + i++;
        String config = config(List.of(slo(service, "checkout", severity, severity + "-ticket")));
        Files.writeString(dir.resolve("alertmanager.yml"), config);
        Promtool.Result check = Alertmanager.amtool(dir, "check-config", "alertmanager.yml");
        assertThat(check.exitCode()).as(severity + ":\n" + config + check.output()).isZero();
        am.reload(config);

        Map<String, String> ticket = alert(MetricNames.BURN_ALERT, service, "checkout", severity + "-ticket");
        Map<String, String> plainTicket = alert(MetricNames.BURN_ALERT, service, "checkout", "ticket");
        Map<String, String> lookalike = alert(MetricNames.BURN_ALERT, service, "checkout", "page");
        post(am, false, List.of(ticket, plainTicket, lookalike));
        assertStates(am, Map.of(ticket, "active", plainTicket, "active", lookalike, "active"));
        Map<String, String> page = alert(MetricNames.BURN_ALERT, service, "checkout", severity);
        post(am, false, List.of(page));
        assertStates(am, Map.of(page, "active", ticket, "suppressed", plainTicket, "active", lookalike, "active"));
      }
    }
  }
}
