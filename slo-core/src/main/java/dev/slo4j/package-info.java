/**
 * The SLO model: {@link dev.slo4j.ServiceLevelObjective} and its parts, validated as a whole so that every problem of a declaration is
 * reported at once. No dependency on Spring or Micrometer: the other modules build on this one.
 */
package dev.slo4j;
