package dev.slo4j.spec;

import dev.slo4j.Alerting;
import dev.slo4j.AvailabilitySli;
import dev.slo4j.PromQlEvents;
import dev.slo4j.Slo;
import java.util.List;
import java.util.Optional;

/**
 * Reads a Sloth {@code prometheus/v1} spec, so a team moves to slo4j without rewriting its SLOs. Sloth's objective is a
 * percentage, its window 30 days; its {@code alerting.name} becomes the {@code sloth_alert_name} annotation (slo4j
 * names every burn alert {@code SloErrorBudgetBurn}); {@code page_alert}/{@code ticket_alert} labels become the
 * page/ticket labels, {@code disable: true} switches that alert off. Raw SLIs and plugins cannot be carried over and
 * are reported.
 */
final class SlothImport {

  private SlothImport() {}

  static void read(Doc root, List<Slo> slos) {
    root.allowOnly("version", "service", "labels", "slos");
    String service = root.text("service").orElse("");
    var labels = root.strings("labels");
    for (Doc d : root.maps("slos")) {
      Optional<String> name = d.text("name");
      if (name.isEmpty()) {
        d.problem("name", "a Sloth SLO at " + d.location() + " has no name");
        continue;
      }
      Doc s = d.forSlo(name.get());
      s.allowOnly("name", "objective", "description", "labels", "sli", "alerting");
      Slo.Builder b = Slo.builder(name.get()).service(service).labels(labels).labels(s.strings("labels"))
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
              + "to weight long windows by traffic; rewrite it as sli.events error_query/total_query");
        }
        if (sli.has("plugin")) {
          sli.problem("plugin", "sli.plugin is not supported: Sloth plugins run inside Sloth; expand the plugin "
              + "into sli.events error_query/total_query");
        }
        sli.map("events").ifPresent(e -> {
          e.allowOnly("error_query", "total_query");
          Optional<String> error = e.text("error_query");
          Optional<String> total = e.text("total_query");
          if (error.isEmpty() || total.isEmpty()) {
            e.problem(error.isEmpty() ? "error_query" : "total_query",
                "sli.events needs both error_query and total_query");
          } else {
            b.sli(AvailabilitySli.fromQueries(PromQlEvents.badOverTotal(error.get(), total.get())));
          }
        });
      });
      if (!s.has("sli")) {
        s.problem("sli", "sli is missing; Sloth SLOs need sli.events error_query and total_query");
      }
      Alerting.Builder alerting = Alerting.builder();
      s.map("alerting").ifPresent(a -> {
        a.allowOnly("name", "labels", "annotations", "page_alert", "ticket_alert");
        a.text("name").ifPresent(n -> alerting.annotation("sloth_alert_name", n));
        alerting.labels(a.strings("labels"));
        a.strings("annotations").forEach(alerting::annotation);
        a.map("page_alert").ifPresent(p -> {
          p.allowOnly("disable", "labels", "annotations");
          p.bool("disable").ifPresent(off -> alerting.page(!off));
          p.strings("labels").forEach(alerting::pageLabel);
          unsupportedAnnotations(p);
        });
        a.map("ticket_alert").ifPresent(t -> {
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
