package dev.slo4j;

import dev.slo4j.budget.Objective;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * An availability SLI: an event is bad when the call fails in a way the user notices. What counts as a failure is part
 * of the SLO, not of the code that records it: by default any exception is bad; {@code badOn} narrows that to some
 * exception types, {@code goodOn} exempts expected ones (a validation error is the service working), and a result
 * predicate marks answers that are failures without an exception (an empty fallback, an error status).
 *
 * <p>Exception types are kept by class name, so specs can name them and the model does not load classes. Immutable
 * and thread-safe; build with {@link #builder()} or take {@link #ofDefaults()}.
 */
public final class AvailabilitySli implements Sli {

  /** The kind's name in specs: {@value}. */
  public static final String KIND = "availability";

  private static final Pattern CLASS_NAME =
      Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*");
  private static final AvailabilitySli DEFAULTS = builder().build();

  private final List<String> badOn;
  private final List<String> goodOn;
  private final Optional<Predicate<Object>> badResult;
  private final Predicate<Object> badResultOrNull;
  private final Optional<PromQlEvents> events;
  private final List<String> aggregateBy;

  private AvailabilitySli(Builder b) {
    this.aggregateBy = AggregateLabels.copy(b.aggregateBy);
    this.badOn = List.copyOf(b.badOn.isEmpty() ? Set.of(Throwable.class.getName()) : b.badOn);
    this.goodOn = List.copyOf(b.goodOn);
    this.badResult = Optional.ofNullable(b.badResult);
    this.badResultOrNull = b.badResult;
    this.events = Optional.ofNullable(b.events);
  }

  /** Every exception is bad; events recorded by slo4j. */
  public static AvailabilitySli ofDefaults() {
    return DEFAULTS;
  }

  /** Events from metrics the service already has. */
  public static AvailabilitySli fromQueries(PromQlEvents events) {
    return builder().events(events).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public <R> R match(java.util.function.Function<? super AvailabilitySli, ? extends R> availability,
      java.util.function.Function<? super LatencySli, ? extends R> latency) {
    return availability.apply(this);
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Optional<PromQlEvents> events() {
    return events;
  }

  /** Class names of exceptions that make an event bad (default: {@code java.lang.Throwable}, i.e. any). */
  public List<String> badOn() {
    return badOn;
  }

  /** Class names of exceptions that count as good even though they were thrown. */
  public List<String> goodOn() {
    return goodOn;
  }

  /** The predicate that marks a returned value as bad, when one was given in code. */
  public Optional<Predicate<Object>> badResult() {
    return badResult;
  }

  /**
   * Whether a thrown exception makes the event bad: it must be an instance of a {@code badOn} type and not of a
   * {@code goodOn} type. Matching is by the class hierarchy, so {@code java.io.IOException} covers its subclasses.
   */
  public boolean isBad(Throwable failure) {
    Objects.requireNonNull(failure, "failure");
    return isBadType(failure.getClass());
  }

  /** As {@link #isBad(Throwable)}, for an exception type: lets a recorder judge a type once and cache the answer. */
  public boolean isBadType(Class<?> failureType) {
    Objects.requireNonNull(failureType, "failureType");
    return isInstance(failureType, badOn) && !isInstance(failureType, goodOn);
  }

  /** Whether a returned value makes the event bad. */
  public boolean isBadResult(Object result) {
    // No lambda and no Optional per call: this runs on every measured call that returned.
    Predicate<Object> p = badResultOrNull;
    return p != null && p.test(result);
  }

  private static boolean isInstance(Class<?> type, List<String> names) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (names.contains(c.getName())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public List<String> aggregateBy() {
    return aggregateBy;
  }

  @Override
  public String describe(Objective objective) {
    return objective.toPercentString() + " of calls succeed";
  }

  @Override
  public List<Problem> validate(String slo) {
    List<Problem> problems = new ArrayList<>();
    checkNames(slo, "sli.availability.badOn", badOn, problems);
    checkNames(slo, "sli.availability.goodOn", goodOn, problems);
    events.ifPresent(e -> problems.addAll(e.validate(slo)));
    AggregateLabels.validate(slo, aggregateBy, problems);
    return problems;
  }

  private static void checkNames(String slo, String field, List<String> names, List<Problem> problems) {
    for (String n : names) {
      if (!CLASS_NAME.matcher(n).matches()) {
        problems.add(Problem.of(slo, field, field + " '" + n
            + "' is not a class name; give a fully qualified exception type, e.g. java.io.IOException"));
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AvailabilitySli a && badOn.equals(a.badOn) && goodOn.equals(a.goodOn)
        && badResult.equals(a.badResult) && events.equals(a.events) && aggregateBy.equals(a.aggregateBy);
  }

  @Override
  public int hashCode() {
    return Objects.hash(badOn, goodOn, badResult, events, aggregateBy);
  }

  @Override
  public String toString() {
    return "availability" + events.map(e -> "(" + e + ")").orElse("(badOn=" + badOn + ", goodOn=" + goodOn + ")")
        + (aggregateBy.isEmpty() ? "" : " aggregateBy=" + aggregateBy);
  }

  /** Collects the availability rules; {@link #build()} copies, so a builder can be reused. */
  public static final class Builder {
    private final BuilderOptions options = new BuilderOptions();
    private final Set<String> badOn = new LinkedHashSet<>();
    private final Set<String> goodOn = new LinkedHashSet<>();
    private Predicate<Object> badResult;
    private PromQlEvents events;
    private List<String> aggregateBy = List.of();

    private Builder() {}

    /** The scraped labels the rules keep when they sum the fleet ({@link Sli#aggregateBy()}). */
    public Builder aggregateBy(List<String> labels) {
      options.once("aggregateBy");
      this.aggregateBy = AggregateLabels.copy(labels);
      return this;
    }

    /** Only these exception types (and subtypes) are bad. */
    @SafeVarargs
    public final Builder badOn(Class<? extends Throwable>... types) {
      Arrays.stream(types).map(t -> Objects.requireNonNull(t, "type").getName()).forEach(badOn::add);
      return this;
    }

    /** Only these exception types (by class name, as in a spec) are bad. */
    public Builder badOnNames(List<String> typeNames) {
      typeNames.forEach(n -> badOn.add(Objects.requireNonNull(n, "type name").strip()));
      return this;
    }

    /** These exception types (and subtypes) are the service working as intended: they count as good. */
    @SafeVarargs
    public final Builder goodOn(Class<? extends Throwable>... types) {
      Arrays.stream(types).map(t -> Objects.requireNonNull(t, "type").getName()).forEach(goodOn::add);
      return this;
    }

    /** As {@link #goodOn(Class[])}, by class name. */
    public Builder goodOnNames(List<String> typeNames) {
      typeNames.forEach(n -> goodOn.add(Objects.requireNonNull(n, "type name").strip()));
      return this;
    }

    /** A returned value for which this predicate is true is a bad event. */
    public Builder badResult(Predicate<Object> predicate) {
      options.once("badResult");
      this.badResult = Objects.requireNonNull(predicate, "predicate");
      return this;
    }

    /** Take the events from existing metrics instead of recording them. */
    public Builder events(PromQlEvents events) {
      options.once("events");
      this.events = Objects.requireNonNull(events, "events");
      return this;
    }


    public AvailabilitySli build() {
      return new AvailabilitySli(this);
    }
  }
}
