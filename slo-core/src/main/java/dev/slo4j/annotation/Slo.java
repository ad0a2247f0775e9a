package dev.slo4j.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares an SLO on the method that serves it, so the objective lives next to the code whose reliability it states
 * and changes in the same review. Only {@link #name()} is required: everything else falls back to the platform's
 * defaults (from configuration), then to slo4j's (99.9% over 30 days, availability, paging and tickets on).
 *
 * <p>Text attributes take the spellings of spec files ({@code "99.9%"}, {@code "30d"}, {@code "300ms"}) and are
 * validated when the SLOs are collected, at compile time by the annotation processor or at application startup, with
 * the same messages as a spec file. This annotation carries no behaviour itself; the Spring module and the plain-Java
 * API record what it declares.
 *
 * <pre>{@code
 * @Slo(name = "checkout-latency", objective = "99%", latency = "300ms")
 * public Receipt checkout(Cart cart) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Slo {

  /** The SLO's name, unique within the service: the {@code slo} tag of its metrics and label of its alerts. */
  String name();

  /** The owning service; empty takes the application's name from configuration. */
  String service() default "";

  /** What the SLO protects, in words a product manager reads. */
  String description() default "";

  /** {@code "99.9%"}; empty takes the platform default. */
  String objective() default "";

  /** The rolling window, {@code "30d"}; empty takes the platform default. */
  String window() default "";

  /**
   * A latency threshold such as {@code "300ms"} makes this a latency SLO (good = completed within it); empty makes it an
   * availability SLO (good = completed without a bad exception).
   */
  String latency() default "";

  /** For availability: only these exceptions (and subtypes) are bad. Empty means any exception is bad. */
  Class<? extends Throwable>[] badOn() default {};

  /** For availability: these exceptions (and subtypes) are the service working as intended and count as good. */
  Class<? extends Throwable>[] goodOn() default {};

  /** Labels for the SLO's rules and alerts, as {@code "name=value"}, e.g. {@code "team=payments"}. */
  String[] labels() default {};

  /** Whether a fast burn pages someone. */
  boolean page() default true;

  /** Whether a slow burn opens a ticket. */
  boolean ticket() default true;

  /** Where the person paged finds what to do; becomes the alerts' {@code runbook_url}. */
  String runbookUrl() default "";
}
