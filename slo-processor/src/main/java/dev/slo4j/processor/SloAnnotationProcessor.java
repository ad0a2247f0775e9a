package dev.slo4j.processor;

import dev.slo4j.Problem;
import dev.slo4j.project.Slo4jConfig;
import dev.slo4j.declare.SloDeclaration;
import dev.slo4j.declare.SloDefaults;
import dev.slo4j.declare.SloResolver;
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
 * <p>The service comes from the annotation or, when empty, by the one rule of slo4j: {@code slo4j.service}, else
 * {@code spring.application.name} of the {@code application.properties} in the class output, else the processor option
 * {@code -Aslo4j.service=NAME}; an option that contradicts the configuration fails the compile, and without any a
 * compile warning says so and names the fix. Objective and window left empty stay empty in the
 * descriptor, so that whoever generates rules from it applies the platform's defaults, as the running service does;
 * every declaration is judged by the same {@link SloResolver} as at run time.
 *
 * <p>A build that lists {@code <annotationProcessorPaths>} (Lombok, Spring Boot's configuration processor) runs only
 * the processors listed there: add slo-core to them, or use the Maven plugin, which reads {@code @Slo} from the
 * compiled classes and needs no processor at all.
 */
@SupportedOptions(SloAnnotationProcessor.SERVICE_OPTION)
public final class SloAnnotationProcessor extends AbstractProcessor {

  /** Where the descriptor is written, relative to the class output. */
  public static final String DESCRIPTOR = "META-INF/slo4j/annotated-slos.yaml";
  /** The processor option naming the service of annotations that do not name one. */
  public static final String SERVICE_OPTION = "slo4j.service";

  private static final String ANNOTATION = "dev.slo4j.annotation.Slo";

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

  private String service;

  /**
   * The service by the one rule: {@code slo4j.service}, else {@code spring.application.name} from the
   * {@code application.properties} the build copied into the class output before compiling, else
   * {@code -Aslo4j.service}; an option that contradicts the configuration is a compile error.
   */
  private String service() {
    if (service != null) {
      return service;
    }
    String option = processingEnv.getOptions().get(SERVICE_OPTION);
    java.util.Map<String, Slo4jConfig.Value> flat = new java.util.LinkedHashMap<>();
    try {
      javax.tools.FileObject f = processingEnv.getFiler().getResource(StandardLocation.CLASS_OUTPUT, "",
          "application.properties");
      flat.putAll(Slo4jConfig.readProperties(f.getCharContent(true).toString(), "application.properties"));
    } catch (IOException | IllegalArgumentException | UnsupportedOperationException e) {
      // No application.properties in the class output (not a Spring service, or resources not copied yet).
    }
    try {
      service = Slo4jConfig.of(flat).service(option, "-A" + SERVICE_OPTION).name();
    } catch (IllegalArgumentException e) {
      processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "slo4j: " + e.getMessage());
      service = option == null ? "" : option.strip();
    }
    return service;
  }

  private java.util.Optional<Declared> read(Element element, TypeElement type) {
    AnnotationMirror mirror = element.getAnnotationMirrors().stream()
        .filter(m -> m.getAnnotationType().asElement().equals(type)).findFirst().orElseThrow();
    Map<String, Object> values = new TreeMap<>();
    processingEnv.getElementUtils().getElementValuesWithDefaults(mirror).forEach(
        (ExecutableElement k, AnnotationValue v) -> values.put(k.getSimpleName().toString(), v.getValue()));
    String service = text(values, "service");
    if (service.isEmpty()) {
      service = service();
    }
    String source = element.getEnclosingElement() + "#" + element.getSimpleName();
    Declared d = new Declared(text(values, "name"), service, text(values, "description"),
        text(values, "objective"), text(values, "window"),
        text(values, "latency"), types(values, "badOn"), types(values, "goodOn"), labels(element, mirror, values),
        (Boolean) values.get("page"), (Boolean) values.get("ticket"), text(values, "runbookUrl"), source);
    // The one resolver judges the declaration, with slo4j's own defaults: platform defaults come from configuration,
    // which a compiler does not see; the descriptor keeps what was left unsaid unsaid.
    SloDeclaration declaration = SloDeclaration.builder(d.name(), "@Slo on " + source)
        .service(d.service().isEmpty() ? "from-configuration" : d.service())
        .objective(d.objective()).window(d.window()).latency(d.latency())
        .badOn(d.badOn()).goodOn(d.goodOn()).runbookUrl(d.runbookUrl()).description(d.description())
        .build();
    List<Problem> problems = SloResolver.of("", SloDefaults.none()).problems(declaration);
    for (Problem p : problems) {
      processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "@Slo: " + p.toString()
          .replace(p.location().map(l -> l + ": ").orElse(""), ""), element, mirror);
    }
    if (d.service().isEmpty() && problems.isEmpty()) {
      processingEnv.getMessager().printMessage(Diagnostic.Kind.WARNING, "@Slo(name = \"" + d.name() + "\") names"
          + " no service and -A" + SERVICE_OPTION + " is not set: it is written to " + DESCRIPTOR + " without one,"
          + " and generating rules from that file fails. The Maven plugin (mvn slo4j:generate) and slo4j generate"
          + " --classes take the service from spring.application.name or slo4j.service without any compiler flag;"
          + " or pass -A" + SERVICE_OPTION + "=NAME to javac", element, mirror);
    }
    return problems.isEmpty() ? java.util.Optional.of(d) : java.util.Optional.empty();
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
      if (!d.service().isEmpty()) {
        y.append("    service: ").append(q(d.service())).append('\n');
      }
      if (!d.description().isEmpty()) {
        y.append("    description: ").append(q(d.description())).append('\n');
      }
      // Left unsaid stays unsaid: whoever generates rules from this file applies the platform's defaults.
      if (!d.objective().isEmpty()) {
        y.append("    objective: ").append(q(d.objective())).append('\n');
      }
      if (!d.window().isEmpty()) {
        y.append("    window: ").append(q(d.window())).append('\n');
      }
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
      // page = true and ticket = true are the annotation's defaults: they follow the platform's, so only false is
      // written.
      if (!d.page() || !d.ticket() || !d.runbookUrl().isEmpty()) {
        y.append("    alerting:\n");
        if (!d.page()) {
          y.append("      page: false\n");
        }
        if (!d.ticket()) {
          y.append("      ticket: false\n");
        }
        if (!d.runbookUrl().isEmpty()) {
          y.append("      annotations:\n        runbook_url: ").append(q(d.runbookUrl())).append('\n');
        }
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

  /** YAML double-quoted string: every control character and YAML line break escaped, so it stays one value. */
  private static String q(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '\\' || c == '"') {
        sb.append('\\').append(c);
      } else if (c == '\n') {
        sb.append("\\n");
      } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029' || c == '\ufeff') {
        sb.append(String.format("\\u%04X", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  private record Declared(String name, String service, String description, String objective, String window,
      String latency, List<String> badOn, List<String> goodOn, Map<String, String> labels, boolean page,
      boolean ticket, String runbookUrl, String source) {}
}
