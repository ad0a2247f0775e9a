/**
 * Declarations and the one resolver: an {@code @Slo} annotation or a property-declared SLO, plus the platform's
 * defaults, becomes a {@link dev.slo4j.ServiceLevelObjective} in exactly one place ({@link dev.slo4j.declare.SloResolver}), so that the
 * annotation processor, the Spring autoconfiguration, the CLI, the Maven plugin and the actuator endpoint can never
 * disagree about what a declaration means. {@code dev.slo4j.project.ProjectSlos} (in slo-rules) reads a project's
 * declarations at build time the way the running service does; {@link dev.slo4j.declare.SloFingerprint} lets the
 * running service tell whether the rules it ships were generated from the SLOs it measures.
 */
package dev.slo4j.declare;
