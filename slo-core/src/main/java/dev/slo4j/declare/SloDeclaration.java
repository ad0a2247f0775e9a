package dev.slo4j.declare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An SLO as it was written, before the platform's defaults fill the gaps: the attributes of an {@code @Slo}
 * annotation, or of a {@code slo4j.slos.<name>} property group. Text stays text ({@code "99.9"}, {@code "300ms"}) so
 * that {@link SloResolver} reports every problem at once, located where it was written.
 *
 * <p>Immutable and thread-safe; {@link Builder#build()} copies.
 */
public final class SloDeclaration {

  private final String name;
  private final String service;
  private final String description;
  private final String objective;
  private final String window;
  private final String latency;
  private final List<String> badOn;
  private final List<String> goodOn;
  private final List<String> labels;
  private final Boolean page;
  private final Boolean ticket;
  private final String runbookUrl;
  private final String where;

  private SloDeclaration(Builder b) {
    this.name = b.name;
    this.service = b.service;
    this.description = b.description;
    this.objective = b.objective;
    this.window = b.window;
    this.latency = b.latency;
    this.badOn = List.copyOf(b.badOn);
    this.goodOn = List.copyOf(b.goodOn);
    this.labels = List.copyOf(b.labels);
    this.page = b.page;
    this.ticket = b.ticket;
    this.runbookUrl = b.runbookUrl;
    this.where = b.where;
  }

  /** Starts the declaration of an SLO named {@code name}; {@code where} names it in problems, e.g. the method. */
  public static Builder builder(String name, String where) {
    return new Builder(Objects.requireNonNull(name, "name"), Objects.requireNonNull(where, "where"));
  }

  /** The declaration an {@code @Slo} annotation makes; {@code where} names the annotated method. */
  public static SloDeclaration of(dev.slo4j.annotation.Slo a, String where) {
    return builder(a.name(), where)
        .service(a.service())
        .description(a.description())
        .objective(a.objective())
        .window(a.window())
        .latency(a.latency())
        .badOn(Arrays.stream(a.badOn()).map(Class::getName).toList())
        .goodOn(Arrays.stream(a.goodOn()).map(Class::getName).toList())
        .labels(Arrays.asList(a.labels()))
        // true is the annotation's default: it follows the platform's; only false is a statement.
        .page(a.page() ? null : Boolean.FALSE)
        .ticket(a.ticket() ? null : Boolean.FALSE)
        .runbookUrl(a.runbookUrl())
        .build();
  }

  /** {@code @Slo on com.example.Shop#checkout}, {@code property slo4j.slos.orders}. */
  public String where() {
    return where;
  }

  public String name() {
    return name;
  }

  /** Empty: the service of the application. */
  public String service() {
    return service;
  }

  public String description() {
    return description;
  }

  /** Empty: the platform default. */
  public String objective() {
    return objective;
  }

  /** Empty: the platform default. */
  public String window() {
    return window;
  }

  /** A latency threshold such as {@code 300ms} makes a latency SLO; empty makes an availability SLO. */
  public String latency() {
    return latency;
  }

  /** Class names of the exceptions that alone are bad; empty: any. */
  public List<String> badOn() {
    return badOn;
  }

  /** Class names of the exceptions that are good. */
  public List<String> goodOn() {
    return goodOn;
  }

  /** Labels as written, {@code name=value}. */
  public List<String> labels() {
    return labels;
  }

  /** Null: the platform default. */
  public Boolean page() {
    return page;
  }

  /** Null: the platform default. */
  public Boolean ticket() {
    return ticket;
  }

  /** Empty: none. */
  public String runbookUrl() {
    return runbookUrl;
  }

  @Override
  public String toString() {
    return "SloDeclaration{" + name + " at " + where + "}";
  }

  /** Collects a declaration; null or blank text means "not stated". */
  public static final class Builder {
    private final String name;
    private final String where;
    private String service = "";
    private String description = "";
    private String objective = "";
    private String window = "";
    private String latency = "";
    private final List<String> badOn = new ArrayList<>();
    private final List<String> goodOn = new ArrayList<>();
    private final List<String> labels = new ArrayList<>();
    private Boolean page;
    private Boolean ticket;
    private String runbookUrl = "";

    private Builder(String name, String where) {
      this.name = name.strip();
      this.where = where;
    }

    public Builder service(String service) {
      this.service = text(service);
      return this;
    }

    public Builder description(String description) {
      this.description = text(description);
      return this;
    }

    public Builder objective(String objective) {
      this.objective = text(objective);
      return this;
    }

    public Builder window(String window) {
      this.window = text(window);
      return this;
    }

    public Builder latency(String latency) {
      this.latency = text(latency);
      return this;
    }

    public Builder badOn(List<String> classNames) {
      classNames.forEach(n -> badOn.add(Objects.requireNonNull(n, "class name")));
      return this;
    }

    public Builder goodOn(List<String> classNames) {
      classNames.forEach(n -> goodOn.add(Objects.requireNonNull(n, "class name")));
      return this;
    }

    /** Labels as {@code name=value}; one without {@code =} is a problem when resolved. */
    public Builder labels(List<String> pairs) {
      pairs.forEach(p -> labels.add(Objects.requireNonNull(p, "label")));
      return this;
    }

    /** Labels as a map (properties). */
    public Builder labels(Map<String, String> map) {
      new LinkedHashMap<>(map).forEach((k, v) -> labels.add(k + "=" + v));
      return this;
    }

    public Builder page(Boolean on) {
      this.page = on;
      return this;
    }

    public Builder ticket(Boolean on) {
      this.ticket = on;
      return this;
    }

    public Builder runbookUrl(String url) {
      this.runbookUrl = text(url);
      return this;
    }

    public SloDeclaration build() {
      return new SloDeclaration(this);
    }

    private static String text(String s) {
      return s == null ? "" : s.strip();
    }
  }
}
