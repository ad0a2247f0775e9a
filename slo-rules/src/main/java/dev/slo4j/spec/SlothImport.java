package dev.slo4j.spec;

import dev.slo4j.Alerting;
import dev.slo4j.AvailabilitySli;
import dev.slo4j.PromQlEvents;
import dev.slo4j.ServiceLevelObjective;
import java.util.List;
import java.util.Optional;

/**
 * Reads a Sloth {@code prometheus/v1} spec (or Sloth's Kubernetes {@code PrometheusServiceLevel} resource), so a team moves to slo4j without rewriting its SLOs. Sloth's objective is a
 * percentage, its window 30 days; its {@code alerting.name} becomes the {@code sloth_alert_name} annotation (slo4j
 * names every burn alert {@code SloErrorBudgetBurn}); {@code page_alert}/{@code ticket_alert} labels become the
 * page/ticket labels, {@code disable: true} switches that alert off. Raw SLIs and plugins cannot be carried over and
 * are reported.
 */
final class SlothImport {

  /** The API group of Sloth's Kubernetes resource. */
  static final String CRD_GROUP = "sloth.slok.dev/";
  static final String CRD_API_VERSION = "sloth.slok.dev/v1";
  static final String CRD_KIND = "PrometheusServiceLevel";

  /** The spellings of the two forms: the file form is snake_case, the Kubernetes resource camelCase. */
  private record Keys(String errorQuery, String totalQuery, String pageAlert, String ticketAlert) {}

  private static final Keys FILE = new Keys("error_query", "total_query", "page_alert", "ticket_alert");
  private static final Keys CRD = new Keys("errorQuery", "totalQuery", "pageAlert", "ticketAlert");

  private SlothImport() {}

  static void read(Doc root, List<ServiceLevelObjective> slos) {
    root.allowOnly("version", "service", "labels", "slos");
    body(root, FILE, slos);
  }

  /**
   * Sloth's Kubernetes form: {@code apiVersion: sloth.slok.dev/v1}, {@code kind: PrometheusServiceLevel}, whose
   * {@code spec} holds the service, labels and SLOs of the file form, spelled camelCase ({@code errorQuery},
   * {@code pageAlert}).
   */
  static void readCrd(Doc root, List<ServiceLevelObjective> slos) {
    root.allowOnly("apiVersion", "kind", "metadata", "spec");
    String api = root.text("apiVersion").orElse("");
    if (!api.equals(CRD_API_VERSION)) {
      root.problem("apiVersion", "apiVersion '" + api + "' is not supported; Sloth's Kubernetes form is "
          + CRD_API_VERSION);
      return;
    }
    String kind = root.text("kind").orElse("");
    if (!kind.equals(CRD_KIND)) {
      root.problem("kind", "kind '" + kind + "' is not supported; slo4j reads Sloth resources of kind " + CRD_KIND);
      return;
    }
    Optional<Doc> spec = root.map("spec");
    if (spec.isEmpty()) {
      root.problem("spec", "spec is missing; a " + CRD_KIND + " holds its service and SLOs under spec");
      return;
    }
    spec.get().allowOnly("service", "labels", "slos");
    body(spec.get(), CRD, slos);
  }

  private static void body(Doc root, Keys keys, List<ServiceLevelObjective> slos) {
    String service = root.text("service").orElse("");
    var labels = root.strings("labels");
    if (!root.has("slos")) {
      root.problem("slos", root.field("slos") + " is missing; list the SLOs under it");
    }
    String events = "sli.events " + keys.errorQuery() + "/" + keys.totalQuery();
    for (Doc d : root.maps("slos")) {
      Optional<String> name = d.text("name");
      if (name.isEmpty()) {
        d.problem("name", "a Sloth SLO at " + d.location() + " has no name");
        continue;
      }
      Doc s = d.forSlo(name.get());
      s.allowOnly("name", "objective", "description", "labels", "sli", "alerting");
      ServiceLevelObjective.Builder b = ServiceLevelObjective.builder(name.get()).service(service).labels(SpecLoader.merged(labels, s.strings("labels")))
          .description(s.text("description").orElse(""));
      Optional<String> objective = s.text("objective");
      if (objective.isEmpty()) {
        s.problem("objective", "objective is missing; Sloth writes it as a percentage, e.g. 99.9");
      }
      objective.ifPresent(b::objective);
      s.map("sli").ifPresent(sli -> {
        sli.allowOnly("events", "raw", "plugin");
        if (sli.has("raw")) {
          sli.problem("raw", "sli.raw (a ready-made error ratio query) is not supported: slo4j needs event counts "
              + "to weight long windows by traffic; rewrite it as " + events);
        }
        if (sli.has("plugin")) {
          sli.problem("plugin", "sli.plugin is not supported: Sloth plugins run inside Sloth; expand the plugin "
              + "into " + events);
        }
        sli.map("events").ifPresent(e -> {
          e.allowOnly(keys.errorQuery(), keys.totalQuery());
          Optional<String> error = e.text(keys.errorQuery());
          Optional<String> total = e.text(keys.totalQuery());
          if (error.isEmpty() || total.isEmpty()) {
            e.problem(error.isEmpty() ? keys.errorQuery() : keys.totalQuery(),
                "sli.events needs both " + keys.errorQuery() + " and " + keys.totalQuery());
          } else {
            b.sli(AvailabilitySli.fromQueries(PromQlEvents.badOverTotal(error.get(), total.get())));
          }
        });
      });
      if (!s.has("sli")) {
        s.problem("sli", "sli is missing; Sloth SLOs need " + events);
      }
      Alerting.Builder alerting = Alerting.builder();
      s.map("alerting").ifPresent(a -> {
        a.allowOnly("name", "labels", "annotations", keys.pageAlert(), keys.ticketAlert());
        a.text("name").ifPresent(n -> alerting.annotation("sloth_alert_name", n));
        alerting.labels(a.strings("labels"));
        a.strings("annotations").forEach(alerting::annotation);
        a.map(keys.pageAlert()).ifPresent(p -> {
          p.allowOnly("disable", "labels", "annotations");
          p.bool("disable").ifPresent(off -> alerting.page(!off));
          p.strings("labels").forEach(alerting::pageLabel);
          unsupportedAnnotations(p);
        });
        a.map(keys.ticketAlert()).ifPresent(t -> {
          t.allowOnly("disable", "labels", "annotations");
          t.bool("disable").ifPresent(off -> alerting.ticket(!off));
          t.strings("labels").forEach(alerting::ticketLabel);
          unsupportedAnnotations(t);
        });
      });
      b.alerting(alerting.build());
      SpecLoader.build(s, b, slos);
    }
  }

  private static void unsupportedAnnotations(Doc alert) {
    if (alert.has("annotations")) {
      alert.problem("annotations", alert.field("annotations") + " is not supported: slo4j annotates page and ticket "
          + "alike; move these annotations to alerting.annotations");
    }
  }
}
