package dev.slo4j.project;

import dev.slo4j.declare.SloDeclaration;
import dev.slo4j.declare.SloDefaults;
import dev.slo4j.declare.SloResolver;

import dev.slo4j.Problem;
import dev.slo4j.ServiceLevelObjective;
import dev.slo4j.SloValidationException;
import dev.slo4j.budget.BudgetPolicy;
import dev.slo4j.spec.SpecLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A project's SLOs as a build sees them, resolved exactly as the running service resolves them: {@code @Slo} on the
 * methods of its compiled classes (read from the class files, so no compiler flag or annotation processor is needed),
 * {@code slo4j.*} in its {@code application.properties} and {@code application.yml} (and those of named profiles),
 * the platform's {@value Slo4jConfig#PLATFORM_DEFAULTS} on its class path, and optional spec files. Used by the Maven
 * plugin and the CLI, so the rules a repository checks in come from the same declarations and defaults as the
 * service's own measurements.
 *
 * <p>Classes are loaded without being initialised, in a class loader of their own that shares only the
 * {@code @Slo} annotation with the caller.
 */
public final class ProjectSlos {

  private static final byte[] MARKER = "Ldev/slo4j/annotation/Slo;".getBytes(StandardCharsets.UTF_8);
  private static final String ANNOTATION_PACKAGE = "dev.slo4j.annotation.";

  private ProjectSlos() {}

  /** slo4j's own classes name the annotation without carrying it; they are never loaded to be scanned. */
  static boolean library(String className) {
    int dot = className.lastIndexOf('.');
    String pkg = dot < 0 ? "" : className.substring(0, dot);
    return pkg.equals("dev.slo4j") || LIBRARY_PACKAGES.stream().anyMatch(p -> pkg.equals(p) || pkg.startsWith(p + "."));
  }

