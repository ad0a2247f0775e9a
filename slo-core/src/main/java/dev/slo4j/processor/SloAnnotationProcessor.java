package dev.slo4j.processor;

import dev.slo4j.AvailabilitySli;
import dev.slo4j.LatencySli;
import dev.slo4j.Problem;
import dev.slo4j.Slo;
import dev.slo4j.internal.Durations;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedOptions;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.tools.Diagnostic;
import javax.tools.StandardLocation;

/**
 * Collects {@code @Slo} annotations at compile time and writes them as an slo4j spec file into the build output
 * ({@value #DESCRIPTOR}), so that rules can be generated from application code without starting the application, and
 * a bad declaration fails the compile, on the line of the annotation, instead of a deploy.
 *
 * <p>The service comes from the annotation or, when empty, from the processor option {@code -Aslo4j.service=NAME}.
 * Objective and window left empty fall back to slo4j's defaults (99.9%, 30d) in the descriptor; platform defaults from
 * configuration apply only at run time.
 */
@SupportedOptions(SloAnnotationProcessor.SERVICE_OPTION)
public final class SloAnnotationProcessor extends AbstractProcessor {

  /** Where the descriptor is written, relative to the class output. */
  public static final String DESCRIPTOR = "META-INF/slo4j/annotated-slos.yaml";
  /** The processor option naming the service of annotations that do not name one. */
  public static final String SERVICE_OPTION = "slo4j.service";

  private static final String ANNOTATION = "dev.slo4j.annotation.Slo";
  private static final String DEFAULT_OBJECTIVE = "99.9%";

  private final List<Declared> declared = new ArrayList<>();

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(ANNOTATION);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    TypeElement type = processingEnv.getElementUtils().getTypeElement(ANNOTATION);
    if (type != null) {
      for (Element e : round.getElementsAnnotatedWith(type)) {
        read(e, type).ifPresent(declared::add);
      }
    }
    if (round.processingOver() && !declared.isEmpty()) {
      write(processingEnv.getFiler());
    }
    return false;
  }

  private java.util.Optional<Declared> read(Element element, TypeElement type) {
    AnnotationMirror mirror = element.getAnnotationMirrors().stream()
        .filter(m -> m.getAnnotationType().asElement().equals(type)).findFirst().orElseThrow();
    Map<String, Object> values = new TreeMap<>();
    processingEnv.getElementUtils().getElementValuesWithDefaults(mirror).forEach(
        (ExecutableElement k, AnnotationValue v) -> values.put(k.getSimpleName().toString(), v.getValue()));
    String service = text(values, "service");
    if (service.isEmpty()) {
      service = processingEnv.getOptions().getOrDefault(SERVICE_OPTION, "");
    }
    Declared d = new Declared(text(values, "name"), service, text(values, "description"),
        orDefault(text(values, "objective"), DEFAULT_OBJECTIVE), orDefault(text(values, "window"), "30d"),
        text(values, "latency"), types(values, "badOn"), types(values, "goodOn"), labels(element, mirror, values),
        (Boolean) values.get("page"), (Boolean) values.get("ticket"), text(values, "runbookUrl"),
        element.getEnclosingElement() + "#" + element.getSimpleName());
    List<Problem> problems = validate(d);
    for (Problem p : problems) {
      processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "@Slo: " + p, element, mirror);
    }
    if (d.service().isEmpty()) {
      return java.util.Optional.empty();
    }
    return problems.isEmpty() ? java.util.Optional.of(d) : java.util.Optional.empty();
  }

  private static List<Problem> validate(Declared d) {
    Slo.Builder b = Slo.builder(d.name())
        .service(d.service().isEmpty() ? "from-configuration" : d.service())
        .objective(d.objective())
        .window(d.window())
        .labels(d.labels());
    if (!d.latency().isEmpty()) {
      try {
        b.sli(LatencySli.of(Durations.parse(d.latency())));
      } catch (IllegalArgumentException e) {
        return List.of(Problem.of(d.name(), "latency", "latency " + e.getMessage()));
      }
    } else {
      b.sli(AvailabilitySli.builder().badOnNames(d.badOn()).goodOnNames(d.goodOn()).build());
    }
    return b.problems();
  }

  private Map<String, String> labels(Element element, AnnotationMirror mirror, Map<String, Object> values) {
    Map<String, String> labels = new TreeMap<>();
    for (Object o : (List<?>) values.get("labels")) {
      String pair = String.valueOf(((AnnotationValue) o).getValue());
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "@Slo: label '" + pair
            + "' is not name=value; write e.g. \"team=payments\"", element, mirror);
      } else {
        labels.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
      }
    }
    return labels;
  }

  private static List<String> types(Map<String, Object> values, String key) {
    List<String> names = new ArrayList<>();
    for (Object o : (List<?>) values.get(key)) {
      names.add(processingTypeName((TypeMirror) ((AnnotationValue) o).getValue()));
    }
    return names;
  }

  private static String processingTypeName(TypeMirror t) {
    return t.toString();
  }

  private static String text(Map<String, Object> values, String key) {
    return String.valueOf(values.get(key)).strip();
  }

  private static String orDefault(String value, String fallback) {
    return value.isEmpty() ? fallback : value;
  }

  private void write(Filer filer) {
    StringBuilder y = new StringBuilder();
    y.append("# Generated by slo4j's annotation processor from @Slo annotations. DO NOT EDIT.\n");
    y.append("version: slo4j/v1\n");
    y.append("slos:\n");
    declared.sort(java.util.Comparator.comparing(Declared::service).thenComparing(Declared::name));
    for (Declared d : declared) {
      y.append("  # ").append(d.source()).append('\n');
      y.append("  - name: ").append(q(d.name())).append('\n');
      y.append("    service: ").append(q(d.service())).append('\n');
      if (!d.description().isEmpty()) {
        y.append("    description: ").append(q(d.description())).append('\n');
      }
      y.append("    objective: ").append(q(d.objective())).append('\n');
      y.append("    window: ").append(q(d.window())).append('\n');
      if (!d.labels().isEmpty()) {
        y.append("    labels:\n");
        d.labels().forEach((k, v) -> y.append("      ").append(k).append(": ").append(q(v)).append('\n'));
      }
      y.append("    sli:\n");
      if (!d.latency().isEmpty()) {
        y.append("      latency:\n        threshold: ").append(q(d.latency())).append('\n');
      } else {
        y.append("      availability:\n");
        y.append("        badOn: ").append(list(d.badOn())).append('\n');
        y.append("        goodOn: ").append(list(d.goodOn())).append('\n');
      }
      y.append("    alerting:\n");
      y.append("      page: ").append(d.page()).append('\n');
      y.append("      ticket: ").append(d.ticket()).append('\n');
      if (!d.runbookUrl().isEmpty()) {
        y.append("      annotations:\n        runbook_url: ").append(q(d.runbookUrl())).append('\n');
      }
    }
    try (Writer w = filer.createResource(StandardLocation.CLASS_OUTPUT, "", DESCRIPTOR).openWriter()) {
      w.write(y.toString());
    } catch (IOException e) {
      processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
          "slo4j could not write " + DESCRIPTOR + ": " + e.getMessage());
    }
  }

  private static String list(List<String> items) {
    return items.stream().map(SloAnnotationProcessor::q).collect(java.util.stream.Collectors.joining(", ", "[", "]"));
  }

  /** YAML double-quoted string. */
  private static String q(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  private record Declared(String name, String service, String description, String objective, String window,
      String latency, List<String> badOn, List<String> goodOn, Map<String, String> labels, boolean page,
      boolean ticket, String runbookUrl, String source) {}
}