  private static final List<String> LIBRARY_PACKAGES = List.of("dev.slo4j.annotation", "dev.slo4j.declare",
      "dev.slo4j.processor", "dev.slo4j.spring", "dev.slo4j.micrometer", "dev.slo4j.cli", "dev.slo4j.rules",
      "dev.slo4j.spec", "dev.slo4j.budget", "dev.slo4j.internal", "dev.slo4j.spi", "dev.slo4j.resilience",
      "dev.slo4j.opentelemetry", "dev.slo4j.dashboard", "dev.slo4j.maven");

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The SLOs found, the service they belong to and where its name came from, what was read (for a build log),
   * warnings that did not stop the build, and the error-budget policy the spec files state (empty: none does; the
   * release gate then applies the SRE Workbook's).
   */
  public record Result(List<ServiceLevelObjective> slos, String service, String serviceSource, List<String> read,
      List<String> warnings, java.util.Optional<BudgetPolicy> budgetPolicy) {
    public Result {
      slos = List.copyOf(slos);
      read = List.copyOf(read);
      warnings = List.copyOf(warnings);
      Objects.requireNonNull(budgetPolicy, "budgetPolicy");
    }
  }

  /** What to read; {@link #resolve()} reads it. Not thread-safe. */
  public static final class Builder {
    private final List<Path> classes = new ArrayList<>();
    private final List<Path> classpath = new ArrayList<>();
    private boolean scanDependencies = true;
    private final List<String> profiles = new ArrayList<>();
    private String service;
    private String serviceSource = "the build's service setting";
    private final List<Path> specs = new ArrayList<>();
    private final List<Path> configFiles = new ArrayList<>();

    private Builder() {}

    /** The project's compiled classes: scanned for {@code @Slo}, and its {@code application*} files are read. */
    public Builder classes(Path dir) {
      classes.add(Objects.requireNonNull(dir, "dir"));
      return this;
    }

    /** The compile class path (jars and directories): loads annotated classes, holds the platform's defaults. */
    public Builder classpath(List<Path> entries) {
      entries.forEach(e -> classpath.add(Objects.requireNonNull(e, "classpath entry")));
      return this;
    }

    /** Whether {@code @Slo} in class path entries counts too (e.g. a library module of a multi-module build). */
    public Builder scanDependencies(boolean on) {
      this.scanDependencies = on;
      return this;
    }

    /** Spring profiles whose {@code application-<profile>} files apply, in order (later wins). */
    public Builder profiles(List<String> names) {
      names.stream().filter(n -> n != null && !n.isBlank()).map(String::strip).forEach(profiles::add);
      return this;
    }

    /** The build's own service setting; a configuration that names another is an error. Null: none. */
    public Builder service(String explicit) {
      this.service = explicit;
      return this;
    }

    /** How the build's service setting is spelled in messages, e.g. {@code <service> of slo4j-maven-plugin}. */
    public Builder serviceSource(String spelling) {
      this.serviceSource = Objects.requireNonNull(spelling, "spelling");
      return this;
    }

    /** Spec files (slo4j, Sloth, OpenSLO) whose SLOs join the annotated ones. */
    public Builder specs(List<Path> files) {
      files.forEach(f -> specs.add(Objects.requireNonNull(f, "spec")));
      return this;
    }

    /** Configuration files read after the project's own (application.properties/yml, or a defaults.yaml). */
    public Builder config(Path file) {
      configFiles.add(Objects.requireNonNull(file, "file"));
      return this;
    }

    /**
     * Reads and resolves everything.
     *
     * @throws SloValidationException listing every problem of every declaration, located where it was written
     * @throws IllegalArgumentException when the service is named differently in two places, or two platform
     *     defaults files disagree
     * @throws IOException when a file cannot be read
     */
    public Result resolve() throws IOException {
      List<String> read = new ArrayList<>();
      List<String> warnings = new ArrayList<>();
      Map<String, Slo4jConfig.Value> flat = new LinkedHashMap<>();
      // The platform's defaults once (it opens every jar of the class path); the application's files again when the
      // profiles they activate change what they say.
      SloDefaults platform = platformDefaults(read);
      List<String> active = new ArrayList<>(profiles);
      List<String> applicationFiles = new ArrayList<>();
      for (Path dir : classes) {
        readApplication(dir, "application", List.of(), flat, applicationFiles);
      }
      Slo4jConfig base = Slo4jConfig.of(flat);
      // spring.profiles.active first, in its order (a later profile wins, as in Spring), then the build's own.
      List<String> fromConfig = base.activeProfiles().stream().filter(p -> !active.contains(p)).toList();
      active.addAll(0, fromConfig);
      if (!active.isEmpty()) {
        flat.clear();
        applicationFiles.clear();
        for (Path dir : classes) {
          readApplication(dir, "application", active, flat, applicationFiles);
          for (String p : active) {
            readApplication(dir, "application-" + p, active, flat, applicationFiles);
          }
        }
      }
      read.addAll(applicationFiles);
      for (Path f : configFiles) {
        String name = f.getFileName().toString();
        String text = Files.readString(f, StandardCharsets.UTF_8);
        read.add(f.toString());
        if (name.endsWith(".properties")) {
          flat.putAll(Slo4jConfig.readProperties(text, f.toString()));
        } else if (name.equals("defaults.yaml") || name.equals("defaults.yml")) {
          platform = platform.with(Slo4jConfig.platformDefaults(text, f.toString()));
        } else {
          flat.putAll(Slo4jConfig.flattenYaml(text, f.toString(), active));
        }
      }
      Slo4jConfig config = Slo4jConfig.of(flat);
      Slo4jConfig.Service service = config.service(this.service, serviceSource);
      SloResolver resolver = SloResolver.of(service.name(), platform.with(config.defaults()));

      List<SloDeclaration> declarations = new ArrayList<>();
      List<Path> roots = new ArrayList<>(classes);
      if (scanDependencies) {
        roots.addAll(classpath);
      }
      int scanned = annotated(roots, declarations, warnings);
      read.add(scanned + " class" + (scanned == 1 ? "" : "es") + " with @Slo in " + roots.size() + " class path entr"
          + (roots.size() == 1 ? "y" : "ies"));
      declarations.addAll(config.declarations());
      List<Problem> problems = new ArrayList<>();
      List<ServiceLevelObjective> slos = new ArrayList<>();
      try {
        slos.addAll(resolver.resolveAll(declarations));
      } catch (SloValidationException e) {
        problems.addAll(e.problems());
      }
      specs.forEach(spec -> read.add(spec.toString()));
      java.util.Optional<BudgetPolicy> budgetPolicy = java.util.Optional.empty();
      try {
        SpecLoader.Spec fromSpecs = SpecLoader.loadSpecs(specs);
        slos.addAll(fromSpecs.slos());
        budgetPolicy = fromSpecs.budgetPolicy();
      } catch (SloValidationException e) {
        problems.addAll(e.problems());
      }
      Set<String> seen = new HashSet<>();
      for (ServiceLevelObjective s : slos) {
        if (!seen.add(s.service() + "/" + s.name())) {
          problems.add(Problem.of(s.name(), "name", "SLO '" + s.name() + "' of service '" + s.service()
              + "' is declared twice (in code or properties, and in a spec file); SLO names must be unique"));
        }
      }
      if (!problems.isEmpty()) {
        throw new SloValidationException(problems);
      }
      slos.sort(Comparator.comparing(ServiceLevelObjective::service).thenComparing(ServiceLevelObjective::name));
      return new Result(slos, service.name(), service.source(), read, warnings, budgetPolicy);
    }

    private SloDefaults platformDefaults(List<String> read) throws IOException {
      Map<String, String> found = new TreeMap<>();
      for (Path entry : classpathAndClasses()) {
        String text = resource(entry, Slo4jConfig.PLATFORM_DEFAULTS);
        if (text != null) {
          found.put(entry + "!/" + Slo4jConfig.PLATFORM_DEFAULTS, text);
        }
      }
      Slo4jConfig.Platform platform = Slo4jConfig.platformDefaults(found);
      if (!platform.source().isEmpty()) {
        read.add(platform.source());
      }
      return platform.defaults();
    }

    private List<Path> classpathAndClasses() {
      List<Path> all = new ArrayList<>(classpath);
      all.addAll(classes);
      return all;
    }

    private static void readApplication(Path dir, String base, List<String> active,
        Map<String, Slo4jConfig.Value> flat, List<String> read) throws IOException {
      // Spring reads .properties over .yml in the same location: the later put wins here.
      for (String ext : List.of(".yml", ".yaml", ".properties")) {
        Path f = dir.resolve(base + ext);
        if (Files.isRegularFile(f)) {
          String text = Files.readString(f, ext.equals(".properties") ? StandardCharsets.ISO_8859_1
              : StandardCharsets.UTF_8);
          read.add(f.toString());
          flat.putAll(ext.equals(".properties") ? Slo4jConfig.readProperties(text, f.toString())
              : Slo4jConfig.flattenYaml(text, f.toString(), active));
        }
      }
    }

    private static String resource(Path entry, String name) throws IOException {
      if (Files.isDirectory(entry)) {
        Path f = entry.resolve(name);
        return Files.isRegularFile(f) ? Files.readString(f, StandardCharsets.UTF_8) : null;
      }
      if (!Files.isRegularFile(entry)) {
        return null;
      }
      try (ZipFile zip = new ZipFile(entry.toFile())) {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
          return null;
        }
        try (InputStream in = zip.getInputStream(e)) {
          return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
    }

    /** Finds the {@code @Slo} methods of every class under {@code roots}; returns how many classes had some. */
    private int annotated(List<Path> roots, List<SloDeclaration> out, List<String> warnings) throws IOException {
      List<String> candidates = new ArrayList<>();
      Set<String> own = new HashSet<>();
      for (Path root : roots) {
        List<String> found = candidates(root);
        candidates.addAll(found);
        if (classes.contains(root)) {
          own.addAll(found);
        }
      }
      if (candidates.isEmpty()) {
        return 0;
      }
      List<URL> urls = new ArrayList<>();
      for (Path p : classpathAndClasses()) {
        try {
          urls.add(p.toUri().toURL());
        } catch (MalformedURLException e) {
          throw new IllegalArgumentException("class path entry " + p + " is not a usable path", e);
        }
      }
      ClassLoader shared = ProjectSlos.class.getClassLoader();
      ClassLoader parent = new ClassLoader(ClassLoader.getPlatformClassLoader()) {
        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
          if (name.startsWith(ANNOTATION_PACKAGE)) {
            return shared.loadClass(name);
          }
          throw new ClassNotFoundException(name);
        }
      };
      int found = 0;
      List<Problem> problems = new ArrayList<>();
      try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), parent)) {
        for (String name : new java.util.TreeSet<>(candidates)) {
          Class<?> type;
          Method[] methods;
          try {
            type = Class.forName(name, false, loader);
            methods = type.getDeclaredMethods();
          } catch (ClassNotFoundException | LinkageError e) {
            if (!own.contains(name)) {
              warnings.add("skipped " + name + " of a dependency: " + e);
              continue;
            }
            problems.add(Problem.of("", "", "cannot read the @Slo annotations of " + name + ": " + e
                + "; a class it needs is missing from the compile class path").at(name));
            continue;
          }
          List<Method> sorted = new ArrayList<>(List.of(methods));
          sorted.sort(Comparator.comparing(Method::getName).thenComparing(Method::toGenericString));
          boolean any = false;
          for (Method m : sorted) {
            dev.slo4j.annotation.Slo a;
            try {
              a = m.getAnnotation(dev.slo4j.annotation.Slo.class);
            } catch (RuntimeException | LinkageError e) {
              problems.add(Problem.of("", "", "cannot read @Slo on " + name + "#" + m.getName() + ": " + e)
                  .at(name));
              continue;
            }
            if (a != null && !m.isSynthetic() && !m.isBridge()) {
              out.add(SloDeclaration.of(a, "@Slo on " + name + "#" + m.getName()));
              any = true;
            }
          }
          found += any ? 1 : 0;
        }
      }
      if (!problems.isEmpty()) {
        throw new SloValidationException(problems);
      }
      return found;
    }

    /** Names of the classes under a root whose class file mentions {@code @Slo}. */
    private static List<String> candidates(Path root) throws IOException {
      List<String> names = new ArrayList<>();
      if (Files.isDirectory(root)) {
        try (Stream<Path> files = Files.walk(root)) {
          for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
            if (mentions(Files.readAllBytes(f))) {
              names.add(className(root.relativize(f).toString().replace('\\', '/')));
            }
          }
        } catch (UncheckedIOException e) {
          throw e.getCause();
        }
      } else if (Files.isRegularFile(root) && root.toString().endsWith(".jar")) {
        try (ZipFile zip = new ZipFile(root.toFile())) {
          var entries = zip.entries();
          while (entries.hasMoreElements()) {
            ZipEntry e = entries.nextElement();
            String n = e.getName();
            if (!n.endsWith(".class") || n.startsWith("META-INF/") || n.endsWith("module-info.class")) {
              continue;
            }
            try (InputStream in = zip.getInputStream(e)) {
              if (mentions(in.readAllBytes())) {
                names.add(className(n));
              }
            }
          }
        }
      }
      names.removeIf(ProjectSlos::library);
      return names;
    }

    private static String className(String path) {
      return path.substring(0, path.length() - ".class".length()).replace('/', '.');
    }

    /** Whether a class file's constant pool names the annotation (a cheap filter before loading the class). */
    static boolean mentions(byte[] classFile) {
      outer:
      for (int i = 0; i <= classFile.length - MARKER.length; i++) {
        for (int j = 0; j < MARKER.length; j++) {
          if (classFile[i + j] != MARKER[j]) {
            continue outer;
          }
        }
        return true;
      }
      return false;
    }
  }
}
